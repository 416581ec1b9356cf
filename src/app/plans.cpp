#include "app/plans.h"

namespace mm::app {

using nlohmann::json;

json plans_of(const AppState& state, const std::string& profile_id, std::int64_t now_ms) {
  const core::ProfileActivity* mine = state.ledger.activity(profile_id);
  json bundles = json::array(), subscriptions = json::array();
  if (mine) {
    for (const core::HeldBundle& held : mine->bundles)
      bundles.push_back({{"purchase", held.purchase_id},
                         {"bundle_id", held.bundle_id},
                         {"slug", held.slug},
                         {"tokens", held.tokens},
                         {"tokens_left", held.tokens_left},
                         {"expires_ms", held.expires_ms},
                         {"expired", held.expired}});
    for (const auto& [plan_id, sub] : mine->subscriptions) {
      const core::PlanOffer* plan = state.ledger.plan_offer(plan_id);
      subscriptions.push_back({{"plan_id", plan_id},
                               {"name", plan ? plan->name : plan_id},
                               {"platform", plan && plan->platform},
                               {"status", core::status_name(sub.status)},
                               {"fee_ucr", plan ? plan->fee_ucr : 0},
                               {"included_tokens", plan ? plan->included_tokens : 0},
                               {"tokens_left", sub.tokens_left},
                               {"period_end_ms", sub.period_end_ms},
                               {"cancel_at_period_end", sub.cancel_at_period_end}});
    }
  }
  json loyalty = state.ledger.loyalty(profile_id, now_ms).to_json();
  loyalty["trailing_spend_ucr"] = state.ledger.trailing_spend(profile_id, now_ms);
  loyalty["tiers"] = core::loyalty_json(state.ledger.pricing().loyalty);
  const core::RevenueBySource earned = state.ledger.revenue_by_source(core::revenue_account(profile_id));
  return {{"bundles", bundles},
          {"subscriptions", subscriptions},
          {"loyalty", loyalty},
          {"revenue_by_source",
           {{"calls_ucr", earned.calls_ucr}, {"bundles_ucr", earned.bundles_ucr}, {"subscriptions_ucr", earned.subscriptions_ucr}}}};
}

json offers_of(const AppState& state) {
  json bundles = json::array(), plans = json::array();
  for (const core::BundleOffer& offer : state.ledger.bundle_offers()) {
    json item = core::bundle_terms(offer);
    item["bundle_id"] = offer.id;
    item["offered_by"] = offer.offered_by;
    bundles.push_back(std::move(item));
  }
  for (const core::PlanOffer& offer : state.ledger.plan_offers()) {
    json item = core::plan_terms(offer);
    item["plan_id"] = offer.id;
    item["offered_by"] = offer.platform ? std::string("platform") : offer.offered_by;
    plans.push_back(std::move(item));
  }
  return {{"bundles", bundles}, {"plans", plans}};
}

CallQuote quote_call(const AppState& state, const core::Model& model, std::int64_t tokens, std::int64_t now_ms) {
  CallQuote quote;
  // Renewals and expiries due by now are recorded before the call runs, so the quote is made after them too
  // (on a copy: rare, only between an event's due time and the command that records it).
  core::Outcome outcome;
  if (const auto due = state.ledger.next_due_ms(); due && *due <= now_ms) {
    core::Ledger settled = state.ledger;
    for (core::Outcome event = settled.due_event(now_ms); event.record; event = settled.due_event(now_ms))
      settled.apply(*event.record);
    outcome = settled.quote_use(state.prefs.profile_id, model, tokens, now_ms);
  } else {
    outcome = state.ledger.quote_use(state.prefs.profile_id, model, tokens, now_ms);
  }
  if (!outcome.ok()) {
    quote.error = outcome.error;
    quote.message = outcome.message;
    return quote;
  }
  const json& d = outcome.data;
  quote.cost_ucr = d.value("cost_ucr", core::Micros(0));
  quote.owner_ucr = d.value("owner_ucr", core::Micros(0));
  quote.platform_ucr = d.value("platform_fee_ucr", core::Micros(0));
  quote.cashback_ucr = d.value("cashback_ucr", core::Micros(0));
  quote.balance_after_ucr = d.value("balance_ucr", core::Micros(0));
  quote.billed = d.value("billed", json::array());
  return quote;
}

std::string CallQuote::sources() const {
  if (billed.size() == 1 && billed[0].value("source", "") == "wallet") return "";
  std::string out;
  for (const json& part : billed) {
    const std::string source = part.value("source", "");
    const std::string from = source == "bundle" ? "your bundle" : source == "subscription" ? "your subscription" : "your wallet";
    out += (out.empty() ? "" : ", ") + std::to_string(part.value("tokens", std::int64_t(0))) + " tokens from " + from;
  }
  return out;
}

json charge_model_json(const core::Model& model) { return core::charge_model_of(model).to_json(); }

}  // namespace mm::app
