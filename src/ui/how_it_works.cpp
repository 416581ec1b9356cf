// #/how-it-works — credits, unlocking, usage billing and the sandbox, in a few plain paragraphs.
#include <imgui.h>

#include "core/money.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

void section(UiContext& ui, const char* title, const std::string& text) {
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  ImGui::TextWrapped("%s", text.c_str());
}

}  // namespace

void draw_how_it_works(const app::AppState& state, UiContext& ui) {
  ImGui::BeginChild("how.page", ImVec2(0, 0), false);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(ImGui::GetContentRegionAvail().x, 720.0f));
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("How it works");
  ImGui::PopFont();
  ui.widgets.name_last_item("how.title");
  const core::PricingPolicy& pricing = state.ledger.pricing();
  section(ui, "Everything stays in your browser",
          "There is no server and no real money. Your profiles, credits and history are kept in this browser's "
          "storage (IndexedDB), so the app works offline and from a static page.");
  section(ui, "Credits",
          "Every new profile starts with " + core::format_ucr(state.ledger.policy().welcome_grant_ucr) +
              " of demo credits, once. Amounts are counted in millionths of a credit, so even tiny calls are "
              "billed exactly and nothing is rounded away.");
  section(ui, "Unlocking",
          "Unlocking a model is free and happens once per profile. It adds the model to My models and lets you "
          "use it.");
  section(ui, "Usage billing",
          "Each call costs tokens x price per 1K tokens / 1000, rounded up to the next millionth of a credit. The "
          "cost is shown before you click, and a call your balance cannot cover is refused: the balance never "
          "goes below zero. Of every call, " + format_percent_bps(pricing.platform_fee_bps) +
              " goes to the platform (rounded down to the millionth) and the rest to the model's owner" +
              (pricing.min_charge_ucr > 0 ? "; no call costs less than " + core::format_ucr(pricing.min_charge_ucr) : "") +
              ". Models listed in Builders mode earn for the profile that listed them.");
  section(ui, "Tiers, bundles, subscriptions and loyalty",
          "A model may be priced by tiers over your tokens on it this calendar month (UTC): graduated (each "
          "tier's tokens at its rate) or volume (the whole month at the rate of the tier reached; reaching a "
          "cheaper tier credits the month's earlier calls back), or by packages of tokens. Owners may sell "
          "bundles of tokens for a model, used before your wallet until they expire, and monthly plans with "
          "tokens included; the platform may offer its own plan, whose fees pay owners for the tokens you use. "
          "Renewals and expiries are recorded at their due time, even if you were away. Loyalty tiers give "
          "cashback on calls once your spend over 30 days reaches them. Each call says where its tokens came "
          "from.");
  section(ui, "A ledger you can check",
          "Every change is a balanced entry in an append-only journal whose records are chained with SHA-256. "
          "If saved data is damaged or edited, the app says so, keeps the bad file aside and goes back to the "
          "last good state. You can export everything as JSON.");
  section(ui, "The sandbox",
          "The monetization sandbox lets you try prices, fees and minimum charges and see what they would do, "
          "without changing the marketplace's own policy, unless you apply them explicitly.");
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

}  // namespace mm::ui
