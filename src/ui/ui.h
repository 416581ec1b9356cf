// The UI: one file per screen, all reading AppState and emitting Commands (never changing state).
#pragma once
#include <string>
#include <vector>

#include <cstdint>
#include <memory>

#include "app/app_state.h"
#include "app/command.h"
#include "core/query.h"
#include "ui/fonts.h"
#include "ui/widget_registry.h"

namespace mm::ui {

// The market's query result, recomputed only when what it depends on changes (route, journal, profile).
struct MarketView {
  std::string route;
  std::int64_t ledger_seq = -1;
  std::string profile;
  std::vector<std::uint32_t> order;        // catalog indices, in display order
  std::vector<core::ModelFacts> facts;     // per catalog index
  std::vector<std::pair<std::string, int>> top_tags;
  std::unique_ptr<core::SearchIndex> index;
  std::size_t indexed_models = 0;
  std::string search_text;                 // the search box (its text goes into the route as you type)
  bool focus_search = false;
  bool search_active = false;              // the search box is being edited (then the route follows it)
  bool filters_open = false;               // narrow screens: the filter panel is folded away
};

// What views share during a frame: fonts, the named-widget registry, and the commands they emit.
struct UiContext {
  Fonts fonts;
  WidgetRegistry widgets;
  std::vector<app::Command> outbox;
  std::string banner;  // a problem the person must know about (damaged or unsaved data); empty: none
  std::int64_t now_ms = 0;  // this frame's time (the bridge clock)
  MarketView market;
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
