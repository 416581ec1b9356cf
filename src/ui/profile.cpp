// #/profile — the signed-in person's credits, totals, spending per day, recent usage (paged) and owned
// models, with the usage exported as CSV.
#include <imgui.h>

#include "app/market.h"
#include "core/money.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr int kChartDays = 14;
constexpr int kRowsPerPage = 10;

void big_number(UiContext& ui, const char* label, const std::string& value, const char* widget) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", label);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopFont();
  ImGui::EndGroup();
  ui.widgets.name_last_item(widget);
  ImGui::SameLine(0, 40);
}

void draw_usage_table(const app::AppState& state, UiContext& ui, const core::ProfileActivity& mine) {
  const int total = static_cast<int>(mine.usage.size());
  const int pages = std::max(1, (total + kRowsPerPage - 1) / kRowsPerPage);
  ui.usage_page = std::max(0, std::min(ui.usage_page, pages - 1));
  if (ImGui::BeginTable("profile.usage", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Time (UTC)");
    ImGui::TableSetupColumn("Model");
    ImGui::TableSetupColumn("Tokens");
    ImGui::TableSetupColumn("Cost");
    ImGui::TableHeadersRow();
    // Newest first.
    for (int row = 0; row < kRowsPerPage; ++row) {
      const int at = total - 1 - (ui.usage_page * kRowsPerPage + row);
      if (at < 0) break;
      const core::UsageEntry& u = mine.usage[static_cast<std::size_t>(at)];
      const std::int64_t seconds = u.time_ms / 1000;
      const core::Model* model = state.find_model(u.slug);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s %02lld:%02lld", core::format_iso_date(core::day_of(u.time_ms)).c_str(),
                  static_cast<long long>(seconds / 3600 % 24), static_cast<long long>(seconds / 60 % 60));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(model ? model->name.c_str() : u.slug.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(with_thousands(u.tokens).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(u.cost_ucr).c_str());
    }
    ImGui::EndTable();
  }
  ui.widgets.name_last_item("profile.usage");
  if (total == 0) ImGui::TextDisabled("No calls yet. Unlock a model in the market and use it.");
  ImGui::BeginDisabled(ui.usage_page == 0);
  if (ImGui::Button("Newer")) --ui.usage_page;
  ImGui::EndDisabled();
  ui.widgets.name_last_item("profile.usage.newer");
  ImGui::SameLine();
  ImGui::Text("Page %d of %d", ui.usage_page + 1, pages);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.usage_page + 1 >= pages);
  if (ImGui::Button("Older")) ++ui.usage_page;
  ImGui::EndDisabled();
  ui.widgets.name_last_item("profile.usage.older");
}

// Subscriptions (status, tokens left, renewal, Cancel) and bundles (tokens left, expiry), then loyalty.
void draw_plans(const app::AppState& state, UiContext& ui, const core::ProfileActivity& mine) {
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Subscriptions & bundles");
  ImGui::PopFont();
  if (mine.subscriptions.empty() && mine.bundles.empty())
    muted_wrapped("None yet. Model pages offer token bundles and subscription plans when their owners sell them.");
  for (const auto& [plan_id, sub] : mine.subscriptions) {
    const core::PlanOffer* plan = state.ledger.plan_offer(plan_id);
    if (!plan) continue;
    ImGui::PushID(plan_id.c_str());
    std::string line = plan->name + "  \xC2\xB7  ";
    switch (sub.status) {
      case core::Subscription::Status::Trialing:
      case core::Subscription::Status::Active:
        line += (sub.status == core::Subscription::Status::Trialing ? "trial, " : "") + with_thousands(sub.tokens_left) +
                " of " + with_thousands(plan->included_tokens) + " tokens left  \xC2\xB7  " +
                (sub.cancel_at_period_end ? "ends on " : "renews on ") + format_date_ms(sub.period_end_ms) +
                (sub.cancel_at_period_end ? "" : " for " + core::format_ucr(plan->fee_ucr));
        break;
      case core::Subscription::Status::PastDue:
        line += "past due: the renewal could not be paid, calls are billed as you go; tried again on " +
                format_date_ms(sub.period_end_ms);
        break;
      case core::Subscription::Status::Ended: line += "ended on " + format_date_ms(sub.period_end_ms); break;
    }
    ImGui::TextWrapped("%s", line.c_str());
    ui.widgets.name_last_item("profile.subscription." + plan_id);
    if (sub.status != core::Subscription::Status::Ended && !sub.cancel_at_period_end) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Cancel"))
        ui.emit(app::Command::make("cancelSubscription", {{"plan_id", plan_id}}),
                sub.status == core::Subscription::Status::PastDue ? plan->name + " has ended."
                                                                   : plan->name + " will end on " + format_date_ms(sub.period_end_ms) + ".");
      ui.widgets.name_last_item("profile.cancel." + plan_id);
    }
    ImGui::PopID();
  }
  for (const core::HeldBundle& held : mine.bundles) {
    const core::Model* model = state.find_model(held.slug);
    const std::string name = model ? model->name : held.slug;
    if (held.expired)
      ImGui::TextDisabled("%s bundle of %s tokens: expired on %s", name.c_str(), with_thousands(held.tokens).c_str(),
                          format_date_ms(held.expires_ms).c_str());
    else
      ImGui::Text("%s bundle: %s of %s tokens left, until %s", name.c_str(), with_thousands(held.tokens_left).c_str(),
                  with_thousands(held.tokens).c_str(), format_date_ms(held.expires_ms).c_str());
    ui.widgets.name_last_item("profile.bundle." + held.purchase_id);
  }
  const std::vector<core::LoyaltyTier>& tiers = state.ledger.pricing().loyalty;
  if (tiers.empty()) return;
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Loyalty");
  ImGui::PopFont();
  const core::Micros spend = state.ledger.trailing_spend(state.prefs.profile_id, ui.now_ms);
  const core::LoyaltyStanding standing = core::loyalty_standing(tiers, spend);
  std::string line = "You spent " + core::format_ucr(spend) + " in the last 30 days: ";
  line += standing.tier ? "tier " + std::to_string(*standing.tier + 1) + ", " + format_percent_bps(standing.cashback_bps) +
                              " cashback on every call"
                        : "no tier yet";
  ImGui::TextWrapped("%s.", line.c_str());
  ui.widgets.name_last_item("profile.loyalty");
  if (standing.to_next_tier_ucr) {
    const std::size_t next = standing.tier ? *standing.tier + 1 : 0;
    const float progress = float(double(spend) / double(std::max<core::Micros>(1, tiers[next].min_spend_ucr)));
    const std::string label = core::format_ucr(*standing.to_next_tier_ucr) + " more for " +
                              format_percent_bps(tiers[next].cashback_bps) + " cashback";
    ImGui::ProgressBar(std::min(1.0f, std::max(0.0f, progress)), ImVec2(std::min(ImGui::GetContentRegionAvail().x, 420.0f), 0),
                       label.c_str());
    ui.widgets.name_last_item("profile.loyalty.next");
  }
}

}  // namespace

void draw_profile(const app::AppState& state, UiContext& ui) {
  const core::Profile* profile = state.ledger.profile(state.prefs.profile_id);
  if (!profile) {
    ImGui::TextWrapped("Sign in to see your credits and usage.");
    if (ImGui::Button(MM_ICON_USER "  Sign in")) ask_to_sign_in(state, ui);
    ui.widgets.name_last_item("profile.signin");
    return;
  }
  const core::ProfileActivity& mine = *state.ledger.activity(profile->id);
  ImGui::BeginChild("profile.page", ImVec2(0, 0), false);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted(profile->email.c_str());
  ImGui::PopFont();
  ImGui::Spacing();
  big_number(ui, "Credits", core::format_ucr(state.ledger.balance(core::wallet_account(profile->id))), "profile.balance");
  big_number(ui, "Calls", with_thousands(mine.total_calls), "profile.calls");
  big_number(ui, "Spent", core::format_ucr(mine.total_spent_ucr), "profile.spent");
  big_number(ui, "Models owned", with_thousands(static_cast<std::int64_t>(mine.owned.size())), "profile.owned_count");
  ImGui::NewLine();
  ImGui::Spacing();

  draw_plans(state, ui, mine);
  ImGui::Spacing();

  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Spending per day");
  ImGui::PopFont();
  // Recomputed when the history (its last hash: an import may replace it with one just as long), the profile
  // or the day changes.
  const std::string spend_key = state.ledger.last_hash() + " " + profile->id + " " + std::to_string(ui.now_ms / 86'400'000);
  if (ui.spend_cache_key != spend_key) {
    ui.spend_per_day = app::spend_per_day(state, ui.now_ms, kChartDays);
    ui.spend_cache_key = spend_key;
  }
  const std::vector<core::Micros>& per_day = ui.spend_per_day;
  bar_chart(per_day, 120.0f, recent_days_axes(per_day.size(), ui.now_ms));
  ui.widgets.name_last_item("profile.chart");
  ImGui::Spacing();

  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Recent usage");
  ImGui::PopFont();
  ImGui::SameLine();
  if (ImGui::SmallButton(MM_ICON_DOWNLOAD " Export CSV") && ui.download)
    ui.download("model-marketplace-usage.csv", app::usage_csv(state));
  ui.widgets.name_last_item("profile.export");
  draw_usage_table(state, ui, mine);
  ImGui::Spacing();

  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Models owned");
  ImGui::PopFont();
  if (mine.owned.empty()) ImGui::TextDisabled("None yet.");
  for (const std::string& slug : mine.owned) {
    const core::Model* model = state.find_model(slug);
    if (ImGui::SmallButton((model ? model->name : slug).c_str())) ui.emit(app::Command::navigate("/model/" + slug));
    ui.widgets.name_last_item("profile.owned." + slug);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::EndChild();
}

}  // namespace mm::ui
