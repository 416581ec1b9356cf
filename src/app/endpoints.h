// Real models behind listings: where a listing's inference endpoint is (a secret of this device, kept in
// endpoints.json beside the journal and never in it or in exports), and a completion's life in this tab —
// started (the worst case authorized), fed the reply as it streams in, finished (billed by one "complete"
// record, or not billed, with the reason). The network is the bridge's (shell/bridge.js): it fetches and
// hands the bytes over; everything that decides what happens is here and in core/completion.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "app/command.h"
#include "core/completion.h"
#include "core/journal.h"

namespace mm::app {

struct AppState;

struct Endpoint {
  std::string base_url;  // normalized: ".../v1"
  std::string model;     // the remote model id
  std::string api_key;   // "" when none
  std::int64_t max_output_tokens = 1024;
};
using Endpoints = std::map<std::string, Endpoint>;  // listing slug -> its endpoint

// endpoints.json, and reading it back (nullopt: not that file).
std::string endpoints_file(const Endpoints& endpoints);
std::optional<Endpoints> parse_endpoints_file(const std::string& bytes);
// What state() and the page show of an endpoint: never the key, only whether there is one and its last 4.
json endpoint_public(const Endpoint& endpoint);

// setEndpoint {slug, base_url, model, api_key?, max_output_tokens?}: the owner's own listing. An api_key left
// out keeps the one stored; "" removes it. Each bad field gets its own message (invalid_endpoint, fields).
Result set_endpoint(AppState& state, const Command& cmd);
// removeEndpoint {slug}: the listing answers simulated again.
Result remove_endpoint(AppState& state, const Command& cmd);

// Test connection. startEndpointTest {slug}: the request it sends (GET {base_url}/models, with the key).
// endpointTested {slug, failure? | status, body}: what it found, as a sentence ({ok, message, models}), kept
// for the Builders page in `endpoint_tests`.
Result start_endpoint_test(AppState& state, const Command& cmd);
Result endpoint_tested(AppState& state, const Command& cmd);

// A completion in flight in this tab.
struct Completion {
  std::string slug;
  std::string profile;
  std::string prompt;
  std::int64_t max_output_tokens = 0;
  core::Micros worst_case_ucr = 0;                       // authorized before sending: never billed beyond
  core::Micros input_per_1k_ucr = 0, output_per_1k_ucr = 0;  // the prices it was sent at
  Command started;                                        // startCompletion as asked (its id bills once)
  std::int64_t started_ms = 0;
  bool too_long = false;                                  // stopped for sending far more than asked
  bool streamed = false;         // an event stream (else one JSON reply, read when it ends)
  core::SseParser parser;
  std::string whole;             // a JSON reply's bytes
  std::string text;              // the answer so far
  std::optional<core::Usage> usage;
  std::string error;             // what went wrong in the reply itself (malformed, the server's error)
};

// At most this many completions in flight in a tab (each holds its worst case from the balance).
inline constexpr std::size_t kMaxCompletionsInFlight = 4;

// startCompletion {slug, prompt, max_output_tokens?, timeout_ms?}: a model without an endpoint (built-in, or a listing
// with none) answers at once, simulated, billed as a usage call of its tokens, and this is the final result
// ({ok, text, prompt_tokens, completion_tokens, cost_ucr, balance_ucr, simulated: true}). A listing with an
// endpoint: its worst case is authorized and the request to send comes back ({completion, request: {url, headers,
// body}, timeout_ms}); nothing is billed yet.
Result start_completion(AppState& state, const Command& cmd, const Context& ctx, const std::function<bool(const core::JournalRecord&)>& commit);
// Bytes of the reply as they arrive (`streamed`: an event stream). Returns the completion's error when the
// reply broke off (the bridge stops reading), "" otherwise.
std::string feed_completion(AppState& state, const std::string& id, std::string_view bytes, bool streamed);
// finishCompletion {completion, ended: "complete"|"stopped"|"failed", failure?: {kind, status, retry_after, body}}:
// bills what the reply used in one record when it may be billed, and says what happened either way.
Result finish_completion(AppState& state, const Command& cmd, const Context& ctx, const std::function<bool(const core::JournalRecord&)>& commit);

// The sentence for a request that failed before or instead of a reply: kind "offline", "network", "cors",
// "mixed_content", "timeout" or "status" (with the HTTP status, Retry-After and the body's error message).
std::string failure_message(const json& failure, const std::string& base_url);

// A built-in model's simulated answer: the same text for the same model and prompt, everywhere.
std::string simulated_answer(const std::string& model_name, const std::string& prompt);

}  // namespace mm::app
