// The frame: one full-window ImGui window holding the header and the screen named by the route.
#include <imgui.h>

#include "ui/ui.h"

namespace mm::ui {
namespace {

const core::Model* find_model(const app::AppState& state, const std::string& slug) {
  for (const core::Model& model : state.catalog)
    if (model.slug == slug) return &model;
  return nullptr;
}

}  // namespace

void draw_app(const app::AppState& state, UiContext& ui) {
  ui.widgets.begin_frame();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Model Marketplace", nullptr, flags);
  draw_header(state, ui);
  if (!ui.banner.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.62f, 0.35f, 1.0f));
    ImGui::TextWrapped("%s", ui.banner.c_str());
    ImGui::PopStyleColor();
    ui.widgets.name_last_item("banner");
  }

  const std::string& route = state.prefs.route;
  const std::string model_prefix = "/model/";
  if (route == "/sign-in") {
    draw_sign_in(state, ui);
  } else if (route.rfind(model_prefix, 0) == 0) {
    draw_model_detail(state, ui, find_model(state, route.substr(model_prefix.size())));
  } else {
    draw_marketplace(state, ui);
  }
  ImGui::End();
}

}  // namespace mm::ui
