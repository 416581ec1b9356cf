// libFuzzer target: a reply from an inference endpoint, which can send anything. The first byte picks the
// chunk size the bytes arrive in; the server-sent-events parser and the JSON reader must never crash, hang
// or grow without bound, and whatever chunks the bytes come in, the events are the same.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/completion.h"

namespace {

std::string heard(std::string_view bytes, std::size_t chunk) {
  mm::core::SseParser parser;
  std::string out;
  auto take = [&](const std::vector<mm::core::CompletionEvent>& events) {
    for (const mm::core::CompletionEvent& e : events)
      out += std::to_string(static_cast<int>(e.kind)) + ":" + e.text + ":" + std::to_string(e.usage.prompt_tokens) + "+" +
             std::to_string(e.usage.completion_tokens) + "\n";
  };
  for (std::size_t i = 0; i < bytes.size(); i += chunk) take(parser.feed(bytes.substr(i, chunk)));
  take(parser.finish());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 16;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (heard(bytes, chunk) != heard(bytes, bytes.size() + 1)) __builtin_trap();  // chunking changed what was heard
  mm::core::read_completion_json(bytes);
  for (const mm::core::CompletionEvent& e : mm::core::read_completion_json(bytes))
    if (e.kind == mm::core::CompletionEvent::Kind::Usage && (e.usage.prompt_tokens < 0 || e.usage.completion_tokens < 0))
      __builtin_trap();
  mm::core::normalize_base_url(bytes);
  return 0;
}
