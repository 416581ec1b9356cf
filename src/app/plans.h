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
// What a call of `tokens` on `model` would be billed for the signed-in profile now — through its bundles,
// subscription and the model's charge model, exactly as the ledger bills it — or why it would be refused.
struct CallQuote {
  std::string error, message;  // empty when the call would go through
  core::Micros cost_ucr = 0;   // what the wallet pays (below zero: a volume true-up credits back)
  core::Micros owner_ucr = 0, platform_ucr = 0, cashback_ucr = 0, balance_after_ucr = 0;
  nlohmann::json billed = nlohmann::json::array();  // [{source, id?, tokens, cost_ucr}]
  bool ok() const { return error.empty(); }
  // "600 tokens from your bundle, 400 from your wallet": where the tokens come from, for the cost line.
  std::string sources() const;
};
CallQuote quote_call(const AppState& state, const core::Model& model, std::int64_t tokens, std::int64_t now_ms);

// How a model is priced, for a model entry: {type, ...} (core/charge_model.h's JSON form).
nlohmann::json charge_model_json(const core::Model& model);

}  // namespace mm::app
