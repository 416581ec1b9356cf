// The OpenAI chat-completions protocol, bytes in and events out (no I/O, no clock): where a listing's
// endpoint is, the request body a Send posts, a server-sent-events parser fed the reply in whatever chunks the
// network delivers, a whole (non-streaming) reply, the usage a reply reports, and the token estimate used
// when it reports none. llama.cpp's llama-server, Ollama, vLLM, LM Studio and hosted providers speak it.
//
// [SECTION] Endpoints
// [SECTION] Requests
// [SECTION] Replies
// [SECTION] Token estimate and cost
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace mm::core {

// --- [SECTION] Endpoints ------------------------------------------------------------------------------------

// A base URL as people copy it from their server's docs — "http://localhost:8080", ".../v1", ".../v1/" — made
// the one form requests are built from ("http://localhost:8080/v1"). http(s) only, a host, no query, no
// fragment, no credentials in it (an API key has its own field), at most 512 characters.
struct BaseUrl {
  std::optional<std::string> url;  // normalized, ending in "/v1"
  std::string error;               // why it is not usable, as a sentence
};
BaseUrl normalize_base_url(std::string_view text);
std::string chat_completions_url(const std::string& base_url);  // base + "/chat/completions"
std::string models_url(const std::string& base_url);            // base + "/models"

inline constexpr std::int64_t kMaxOutputTokens = 100'000;

// --- [SECTION] Requests -------------------------------------------------------------------------------------

// The JSON body of POST /v1/chat/completions: one user message; when streaming, the usage is asked for in the
// last event (stream_options.include_usage, which servers that do not know it ignore).
std::string completion_body(const std::string& model, const std::string& prompt, std::int64_t max_output_tokens,
                            bool stream);

// --- [SECTION] Replies --------------------------------------------------------------------------------------

struct Usage {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
};

// One thing a reply said: text to append, the usage, the end, or an error (the server's message, or what was
// malformed).
struct CompletionEvent {
  enum class Kind { Text, Usage, Done, Error };
  Kind kind = Kind::Text;
  std::string text;  // Text: the delta; Error: the message
  Usage usage;       // Usage
};

// Server-sent events (text/event-stream): fed bytes as they arrive, in any chunks — a line, an event or a
// UTF-8 character may be split anywhere — it returns the events each feed completes. Comments (":" lines,
// keep-alives) and fields other than `data` are skipped; "data: [DONE]" ends the reply. A line longer than
// 1 MiB is an error (no server sends one; it would only grow memory).
class SseParser {
 public:
  std::vector<CompletionEvent> feed(std::string_view bytes);
  // The stream ended: an event not yet closed by a blank line still counts.
  std::vector<CompletionEvent> finish();
  bool done() const { return done_; }

 private:
  void line(std::string_view text, std::vector<CompletionEvent>& out);
  void dispatch(std::vector<CompletionEvent>& out);
  std::string pending_;  // bytes of a line not yet ended
  std::string data_;     // the current event's data lines, joined by "\n"
  bool has_data_ = false;
  bool after_cr_ = false;  // the last byte ended a line with CR: a LF next is the same line end
  bool done_ = false;
  bool failed_ = false;
};

// The events in one chunk of a reply's JSON: a streamed chunk ({"choices":[{"delta":{"content":…}}]}), a whole
// reply ({"choices":[{"message":{"content":…}}]}), its usage when present, or its error ({"error":{…}}).
std::vector<CompletionEvent> read_completion_json(std::string_view json_text);

// --- [SECTION] Token estimate and cost ----------------------------------------------------------------------

// Tokens in `text` when an endpoint reports no usage: one per 4 bytes of UTF-8, rounded up (OpenAI's rule of
// thumb for English), at least 1 for any text. Records and the page say when a count is estimated.
std::int64_t estimate_tokens(std::string_view text);

// What a reply costs at separate input and output prices per 1K tokens: each part rounded up to a whole µcr
// (as call_cost does), then added. nullopt when it overflows or a count is out of range.
std::optional<Micros> completion_cost(const Usage& usage, Micros input_per_1k_ucr, Micros output_per_1k_ucr);

}  // namespace mm::core
