// Billing plans as the screens show them: a charge model as a small table, one sentence describing it, and
// the quote of a call for the signed-in profile (cached: recomputed when the history, the profile, the model,
// the tokens or the month change, never per frame).
#include <imgui.h>

#include "app/plans.h"
#include "core/calendar.h"
#include "core/money.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {

std::string describe_charge_model(const core::ChargeModel& charge) {
  switch (charge.type) {
    case core::ChargeModel::Type::Standard:
      return core::format_ucr(charge.price_per_1k_ucr) + " per 1K tokens";
    case core::ChargeModel::Type::Graduated:
      return "Graduated: each tier's tokens at that tier's price, by your tokens this month";
    case core::ChargeModel::Type::Volume:
      return "Volume: all of the month's tokens at the price of the tier reached";
    case core::ChargeModel::Type::Package: {
      std::string text = with_thousands(charge.package_tokens) + " tokens for " + core::format_ucr(charge.package_ucr) +
                         " (each package started is paid)";
      if (charge.free_tokens > 0) text += "; the first " + with_thousands(charge.free_tokens) + " each month are free";
      return text;
    }
  }
  return "";
}

void draw_charge_model(const core::ChargeModel& charge, std::int64_t month_tokens, const std::string& widget,
                       UiContext& ui) {
  muted_wrapped(describe_charge_model(charge) + ".");
  ui.widgets.name_last_item(widget + ".summary");
  if (charge.ranges.empty() || (charge.type != core::ChargeModel::Type::Graduated &&
                                charge.type != core::ChargeModel::Type::Volume))
    return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable(widget.c_str(), 3, flags)) {
    ImGui::TableSetupColumn("Tokens this month");
    ImGui::TableSetupColumn("Per 1K tokens");
    ImGui::TableSetupColumn("Flat fee");
    ImGui::TableHeadersRow();
    for (const core::ChargeRange& range : charge.ranges) {
      // The tier the next token of the month falls in is marked.
      const std::int64_t next = month_tokens + 1;
      const bool here = next >= std::max<std::int64_t>(range.from_tokens, 1) && (!range.to_tokens || next <= *range.to_tokens);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string span = with_thousands(range.from_tokens) +
                               (range.to_tokens ? " \xE2\x80\x93 " + with_thousands(*range.to_tokens) : " and up");
      if (here) ImGui::TextColored(palette().accent, "%s  (you)", span.c_str());
      else ImGui::TextUnformatted(span.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(range.per_1k_ucr).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(range.flat_ucr ? core::format_ucr(range.flat_ucr).c_str() : "\xE2\x80\x94");
    }
    ImGui::EndTable();
  }
  ui.widgets.name_last_item(widget);
}

const app::CallQuote& quote_for(const app::AppState& state, UiContext& ui, const core::Model& model, std::int64_t tokens) {
  const auto due = state.ledger.next_due_ms();
  const std::string key = state.ledger.last_hash() + " " + state.prefs.profile_id + " " +
                          std::to_string(core::day_of(ui.now_ms)) + " " + std::to_string(state.catalog_version) +
                          (due && *due <= ui.now_ms ? " due" : "");
  if (ui.quotes_key != key) {
    ui.quotes.clear();
    ui.quotes_key = key;
  }
  const std::string item = model.slug + " " + std::to_string(tokens);
  auto it = ui.quotes.find(item);
  if (it == ui.quotes.end()) it = ui.quotes.emplace(item, app::quote_call(state, model, tokens, ui.now_ms)).first;
  return it->second;
}

std::int64_t month_tokens_of(const app::AppState& state, const std::string& slug, std::int64_t now_ms) {
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  if (!mine) return 0;
  const auto it = mine->month_tokens.find(slug);
  return it != mine->month_tokens.end() && it->second.month == core::utc_month_index(now_ms) ? it->second.tokens : 0;
}

std::string format_date_ms(std::int64_t time_ms) { return core::format_iso_date(core::day_of(time_ms)); }

}  // namespace mm::ui
