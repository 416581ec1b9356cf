// What the market shows about each model: catalog baseline + this browser's journal activity.
#pragma once
#include <cstdint>
#include <vector>

#include "app/app_state.h"
#include "core/query.h"

namespace mm::app {

// Rebuilds state.catalog (+ index, version) from the built-in catalog, its scale and the ledger's listings.
void rebuild_catalog(AppState& state);

// The facts of one model for the signed-in profile (owned) at `now_ms`.
core::ModelFacts model_facts(const AppState& state, const core::Model& model, std::int64_t now_ms);
// For every catalog model, in catalog order (what core::run_query takes).
std::vector<core::ModelFacts> all_model_facts(const AppState& state, std::int64_t now_ms);

// The signed-in profile's usage as CSV (time in UTC ISO 8601, model slug and name, tokens, cost in µcr and in
// dollars), oldest first, with a header row. Empty when signed out.
std::string usage_csv(const AppState& state);

// Spending of the signed-in profile per day for the `days` days ending with the day of `now_ms`, oldest
// first, in µcr.
std::vector<core::Micros> spend_per_day(const AppState& state, std::int64_t now_ms, int days);

}  // namespace mm::app
