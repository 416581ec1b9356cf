#include "app/scenarios.h"

namespace mm::app {

namespace {

const char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::int64_t expected_calls(const ScenarioRequest& request) {
  return (request.a ? core::expected_calls(*request.a) : 0) + (request.b ? core::expected_calls(*request.b) : 0);
}

ScenarioRequest read_scenario_request(const AppState& state, const json& doc) {
  ScenarioRequest out;
  const bool pair = doc.is_object() && (doc.contains("a") || doc.contains("b"));
  auto read = [&](const json& side, const std::string& prefix, std::optional<core::Scenario>& into, json& as_given) {
    as_given = side.is_null() ? json::object() : side;
    const core::ScenarioRead read = core::read_scenario(as_given, state.builtin_catalog);
    for (const auto& [field, message] : read.fields) out.fields[prefix + field] = message;
    into = read.scenario;
  };
  if (pair) {
    read(doc.value("a", json()), "a.", out.a, out.a_doc);
    read(doc.value("b", json()), "b.", out.b, out.b_doc);
  } else {
    read(doc, "", out.a, out.a_doc);
  }
  return out;
}

json result_json(const core::SimulationResult& result) { return result.to_json(); }

Result run_scenario(const AppState& state, const Command& cmd) {
  const json& given = cmd.args.contains("scenario") ? cmd.args["scenario"] : cmd.args;
  const ScenarioRequest request = read_scenario_request(state, given);
  if (!request.ok()) {
    Result refused = Result::failure("invalid_scenario", "The scenario was not run: " + request.fields.begin()->second +
                                                             " (" + request.fields.begin()->first + ")");
    refused.data["fields"] = request.fields;
    return refused;
  }
  if (expected_calls(request) > kMaxSyncCalls)
    return Result::failure("too_large", "This makes about " + std::to_string(expected_calls(request)) +
                                            " calls; runScenario runs up to 1,000,000 at once. Run it from the Scenarios "
                                            "screen, which runs it in slices.");
  const core::SimulationResult a = core::simulate(*request.a, state.builtin_catalog);
  if (!request.b) return Result::success(result_json(a));
  const core::SimulationResult b = core::simulate(*request.b, state.builtin_catalog);
  return Result::success({{"a", result_json(a)}, {"b", result_json(b)}, {"comparison", core::compare_results(a, b)}});
}

std::string share_code(const json& doc) {
  const std::string bytes = doc.dump();
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 63];
  return out;
}

std::optional<json> read_share_code(const std::string& code) {
  if (code.empty() || code.size() > 16'000) return std::nullopt;
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : code) {
    const char* at = std::char_traits<char>::find(kBase64Url, 64, c);
    if (!at) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at - kBase64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  const json doc = json::parse(bytes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return doc;
}

}  // namespace mm::app
