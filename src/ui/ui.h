// The UI: one file per screen, all reading AppState and emitting Commands (never changing state).
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/command.h"
#include "ui/fonts.h"
#include "ui/widget_registry.h"

namespace mm::ui {

// What views share during a frame: fonts, the named-widget registry, and the commands they emit.
struct UiContext {
  Fonts fonts;
  WidgetRegistry widgets;
  std::vector<app::Command> outbox;
  std::string banner;  // a problem the person must know about (damaged or unsaved data); empty: none
  std::string google_status = "not_configured";  // from the bridge: ready | not_configured | offline | unavailable
  std::string email_input;                       // what is typed in the sign-in email field
  // What only the browser can do, provided by main (the bridge).
  void (*copy_to_clipboard)(const std::string&) = nullptr;
  void (*open_url)(const std::string&) = nullptr;

  void emit(app::Command cmd) { outbox.push_back(std::move(cmd)); }
};

// Draws the whole app for this frame: header, then the screen the route names.
void draw_app(const app::AppState& state, UiContext& ui);

// Screens (one file each).
void draw_header(const app::AppState& state, UiContext& ui);
void draw_marketplace(const app::AppState& state, UiContext& ui);
void draw_model_detail(const app::AppState& state, UiContext& ui, const core::Model* model);
void draw_sign_in(const app::AppState& state, UiContext& ui);

}  // namespace mm::ui
