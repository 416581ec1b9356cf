// The frame: one full-window ImGui window holding the header and the screen named by the route.
#include <imgui.h>

#include "app/route.h"
#include "ui/ui.h"

namespace mm::ui {

const app::Route& current_route(const app::AppState& state, UiContext& ui) {
  if (ui.route_text != state.prefs.route || ui.route_text.empty()) {
    ui.route_text = state.prefs.route;
    ui.route = app::parse_route(ui.route_text);
  }
  return ui.route;
}

std::string screen_title(const app::AppState& state, UiContext& ui) {
  const app::Route& route = current_route(state, ui);
  const char* name = "Market";
  switch (route.screen) {
    case app::Screen::Market: break;
    case app::Screen::Model: {
      const core::Model* model = state.find_model(route.slug);
      return (model ? model->name : std::string("Model not found")) + " \xE2\x80\x94 Model Marketplace";
    }
    case app::Screen::SignIn: name = "Sign in"; break;
    case app::Screen::Profile: name = "Profile"; break;
    case app::Screen::MyModels: name = "My models"; break;
    case app::Screen::HowItWorks: name = "How it works"; break;
    case app::Screen::Leaderboards: name = "Leaderboards"; break;
    case app::Screen::Builders: name = "Builders"; break;
    case app::Screen::Simulate: name = "Sandbox"; break;
    case app::Screen::Scenarios: name = "Scenarios"; break;
    case app::Screen::NotFound: name = "Not found"; break;
  }
  return std::string(name) + " \xE2\x80\x94 Model Marketplace";
}

void draw_app(const app::AppState& state, UiContext& ui) {
  ui.widgets.begin_frame();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Model Marketplace", nullptr, flags);
  ui.widgets.begin_region(Region::Banner);
  draw_header(state, ui);
  ui.widgets.end_region();
  if (!ui.banner.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.62f, 0.35f, 1.0f));
    ImGui::TextWrapped("%s", ui.banner.c_str());
    ImGui::PopStyleColor();
    ui.widgets.name_last_item("banner");
  }

  const app::Route& route = current_route(state, ui);
  switch (route.screen) {
    case app::Screen::Market: draw_marketplace(state, ui); break;
    case app::Screen::Model: draw_model_detail(state, ui, state.find_model(route.slug)); break;
    case app::Screen::SignIn: draw_sign_in(state, ui); break;
    case app::Screen::Profile: draw_profile(state, ui); break;
    case app::Screen::MyModels: draw_my_models(state, ui); break;
    case app::Screen::HowItWorks: draw_how_it_works(state, ui); break;
    case app::Screen::Leaderboards: draw_leaderboards(state, ui); break;
    case app::Screen::Builders: draw_builders(state, ui); break;
    case app::Screen::Simulate: draw_sandbox(state, ui); break;
    case app::Screen::Scenarios: draw_scenarios(state, ui); break;
    case app::Screen::NotFound: draw_model_detail(state, ui, nullptr); break;
  }
  ImGui::End();
  draw_toasts(ui);
}

}  // namespace mm::ui
