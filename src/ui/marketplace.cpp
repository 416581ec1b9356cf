// #/market — the catalog. Rows are clipped with ImGuiListClipper so only the visible ones are laid out.
#include <imgui.h>

#include "core/money.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr float kRowHeight = 64.0f;

void draw_row(const core::Model& model, UiContext& ui) {
  const Palette& colors = palette();
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;

  ImGui::PushID(model.slug.c_str());
  ImGui::PushStyleColor(ImGuiCol_Header, colors.card);
  ImGui::PushStyleColor(ImGuiCol_HeaderHovered, colors.card_hover);
  if (ImGui::Selectable("##row", true, 0, ImVec2(width, kRowHeight - style.ItemSpacing.y)))
    ui.emit(app::Command::navigate("/model/" + model.slug));
  ImGui::PopStyleColor(2);
  ui.widgets.name_last_item("market.row." + model.slug);
  ImGui::PopID();

  const float pad = 14.0f;
  const std::string price = core::format_ucr(model.price_per_1k_ucr) + " / 1K tokens";
  const std::string latency = std::to_string(model.latency_ms) + " ms";
  const float right_width = std::max(text_width(ui.fonts.bold, price), text_width(ui.fonts.body, latency));
  const float text_width_max = width - right_width - pad * 3;

  const float line = ImGui::GetFontSize() + 6.0f;
  ImVec2 pos(top_left.x + pad, top_left.y + 10.0f);
  draw_text_at(ui.fonts.bold, pos, style.Colors[ImGuiCol_Text], ellipsize(ui.fonts.bold, model.name, text_width_max));
  const float name_width = std::min(text_width(ui.fonts.bold, model.name), text_width_max);
  const std::string byline = "  by " + model.owner + "  \xC2\xB7  " + model.category;
  draw_text_at(ui.fonts.body, ImVec2(pos.x + name_width, pos.y), colors.muted,
               ellipsize(ui.fonts.body, byline, std::max(0.0f, text_width_max - name_width)));
  draw_text_at(ui.fonts.body, ImVec2(pos.x, pos.y + line), colors.muted,
               ellipsize(ui.fonts.body, model.description, text_width_max));

  const float right = top_left.x + width - pad;
  draw_text_at(ui.fonts.bold, ImVec2(right - text_width(ui.fonts.bold, price), pos.y), colors.accent, price);
  draw_text_at(ui.fonts.body, ImVec2(right - text_width(ui.fonts.body, latency), pos.y + line), colors.muted,
               latency);
}

}  // namespace

void draw_marketplace(const app::AppState& state, UiContext& ui) {
  if (!state.catalog_error.empty()) {
    ImGui::TextWrapped("The catalog could not be loaded: %s", state.catalog_error.c_str());
    return;
  }
  ImGui::TextDisabled("%zu models", state.catalog.size());
  ImGui::BeginChild("market.list", ImVec2(0, 0), false);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(state.catalog.size()), kRowHeight);
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
      draw_row(state.catalog[static_cast<std::size_t>(i)], ui);
  ImGui::EndChild();
}

}  // namespace mm::ui
