// Billing plans as the automation API shows them (state().profile.bundles, .subscriptions, .loyalty,
// .revenue_by_source; state().offers): read from the ledger, never stored separately.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "app/app_state.h"

namespace mm::app {

// What `profile_id` holds and earns: its bundles, subscriptions, loyalty standing at `now_ms` and its
// revenue by source.
nlohmann::json plans_of(const AppState& state, const std::string& profile_id, std::int64_t now_ms);
// Every bundle offer and plan on the marketplace, with the model or owner names shown next to them.
nlohmann::json offers_of(const AppState& state);
// How a model is priced, for a model entry: {type, ...} (core/charge_model.h's JSON form).
nlohmann::json charge_model_json(const core::Model& model);

}  // namespace mm::app
