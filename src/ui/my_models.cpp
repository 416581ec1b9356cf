// #/profile/models — My Models: every unlocked model as a card with a Use shortcut (one call of the
// page's tokens, default 1,000).
#include <imgui.h>

#include "core/ledger.h"
#include "core/money.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {

void draw_my_models(const app::AppState& state, UiContext& ui) {
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("My models");
  ImGui::PopFont();
  if (!mine) {
    ImGui::TextWrapped("Sign in to see the models you unlocked.");
    if (ImGui::Button(MM_ICON_USER "  Sign in")) ask_to_sign_in(state, ui);
    ui.widgets.name_last_item("mymodels.signin");
    return;
  }
  if (mine->owned.empty()) {
    ImGui::TextWrapped("You have not unlocked a model yet. Unlocking is free: find one in the market.");
    if (ImGui::Button("Go to the market")) ui.emit(app::Command::navigate("/market"));
    ui.widgets.name_last_item("mymodels.market");
    return;
  }
  ImGui::TextDisabled("Use spends one call of %s tokens; open a model to choose another amount.",
                      with_thousands(ui.tokens_input).c_str());
  ImGui::BeginChild("mymodels.list", ImVec2(0, 0), false);
  const float avail = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(1, static_cast<int>(avail / 320.0f));
  const float width = (avail - ImGui::GetStyle().ItemSpacing.x * float(columns - 1)) / float(columns);
  int column = 0;
  for (const std::string& slug : mine->owned) {
    const core::Model* model = state.find_model(slug);
    if (!model) continue;
    if (column++ % columns != 0) ImGui::SameLine();
    ImGui::PushID(slug.c_str());
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().card);
    ImGui::BeginChild("card", ImVec2(width, 136), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted(ellipsize(ui.fonts.bold, model->name, width - 24).c_str());
    ImGui::PopFont();
    ImGui::TextDisabled("%s", ellipsize(ui.fonts.body, "by " + model->owner + "  \xC2\xB7  " + model->category, width - 24).c_str());
    const app::CallQuote& quote = quote_for(state, ui, *model, ui.tokens_input);  // as the ledger will bill it
    const core::Micros cost = quote.cost_ucr;
    ImGui::TextColored(palette().accent, "%s%s / 1K", model->charge_model ? "from " : "",
                       core::format_ucr(model->price_per_1k_ucr).c_str());
    ImGui::BeginDisabled(!quote.ok());
    if (ImGui::Button(MM_ICON_BOLT " Use"))
      ui.emit(app::Command::make("use", {{"slug", slug}, {"tokens", ui.tokens_input}, {"expected_cost_ucr", cost}, {"expected_billed", quote.billed}}),
              "Used " + model->name + ": " + core::format_ucr(cost) + ".");
    ImGui::EndDisabled();
    ui.widgets.name_last_item("mymodels.use." + slug);
    ImGui::SameLine();
    if (ImGui::Button("Open")) ui.emit(app::Command::navigate("/model/" + slug));
    ui.widgets.name_last_item("mymodels.open." + slug);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace mm::ui
