// #/model/<slug> — one model's page (or a "not found" page for an unknown slug).
#include <imgui.h>

#include "core/money.h"
#include "ui/theme.h"
#include "ui/ui.h"

namespace mm::ui {

void draw_model_detail(const app::AppState& /*state*/, UiContext& ui, const core::Model* model) {
  if (ImGui::Button("< Back to the market")) ui.emit(app::Command::navigate("/market"));
  ui.widgets.name_last_item("model.back");
  ImGui::Spacing();

  if (!model) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Model not found");
    ImGui::PopFont();
    ImGui::TextWrapped("There is no model at this address. It may have been renamed; search the market for it.");
    return;
  }
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted(model->name.c_str());
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
  ImGui::Text("by %s  \xC2\xB7  %s", model->owner.c_str(), model->category.c_str());
  ImGui::PopStyleColor();
  ImGui::Spacing();
  ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 720.0f) + ImGui::GetCursorPosX());
  ImGui::TextUnformatted(model->description.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextColored(palette().accent, "%s per 1K tokens", core::format_ucr(model->price_per_1k_ucr).c_str());
  ImGui::PopFont();
  ImGui::Text("Latency %d ms  \xC2\xB7  Rating %.1f / 5", model->latency_ms, model->baseline_rating_centi / 100.0);
  std::string tags;
  for (const std::string& tag : model->tags) tags += (tags.empty() ? "" : ", ") + tag;
  ImGui::TextDisabled("Tags: %s", tags.c_str());
}

}  // namespace mm::ui
