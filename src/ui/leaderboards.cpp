// #/leaderboards — three boards of 8: most purchased, most used, top rated; each row opens its model.
#include <imgui.h>

#include "app/market.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr std::size_t kRows = 8;

void draw_board(const app::AppState& state, UiContext& ui, const char* title, const char* id, core::SortKey key,
                const std::vector<std::uint32_t>& order, float width) {
  // A child window per board, so each row's Selectable spans exactly the board's width.
  const float height = ImGui::GetFontSize() * 1.5f + float(kRows) * ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild(id, ImVec2(width, height), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  for (std::size_t rank = 0; rank < order.size() && rank < kRows; ++rank) {
    const core::Model& model = state.catalog[order[rank]];
    const core::ModelFacts& facts = ui.market.facts[order[rank]];
    const std::string value = key == core::SortKey::TopRated ? star_icons(facts.rating_centi)
                              : key == core::SortKey::MostUsed ? with_thousands(facts.calls) + " calls"
                                                               : with_thousands(facts.purchases) + " purchases";
    const std::string label = std::to_string(rank + 1) + ".  " + model.name;
    ImGui::PushID(model.slug.c_str());
    if (ImGui::Selectable(ellipsize(ui.fonts.body, label, width * 0.55f).c_str()))
      ui.emit(app::Command::navigate("/model/" + model.slug));
    ImGui::PopID();
    ui.widgets.name_last_item(std::string("leaderboard.") + id + "." + std::to_string(rank + 1));
    ui.widgets.name_last_item(std::string("leaderboard.") + id + "." + model.slug);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - text_width(ui.fonts.body, value));
    ImGui::TextColored(key == core::SortKey::TopRated ? ImVec4(0.96f, 0.73f, 0.26f, 1.0f) : palette().muted, "%s",
                       value.c_str());
  }
  ImGui::EndChild();
}

}  // namespace

void draw_leaderboards(const app::AppState& state, UiContext& ui) {
  refresh_market(state, ui, core::Query{});
  const core::SortKey keys[3] = {core::SortKey::MostPurchased, core::SortKey::MostUsed, core::SortKey::TopRated};
  MarketView& view = ui.market;
  if (view.boards_generation != view.facts_generation) {  // sorted when the facts change, not every frame
    for (int i = 0; i < 3; ++i) {
      core::Query query;
      query.sort = keys[i];
      view.boards[i] = core::run_query(state.catalog, view.facts, *view.index, query);
    }
    view.boards_generation = view.facts_generation;
  }
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Leaderboards");
  ImGui::PopFont();
  ImGui::Spacing();
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool stacked = avail < 900.0f;
  const float width = stacked ? avail : (avail - 2 * 32.0f) / 3.0f;
  draw_board(state, ui, "Most purchased", "purchased", keys[0], view.boards[0], width);
  if (!stacked) ImGui::SameLine(0, 32);
  draw_board(state, ui, "Most used", "used", keys[1], view.boards[1], width);
  if (!stacked) ImGui::SameLine(0, 32);
  draw_board(state, ui, "Top rated", "rated", keys[2], view.boards[2], width);
}

}  // namespace mm::ui
