// What the market shows about each model: catalog baseline + this browser's journal activity.
#pragma once
#include <cstdint>
#include <vector>

#include "app/app_state.h"
#include "core/query.h"

namespace mm::app {

// Days since 1970-01-01 for a time in ms.
inline std::int32_t day_of(std::int64_t time_ms) { return static_cast<std::int32_t>(time_ms / 86'400'000); }

// The facts of one model for the signed-in profile (owned) at `now_ms`.
core::ModelFacts model_facts(const AppState& state, const core::Model& model, std::int64_t now_ms);
// For every catalog model, in catalog order (what core::run_query takes).
std::vector<core::ModelFacts> all_model_facts(const AppState& state, std::int64_t now_ms);

}  // namespace mm::app
