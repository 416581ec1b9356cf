#include "app/endpoints.h"

#include <algorithm>

#include "app/app_state.h"
#include "app/dispatch.h"
#include "core/listing.h"
#include "core/json_fields.h"
#include "core/sha256.h"

namespace mm::app {
namespace {

constexpr std::size_t kMaxPromptBytes = 200'000;
constexpr std::size_t kMaxWholeReplyBytes = 4 << 20;
constexpr std::int64_t kDefaultMaxOutputTokens = 1024;
constexpr std::int64_t kTimeoutMs = 60'000;  // no byte of the reply for this long: given up
// Longer than any request may take in the bridge (its deadline grows with the reply allowed, see bridge.js).
constexpr std::int64_t kForgottenAfterMs = 3 * 3'600'000;

// The signed-in profile's own listing called `slug`, or why not.
const core::Model* own_listing(const AppState& state, const std::string& slug, Result& refused) {
  const core::Model* listed = state.ledger.listing(slug);
  if (!listed || listed->owner_profile != state.prefs.profile_id) {
    refused = Result::failure("not_your_listing", "Only the profile that listed \"" + slug + "\" can set its endpoint.");
    return nullptr;
  }
  return listed;
}

bool printable_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// The server's own words from an error body: its JSON error message, else the start of the text.
std::string server_says(const std::string& body) {
  for (const core::CompletionEvent& e : core::read_completion_json(body))
    if (e.kind == core::CompletionEvent::Kind::Error && e.text.rfind("The endpoint says: ", 0) == 0) return e.text.substr(19);
  std::string start = body.substr(0, 200);
  if (!printable_ascii(start)) return "";
  return start;
}

std::string failure_code(const json& failure) {
  const std::string kind = core::text_field(failure, "kind");
  if (kind != "status") return "endpoint_" + (kind.empty() ? std::string("failed") : kind);
  const std::int64_t status = core::integer_field(failure, "status", 0);
  if (status == 401 || status == 403) return "endpoint_unauthorized";
  if (status == 404) return "endpoint_not_found";
  if (status == 429) return "endpoint_rate_limited";
  if (status >= 500) return "endpoint_server_error";
  return "endpoint_refused";
}

}  // namespace

// --- Where endpoints are --------------------------------------------------------------------------------

std::string endpoints_file(const Endpoints& endpoints) {
  json doc = {{"schema", 1}, {"endpoints", json::object()}};
  for (const auto& [slug, e] : endpoints)
    doc["endpoints"][slug] = {{"base_url", e.base_url}, {"model", e.model}, {"api_key", e.api_key},
                              {"max_output_tokens", e.max_output_tokens}};
  return doc.dump();
}

std::optional<Endpoints> parse_endpoints_file(const std::string& bytes) {
  const json doc = json::parse(bytes, nullptr, false);
  if (!doc.is_object() || core::integer_field(doc, "schema", 0) != 1 || !doc.contains("endpoints") || !doc["endpoints"].is_object())
    return std::nullopt;
  Endpoints out;
  for (const auto& [slug, e] : doc["endpoints"].items()) {
    if (!e.is_object() || !e.contains("base_url") || !e["base_url"].is_string() || !e.contains("model") ||
        !e["model"].is_string() || !e.contains("api_key") || !e["api_key"].is_string() ||
        !e.contains("max_output_tokens") || !e["max_output_tokens"].is_number_integer())
      return std::nullopt;
    const core::BaseUrl base = core::normalize_base_url(e["base_url"].get<std::string>());
    if (!base.url) return std::nullopt;
    out[slug] = {*base.url, e["model"].get<std::string>(), e["api_key"].get<std::string>(),
                 std::clamp<std::int64_t>(e["max_output_tokens"].get<std::int64_t>(), 1, core::kMaxOutputTokens)};
  }
  return out;
}

json endpoint_public(const Endpoint& e) {
  std::string hint;
  if (!e.api_key.empty()) hint = e.api_key.size() >= 12 ? "••••" + e.api_key.substr(e.api_key.size() - 4) : "••••";
  return {{"base_url", e.base_url}, {"model", e.model}, {"max_output_tokens", e.max_output_tokens},
          {"has_key", !e.api_key.empty()}, {"key_hint", hint}};
}

Result set_endpoint(AppState& state, const Command& cmd) {
  const std::string slug = core::text_field(cmd.args, "slug");
  Result refused;
  if (!own_listing(state, slug, refused)) return refused;
  const auto current = state.endpoints.find(slug);
  std::map<std::string, std::string> fields;
  const core::BaseUrl base = core::normalize_base_url(core::text_field(cmd.args, "base_url"));
  if (!base.url) fields["base_url"] = base.error;
  const std::string model = core::trim(core::text_field(cmd.args, "model"));
  if (model.empty() || model.size() > 200 || !printable_ascii(model))
    fields["model"] = "The remote model's id is 1-200 characters, as the server lists it (Test connection shows them).";
  // A key stays with its server: moved to another scheme, host or port, the key is dropped unless given again.
  const auto origin = [](const std::string& url) { return url.substr(0, url.find('/', url.find("//") + 2)); };
  const bool same_server = current != state.endpoints.end() && base.url && origin(*base.url) == origin(current->second.base_url);
  std::string key = same_server ? current->second.api_key : "";
  const bool key_dropped = current != state.endpoints.end() && !current->second.api_key.empty() && !same_server &&
                           !cmd.args.contains("api_key");
  if (cmd.args.contains("api_key")) {
    const json& given = cmd.args["api_key"];
    if (!given.is_string() || given.get<std::string>().size() > 500 || !printable_ascii(given.get<std::string>()))
      fields["api_key"] = "An API key is up to 500 characters without spaces at either end or special characters.";
    else key = core::trim(given.get<std::string>());
  }
  std::int64_t max_output = current != state.endpoints.end() ? current->second.max_output_tokens : kDefaultMaxOutputTokens;
  if (cmd.args.contains("max_output_tokens")) {
    const json& given = cmd.args["max_output_tokens"];
    if (!given.is_number_integer() || given.get<std::int64_t>() < 1 || given.get<std::int64_t>() > core::kMaxOutputTokens)
      fields["max_output_tokens"] = "The longest reply is from 1 to 100,000 tokens.";
    else max_output = given.get<std::int64_t>();
  }
  if (!fields.empty()) {
    Result bad = Result::failure("invalid_endpoint", "The endpoint was not saved: " + fields.begin()->second);
    bad.data["fields"] = fields;
    return bad;
  }
  Endpoint& saved = state.endpoints[slug];
  saved = {*base.url, model, key, max_output};
  state.endpoint_tests.erase(slug);  // a Test connection's answer was about the endpoint before
  Result saved_result = Result::success({{"slug", slug}, {"endpoint", endpoint_public(saved)}, {"key_removed", key_dropped}});
  if (key_dropped) saved_result.data["message"] = "The API key was removed: it was for another server. Type it again if this one needs it.";
  return saved_result;
}

Result remove_endpoint(AppState& state, const Command& cmd) {
  const std::string slug = core::text_field(cmd.args, "slug");
  Result refused;
  if (!own_listing(state, slug, refused)) return refused;
  const bool removed = state.endpoints.erase(slug) > 0;
  state.endpoint_tests.erase(slug);
  return Result::success({{"slug", slug}, {"removed", removed}});
}

namespace {

// The endpoint of the signed-in profile's own listing called `slug`, or why not (for Test connection).
const Endpoint* own_endpoint(const AppState& state, const std::string& slug, Result& refused) {
  if (!own_listing(state, slug, refused)) return nullptr;
  const auto it = state.endpoints.find(slug);
  if (it != state.endpoints.end()) return &it->second;
  refused = Result::failure("no_endpoint", "Save an endpoint for this listing first.");
  return nullptr;
}

}  // namespace

Result start_endpoint_test(AppState& state, const Command& cmd) {
  const std::string slug = core::text_field(cmd.args, "slug");
  Result refused;
  const Endpoint* e = own_endpoint(state, slug, refused);
  if (!e) return refused;
  json headers = json::object();
  if (!e->api_key.empty()) headers["Authorization"] = "Bearer " + e->api_key;
  return Result::success({{"slug", slug},
                          {"base_url", e->base_url},
                          {"timeout_ms", kTimeoutMs},
                          {"request", {{"url", core::models_url(e->base_url)}, {"headers", headers}}}});
}

Result endpoint_tested(AppState& state, const Command& cmd) {
  const std::string slug = core::text_field(cmd.args, "slug");
  Result refused;
  const Endpoint* found = own_endpoint(state, slug, refused);
  if (!found) return refused;
  const Endpoint& e = *found;
  json failure = cmd.args.value("failure", json());
  const std::int64_t status = core::integer_field(cmd.args, "status", 0);
  const std::string body = core::text_field(cmd.args, "body");
  if (!failure.is_object() && (status < 200 || status > 299))
    failure = {{"kind", "status"}, {"status", status}, {"body", body}, {"retry_after", cmd.args.value("retry_after", json())}};
  Result result;
  if (failure.is_object()) {
    result = Result::failure(failure_code(failure), failure_message(failure, e.base_url));
  } else {
    // {"data": [{"id": ...}, ...]}, as OpenAI-compatible servers list their models.
    const json doc = json::parse(body, nullptr, false);
    std::vector<std::string> models;
    if (doc.is_object() && doc.contains("data") && doc["data"].is_array())
      for (const json& m : doc["data"])
        if (m.is_object() && m.contains("id") && m["id"].is_string()) models.push_back(m["id"].get<std::string>());
    if (models.empty() && !(doc.is_object() && doc.contains("data"))) {
      result = Result::failure("endpoint_malformed", e.base_url + " answered, but not with a list of models: is it an "
                                                               "OpenAI-compatible server (its address usually ends in /v1)?");
    } else {
      std::string listed;
      for (std::size_t i = 0; i < models.size() && i < 8; ++i) listed += (i ? ", " : "") + models[i];
      if (models.size() > 8) listed += ", …";
      const bool has = std::find(models.begin(), models.end(), e.model) != models.end();
      result = Result::success({{"models", models}});
      result.data["message"] = "Connected: " + std::to_string(models.size()) + " model" + (models.size() == 1 ? "" : "s") +
                               (listed.empty() ? "" : " (" + listed + ")") + ". " +
                               (has ? "\"" + e.model + "\" is one of them." : "\"" + e.model + "\" is not among them: check the model id.");
      if (!has) result.data["model_missing"] = true;
    }
  }
  state.endpoint_tests[slug] = {{"ok", result.ok}, {"message", result.ok ? result.data.value("message", "") : result.message}};
  return result;
}

// --- Completions ----------------------------------------------------------------------------------------

std::string simulated_answer(const std::string& model_name, const std::string& prompt) {
  static const char* const kOpenings[] = {
      "Here is a short answer.", "Good question.", "Let me think about that.", "In brief:", "Sure."};
  static const char* const kBodies[] = {
      "The key idea is to break the problem into small steps and check each one.",
      "It depends on the details, but the usual approach is to start simple and measure.",
      "Most of the work is in stating the question precisely; the answer follows from it.",
      "There are two sides to it: what it costs, and what it is worth to the person asking.",
      "A careful answer would compare a few options side by side before choosing one."};
  const std::string digest = core::sha256_hex(model_name + "\n" + prompt);
  const auto pick = [&](std::size_t at, std::size_t n) { return std::stoul(digest.substr(at, 4), nullptr, 16) % n; };
  std::string quoted = prompt.substr(0, 80);
  if (prompt.size() > 80) quoted += "…";
  return std::string(kOpenings[pick(0, std::size(kOpenings))]) + " You asked " + model_name + ": \"" + quoted + "\". " +
         kBodies[pick(4, std::size(kBodies))] + " (A simulated answer: built-in models answer here, offline.)";
}

Result start_completion(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const std::string slug = core::text_field(cmd.args, "slug");
  const core::Model* model = state.find_model(slug);
  if (!model) return Result::failure("unknown_model", "There is no model called \"" + slug + "\".");
  const std::string prompt = core::text_field(cmd.args, "prompt");
  if (core::trim(prompt).empty()) return Result::failure("invalid_prompt", "Type a prompt first.");
  if (prompt.size() > kMaxPromptBytes) return Result::failure("invalid_prompt", "A prompt is at most 200,000 characters.");
  const std::string& profile = state.prefs.profile_id;
  const std::int64_t prompt_tokens = core::estimate_tokens(prompt);
  const auto endpoint = state.endpoints.find(slug);
  if (endpoint == state.endpoints.end() || !state.ledger.listing(slug)) {
    // No endpoint: a simulated answer, billed as a usage call of its tokens.
    const std::string text = simulated_answer(model->name, prompt);
    const std::int64_t completion_tokens = core::estimate_tokens(text);
    Result billed = commit_operation(state, state.ledger.use(profile, *model, prompt_tokens + completion_tokens, ctx.now_ms, cmd.id),
                                     commit, cmd);
    if (!billed.ok) return billed;
    return Result::success({{"text", text},
                            {"prompt_tokens", prompt_tokens},
                            {"completion_tokens", completion_tokens},
                            {"cost_ucr", billed.data.value("cost_ucr", core::Micros(0))},
                            {"balance_ucr", billed.data.value("balance_ucr", core::Micros(0))},
                            {"usage", "estimated"},
                            {"billed", true},
                            {"simulated", true}});
  }
  const Endpoint& e = endpoint->second;
  std::int64_t max_output = e.max_output_tokens;
  if (cmd.args.contains("max_output_tokens")) {
    const json& given = cmd.args["max_output_tokens"];
    if (!given.is_number_integer() || given.get<std::int64_t>() < 1 || given.get<std::int64_t>() > e.max_output_tokens)
      return Result::failure("invalid_max_output_tokens",
                             "The reply may be from 1 to " + std::to_string(e.max_output_tokens) + " tokens long for this model.");
    max_output = given.get<std::int64_t>();
  }
  // A request the bridge never finished (the page's script stopped) is forgotten after the longest a reply may
  // take, so it holds no slot and no credit for ever.
  for (auto it = state.completions.begin(); it != state.completions.end();)
    it = ctx.now_ms - it->second.started_ms > kForgottenAfterMs ? state.completions.erase(it) : std::next(it);
  if (!cmd.id.empty())
    for (const auto& [other_id, other] : state.completions)
      if (other.started.id == cmd.id) return Result::failure("in_flight", "This request (" + cmd.id + ") is still being answered.");
  if (state.completions.size() >= kMaxCompletionsInFlight)
    return Result::failure("too_many_requests", "Wait for an answer to finish first: at most 4 are asked at once.");
  core::Micros reserved = 0;  // what this profile's answers still coming may cost
  for (const auto& [other_id, other] : state.completions)
    if (other.profile == profile) reserved += other.worst_case_ucr;
  // The prompt as the server counts it may be longer than the estimate (its chat template, other scripts): a
  // quarter more and 16 tokens are held for that.
  const std::int64_t prompt_allowance = prompt_tokens + prompt_tokens / 4 + 16;
  const core::Outcome authorized =
      state.ledger.authorize_completion(profile, *model, prompt_allowance, max_output, ctx.now_ms, reserved);
  if (!authorized.ok()) return Result::failure(authorized.error, authorized.message);
  // How long the reply may stay silent before it is given up (scripts may ask for less, down to 1 s).
  const std::int64_t timeout_ms = std::clamp<std::int64_t>(core::integer_field(cmd.args, "timeout_ms", kTimeoutMs), 1000, kTimeoutMs);
  const std::string id = "completion-" + std::to_string(++state.completions_started);
  Completion& c = state.completions[id];
  c.slug = slug;
  c.profile = profile;
  c.prompt = prompt;
  c.max_output_tokens = max_output;
  c.worst_case_ucr = authorized.data.value("worst_case_ucr", core::Micros(0));
  c.input_per_1k_ucr = core::input_price_of(*model);
  c.output_per_1k_ucr = core::output_price_of(*model);
  c.started = cmd;
  c.started_ms = ctx.now_ms;
  json headers = {{"Content-Type", "application/json"}};
  if (!e.api_key.empty()) headers["Authorization"] = "Bearer " + e.api_key;
  return Result::success({{"completion", id},
                          {"slug", slug},
                          {"simulated", false},
                          {"max_output_tokens", max_output},
                          {"worst_case_ucr", authorized.data.value("worst_case_ucr", core::Micros(0))},
                          {"timeout_ms", timeout_ms},
                          {"base_url", e.base_url},
                          {"request",
                           {{"url", core::chat_completions_url(e.base_url)},
                            {"headers", headers},
                            {"body", core::completion_body(e.model, prompt, max_output, true)}}}});
}

std::string feed_completion(AppState& state, const std::string& id, std::string_view bytes, bool streamed) {
  const auto it = state.completions.find(id);
  if (it == state.completions.end()) return "There is no such request in flight.";
  Completion& c = it->second;
  if (!c.error.empty()) return c.error;
  c.streamed = streamed;
  if (!streamed) {
    if (c.whole.size() + bytes.size() > kMaxWholeReplyBytes) c.error = "The endpoint's reply is larger than 4 MiB: stopped.";
    else c.whole.append(bytes);
    return c.error;
  }
  for (const core::CompletionEvent& e : c.parser.feed(bytes)) {
    if (e.kind == core::CompletionEvent::Kind::Text) c.text += e.text;
    if (e.kind == core::CompletionEvent::Kind::Usage) c.usage = e.usage;
    if (e.kind == core::CompletionEvent::Kind::Error) c.error = e.text;
  }
  // Far more text than the reply may have: stop reading (the usage, if any, decides at the end).
  if (c.error.empty() && core::estimate_tokens(c.text) > 2 * c.max_output_tokens + 64) {
    c.too_long = true;
    c.error = "The endpoint sent far more than the " + std::to_string(c.max_output_tokens) + " reply tokens asked for, so it was stopped.";
  }
  return c.error;
}

std::string failure_message(const json& failure, const std::string& base_url) {
  const std::string kind = core::text_field(failure, "kind");
  const std::string at = base_url.empty() ? "the endpoint" : base_url;
  if (kind == "offline") return "You are offline, so nothing was sent.";
  if (kind == "mixed_content")
    return "This page is served over https, and the browser blocks its calls to the http endpoint " + at +
           ". Use an https address, or open the app from http://localhost.";
  if (kind == "cors")
    return at + " answered, but does not allow calls from this page (CORS). Allow this page's origin on the server: "
                "for Ollama, start it with OLLAMA_ORIGINS set (e.g. OLLAMA_ORIGINS=\"*\" ollama serve); llama.cpp's "
                "llama-server allows any origin unless started with its own restrictions. (A server that does allow "
                "this page may also have refused the request — a wrong key, a limit — without saying so to this page.)";
  if (kind == "network")
    return "Could not reach " + at + ": the connection was refused or the host name did not resolve. Is the server "
           "running, and is the address right?";
  if (kind == "timeout") {
    const std::int64_t after = core::integer_field(failure, "after_ms", 0);
    if (core::bool_field(failure, "deadline", false))
      return at + " did not finish its answer within " + std::to_string((after + 59'999) / 60'000) + " min, so it was stopped.";
    return at + (after > 0 ? " sent nothing for " + std::to_string((after + 999) / 1000) + " s" : " took too long") +
           ", so the request was stopped.";
  }
  if (kind == "interrupted") return "The connection to " + at + " broke off in the middle of the answer.";
  if (kind != "status") return "The request to " + at + " failed.";
  const std::int64_t status = core::integer_field(failure, "status", 0);
  const std::string body = failure.contains("body") && failure["body"].is_string() ? failure["body"].get<std::string>() : "";
  const std::string says = server_says(body);
  const std::string tail = says.empty() ? "" : " The server says: " + says;
  const std::string code = " (HTTP " + std::to_string(status) + ").";
  if (status == 401 || status == 403) return "The endpoint refused the API key" + code + " Check the key in Builders." + tail;
  if (status == 404) return "The endpoint has no such model" + code + " Check the model id: Test connection lists them." + tail;
  if (status == 429) {
    const std::string retry = failure.contains("retry_after") && failure["retry_after"].is_string()
                                  ? failure["retry_after"].get<std::string>() : "";
    return "The endpoint is limiting requests" + code +
           (retry.empty() ? " Try again in a little while." : " Try again in " + retry + " s.") + tail;
  }
  if (status >= 500) return "The endpoint failed" + code + tail;
  return "The endpoint refused the request" + code + tail;
}

Result finish_completion(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const std::string id = core::text_field(cmd.args, "completion");
  const auto it = state.completions.find(id);
  if (it == state.completions.end()) return Result::failure("unknown_completion", "There is no request \"" + id + "\" in flight.");
  Completion c = std::move(it->second);
  state.completions.erase(it);
  const auto endpoint = state.endpoints.find(c.slug);
  const std::string base = endpoint == state.endpoints.end() ? "" : endpoint->second.base_url;
  std::string ended = core::text_field(cmd.args, "ended");
  if (ended != "complete" && ended != "stopped") ended = "failed";
  // The end of the reply: the last event of a stream, or the whole JSON reply.
  if (ended == "complete" && c.error.empty()) {
    const std::vector<core::CompletionEvent> events =
        c.streamed ? c.parser.finish() : core::read_completion_json(c.whole);
    for (const core::CompletionEvent& e : events) {
      if (e.kind == core::CompletionEvent::Kind::Text) c.text += e.text;
      if (e.kind == core::CompletionEvent::Kind::Usage) c.usage = e.usage;
      if (e.kind == core::CompletionEvent::Kind::Error) c.error = e.text;
    }
  }
  json data = {{"completion", id}, {"slug", c.slug}, {"text", c.text}, {"simulated", false}, {"ended", ended}};
  std::string error, message;
  const json& failure = cmd.args.value("failure", json());
  if (failure.is_object()) {
    error = failure_code(failure);
    message = failure_message(failure, base);
  } else if (!c.error.empty()) {
    error = c.too_long ? "endpoint_too_long" : "endpoint_malformed";
    message = c.error;
  }
  if (!error.empty()) ended = "failed";
  // More reply than asked for: not billed (the worst case authorized did not cover it).
  const std::int64_t reply_tokens = c.usage ? c.usage->completion_tokens : core::estimate_tokens(c.text);
  if (error.empty() && reply_tokens > c.max_output_tokens) {
    error = "endpoint_too_long";
    message = "The endpoint sent " + std::string(c.usage ? "" : "about ") + std::to_string(reply_tokens) +
              " reply tokens, more than the " + std::to_string(c.max_output_tokens) + " asked for.";
    ended = "failed";
    c.usage.reset();
  }
  data["ended"] = ended;
  // Billed: a complete reply (its usage, or the estimate), or a stopped or failed one whose usage was reported.
  const bool billable = error == "endpoint_too_long" ? false : (ended == "complete" || c.usage.has_value());
  if (!billable) {
    data["billed"] = false;
    const std::string not_billed = c.usage ? "" : " Nothing was billed: the endpoint reported no usage.";
    if (ended == "stopped") {
      data["message"] = "Stopped." + (not_billed.empty() ? std::string(" Nothing was billed.") : not_billed);
      return Result::success(data);
    }
    Result failed = Result::failure(error, message + " Nothing was billed.");
    failed.data = data;
    return failed;
  }
  core::CompletionBill bill;
  bill.ended = ended;
  if (c.usage) {
    bill.prompt_tokens = c.usage->prompt_tokens;
    bill.completion_tokens = c.usage->completion_tokens;
  } else {
    bill.estimated = true;
    bill.prompt_tokens = core::estimate_tokens(c.prompt);
    bill.completion_tokens = core::estimate_tokens(c.text);
  }
  bill.max_cost_ucr = c.worst_case_ucr;
  const auto unbilled = [&](const std::string& code, const std::string& why) {
    Result refused = Result::failure(code, why + " Nothing was billed.");
    refused.data = data;
    refused.data["billed"] = false;
    return refused;
  };
  if (bill.prompt_tokens + bill.completion_tokens == 0) {
    data["billed"] = false;
    data["message"] = "The endpoint reported no tokens used, so nothing was billed.";
    return Result::success(data);
  }
  const core::Model* model = state.ledger.listing(c.slug);
  if (!model) return unbilled("unknown_model", "The listing \"" + c.slug + "\" is gone.");
  if (core::input_price_of(*model) != c.input_per_1k_ucr || core::output_price_of(*model) != c.output_per_1k_ucr)
    return unbilled("price_changed", model->name + "'s prices changed while it answered.");
  if (c.profile != state.prefs.profile_id)
    return unbilled("profile_changed", state.prefs.profile_id.empty() ? "You signed out while it answered."
                                                                      : "Another profile is signed in now.");
  // Committed as the request that started it: its id bills once (a retry of `complete` with the same id
  // returns this bill instead of asking again).
  Result billed = commit_operation(state, state.ledger.complete(c.profile, *model, bill, ctx.now_ms, c.started.id), commit, c.started);
  if (!billed.ok) return unbilled(billed.error, billed.message);
  for (const char* key : {"prompt_tokens", "completion_tokens", "cost_ucr", "balance_ucr", "usage"})
    data[key] = billed.data.value(key, json());
  data["billed"] = true;
  if (!error.empty()) {  // failed after its usage was reported: billed, and the failure said
    Result failed = Result::failure(error, message + " The usage it reported was billed.");
    failed.data = data;
    return failed;
  }
  return Result::success(data);
}

}  // namespace mm::app
