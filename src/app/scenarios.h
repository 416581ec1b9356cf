// Time-travel scenarios as the automation API and the Scenarios screen take them: one scenario or an A/B
// pair read from JSON (core/simulation), run against the built-in catalog, and shared as a compact link.
#pragma once
#include <optional>
#include <string>

#include "app/app_state.h"
#include "app/command.h"
#include "core/simulation.h"

namespace mm::app {

// A scenario, or an A/B pair ({a, b}), read and checked: `fields` names each bad field ("a.days", …).
struct ScenarioRequest {
  std::optional<core::Scenario> a, b;  // b only for a pair
  nlohmann::json a_doc, b_doc;          // as given (what a shared link carries)
  std::map<std::string, std::string> fields;
  bool ok() const { return fields.empty() && a.has_value(); }
};
ScenarioRequest read_scenario_request(const AppState& state, const nlohmann::json& doc);

// runScenario {scenario} or {a, b} -> {fingerprint, days, totals, series, models} (or {a, b, comparison}).
// Runs at once: refused (too_large) beyond kMaxSyncCalls expected calls in all; the Scenarios screen runs
// larger ones in slices (and a shared link that large waits for a click on Run).
inline constexpr std::int64_t kMaxSyncCalls = 1'000'000;
std::int64_t expected_calls(const ScenarioRequest& request);
Result run_scenario(const AppState& state, const Command& cmd);

// The result as the API answers it.
nlohmann::json result_json(const core::SimulationResult& result);

// #/scenarios?s=<this>: the scenario (or pair) as compact JSON in base64url — URL-safe, no escaping.
std::string share_code(const nlohmann::json& doc);
std::optional<nlohmann::json> read_share_code(const std::string& code);

}  // namespace mm::app
