#include "app/market.h"

namespace mm::app {

core::ModelFacts model_facts(const AppState& state, const core::Model& model, std::int64_t now_ms) {
  core::ModelFacts facts;
  facts.purchases = model.baseline.purchases;
  facts.calls = model.baseline.calls;
  facts.rating_centi = model.baseline_rating_centi;
  std::int64_t live_calls = 0, live_purchases = 0;
  std::int32_t days_since_call = 0;
  if (const core::ModelActivity* live = state.ledger.model_activity(model.slug)) {
    live_calls = live->calls;
    live_purchases = live->purchases;
    facts.purchases += live->purchases;
    facts.calls += live->calls;
    facts.rating_centi = core::blended_rating_centi(model.baseline_rating_centi, live->rating_sum, live->rating_count);
    if (live->last_call_ms > 0) days_since_call = day_of(now_ms) - day_of(live->last_call_ms);
  }
  if (const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id))
    facts.owned = mine->owned.count(model.slug) > 0;
  facts.trending = core::trending_score(model, live_calls, live_purchases, days_since_call, day_of(now_ms));
  return facts;
}

std::vector<core::ModelFacts> all_model_facts(const AppState& state, std::int64_t now_ms) {
  std::vector<core::ModelFacts> out;
  out.reserve(state.catalog.size());
  for (const core::Model& model : state.catalog) out.push_back(model_facts(state, model, now_ms));
  return out;
}

}  // namespace mm::app
