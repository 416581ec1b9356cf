// The bar at the top of every screen: product name, navigation, theme switch.
#include <imgui.h>

#include "ui/theme.h"
#include "ui/ui.h"

namespace mm::ui {

void draw_header(const app::AppState& state, UiContext& ui) {
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Model Marketplace");
  ImGui::PopFont();
  ImGui::SameLine(0, 24);

  const bool on_market = state.prefs.route == "/market";
  ImGui::AlignTextToFramePadding();
  if (on_market) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
  if (ImGui::Button("Market")) ui.emit(app::Command::navigate("/market"));
  ui.widgets.name_last_item("header.market");
  if (on_market) ImGui::PopStyleColor();

  const bool dark = state.prefs.theme == app::Theme::Dark;
  const char* label = dark ? "Light theme" : "Dark theme";
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(label).x -
                  ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button(label)) ui.emit(app::Command::set_theme(dark ? "light" : "dark"));
  ui.widgets.name_last_item("header.theme");
  ImGui::Separator();
}

}  // namespace mm::ui
