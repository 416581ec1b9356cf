#include "core/completion.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/pricing.h"

namespace mm::core {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxLineBytes = 1 << 20;
constexpr std::int64_t kMaxUsageTokens = 1'000'000'000;

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

CompletionEvent error_event(std::string message) {
  CompletionEvent e;
  e.kind = CompletionEvent::Kind::Error;
  e.text = std::move(message);
  return e;
}

// A whole number of tokens a server reported, or nullopt when it is not one.
std::optional<std::int64_t> token_count(const json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  const std::int64_t n = value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(kMaxUsageTokens)
                             ? -1
                             : value.get<std::int64_t>();
  if (n < 0 || n > kMaxUsageTokens) return std::nullopt;
  return n;
}

}  // namespace

// --- [SECTION] Endpoints ------------------------------------------------------------------------------------

BaseUrl normalize_base_url(std::string_view text) {
  BaseUrl out;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return {std::nullopt, "Type the endpoint's address, e.g. http://localhost:8080/v1."};
  if (text.size() > 512) return {std::nullopt, "An endpoint's address is at most 512 characters."};
  std::string scheme;
  if (starts_with_ci(text, "https://")) scheme = "https://";
  else if (starts_with_ci(text, "http://")) scheme = "http://";
  else return {std::nullopt, "An endpoint's address starts with http:// or https://."};
  text.remove_prefix(scheme.size());
  for (char c : text)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      return {std::nullopt, "An endpoint's address has no spaces or other special characters."};
  if (text.find_first_of("?#") != std::string_view::npos)
    return {std::nullopt, "An endpoint's address has no ?query or #fragment."};
  const std::size_t slash = text.find('/');
  const std::string_view host = text.substr(0, slash);
  if (host.empty()) return {std::nullopt, "An endpoint's address names a host, e.g. http://localhost:8080."};
  if (host.find('@') != std::string_view::npos)
    return {std::nullopt, "Put the API key in its own field, not in the address."};
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(".-_:[]").find(c) == std::string_view::npos)
      return {std::nullopt, "The host \"" + std::string(host) + "\" is not a host name, an IP address or a port."};
  std::string path(slash == std::string_view::npos ? std::string_view() : text.substr(slash));
  while (!path.empty() && path.back() == '/') path.pop_back();
  // Pasted with an endpoint's own path: the base is what comes before it.
  for (std::string_view tail : {"/chat/completions", "/models"})
    if (ends_with(path, std::string("/v1") + std::string(tail))) path.resize(path.size() - tail.size());
  if (!ends_with(path, "/v1")) path += "/v1";
  std::string lower_host(host);
  std::transform(lower_host.begin(), lower_host.end(), lower_host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.url = scheme + lower_host + path;
  return out;
}

std::string chat_completions_url(const std::string& base_url) { return base_url + "/chat/completions"; }
std::string models_url(const std::string& base_url) { return base_url + "/models"; }

// --- [SECTION] Requests -------------------------------------------------------------------------------------

std::string completion_body(const std::string& model, const std::string& prompt, std::int64_t max_output_tokens,
                            bool stream) {
  json body = {{"model", model},
               {"messages", json::array({{{"role", "user"}, {"content", prompt}}})},
               {"max_tokens", max_output_tokens},
               {"stream", stream}};
  if (stream) body["stream_options"] = {{"include_usage", true}};
  // Text that is not valid UTF-8 (a paste can be anything) is sent with U+FFFD in its place.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

// --- [SECTION] Replies --------------------------------------------------------------------------------------

std::vector<CompletionEvent> read_completion_json(std::string_view json_text) {
  std::vector<CompletionEvent> out;
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.push_back(error_event("The endpoint's reply is not the JSON of a chat completion."));
    return out;
  }
  if (doc.contains("error") && !doc["error"].is_null()) {
    const json& e = doc["error"];
    std::string message = e.is_string() ? e.get<std::string>()
                          : e.is_object() && e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>()
                                                                                                  : e.dump();
    if (message.size() > 500) message = message.substr(0, 500) + "…";
    out.push_back(error_event("The endpoint says: " + message));
    return out;
  }
  if (doc.contains("choices")) {
    const json& choices = doc["choices"];
    if (!choices.is_array()) {
      out.push_back(error_event("The endpoint's reply has no list of choices."));
      return out;
    }
    if (!choices.empty() && choices[0].is_object()) {
      const json& choice = choices[0];
      for (const char* key : {"delta", "message"}) {
        if (!choice.contains(key) || !choice[key].is_object()) continue;
        const json& content = choice[key].contains("content") ? choice[key]["content"] : json();
        if (content.is_string() && !content.get<std::string>().empty()) {
          CompletionEvent text;
          text.text = content.get<std::string>();
          out.push_back(std::move(text));
        } else if (!content.is_null() && !content.is_string()) {
          out.push_back(error_event("The endpoint's reply has content that is not text."));
          return out;
        }
      }
    }
  }
  if (doc.contains("usage") && !doc["usage"].is_null()) {
    const json& usage = doc["usage"];
    const auto prompt = usage.is_object() && usage.contains("prompt_tokens") ? token_count(usage["prompt_tokens"]) : std::nullopt;
    const auto completion =
        usage.is_object() && usage.contains("completion_tokens") ? token_count(usage["completion_tokens"]) : std::nullopt;
    if (!prompt || !completion) {
      out.push_back(error_event("The endpoint's usage is not two whole numbers of tokens."));
      return out;
    }
    CompletionEvent e;
    e.kind = CompletionEvent::Kind::Usage;
    e.usage = {*prompt, *completion};
    out.push_back(e);
  }
  return out;
}

std::vector<CompletionEvent> SseParser::feed(std::string_view bytes) {
  std::vector<CompletionEvent> out;
  for (char c : bytes) {
    if (done_ || failed_) break;
    // A line ends at CR, LF or CR LF (a CR LF split between two chunks is one end).
    if (c == '\n' && after_cr_) {
      after_cr_ = false;
      continue;
    }
    after_cr_ = c == '\r';
    if (c == '\r' || c == '\n') {
      line(pending_, out);
      pending_.clear();
      continue;
    }
    if (pending_.size() >= kMaxLineBytes) {
      failed_ = true;
      out.push_back(error_event("The endpoint sent a line longer than 1 MiB: the reply was stopped."));
      break;
    }
    pending_ += c;
  }
  return out;
}

std::vector<CompletionEvent> SseParser::finish() {
  std::vector<CompletionEvent> out;
  if (done_ || failed_) return out;
  if (!pending_.empty()) line(pending_, out);
  pending_.clear();
  dispatch(out);
  return out;
}

void SseParser::line(std::string_view text, std::vector<CompletionEvent>& out) {
  if (text.empty()) return dispatch(out);
  if (text.front() == ':') return;  // a comment: keep-alive
  const std::size_t colon = text.find(':');
  const std::string_view field = text.substr(0, colon);
  if (field != "data") return;  // event, id, retry: nothing a completion needs
  std::string_view value = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (has_data_) data_ += '\n';
  if (data_.size() + value.size() > kMaxLineBytes) {
    failed_ = true;
    out.push_back(error_event("The endpoint sent an event longer than 1 MiB: the reply was stopped."));
    return;
  }
  data_.append(value);
  has_data_ = true;
}

void SseParser::dispatch(std::vector<CompletionEvent>& out) {
  if (!has_data_ || failed_ || done_) return;
  const std::string data = std::move(data_);
  data_.clear();
  has_data_ = false;
  if (data == "[DONE]") {
    done_ = true;
    CompletionEvent e;
    e.kind = CompletionEvent::Kind::Done;
    out.push_back(e);
    return;
  }
  for (CompletionEvent& e : read_completion_json(data)) {
    if (e.kind == CompletionEvent::Kind::Error) failed_ = true;
    out.push_back(std::move(e));
  }
}

// --- [SECTION] Token estimate and cost ----------------------------------------------------------------------

std::int64_t estimate_tokens(std::string_view text) {
  return static_cast<std::int64_t>((text.size() + 3) / 4);
}

std::optional<Micros> completion_cost(const Usage& usage, Micros input_per_1k_ucr, Micros output_per_1k_ucr) {
  if (usage.prompt_tokens < 0 || usage.completion_tokens < 0 || usage.prompt_tokens > kMaxUsageTokens ||
      usage.completion_tokens > kMaxUsageTokens)
    return std::nullopt;
  const auto part = [](std::int64_t tokens, Micros price) -> std::optional<Micros> {
    if (tokens == 0) return Micros(0);
    return call_cost(tokens, price);
  };
  const std::optional<Micros> input = part(usage.prompt_tokens, input_per_1k_ucr);
  const std::optional<Micros> output = part(usage.completion_tokens, output_per_1k_ucr);
  if (!input || !output) return std::nullopt;
  return checked_add(*input, *output);
}

}  // namespace mm::core
