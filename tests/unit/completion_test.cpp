// The OpenAI protocol, bytes in and events out: endpoint addresses, the request body, server-sent events in
// any chunks, whole replies, usage and its cost, and the token estimate.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/completion.h"

using mm::core::CompletionEvent;
using mm::core::SseParser;
using Kind = CompletionEvent::Kind;

namespace {

// What a stream says, fed in chunks of `chunk` bytes: text joined, and the other events named.
struct Heard {
  std::string text;
  std::vector<std::string> events;  // "usage 12+34", "done", "error: …"
};
Heard hear(const std::string& stream, std::size_t chunk) {
  SseParser parser;
  Heard heard;
  auto take = [&](const std::vector<CompletionEvent>& events) {
    for (const CompletionEvent& e : events) {
      if (e.kind == Kind::Text) heard.text += e.text;
      if (e.kind == Kind::Usage)
        heard.events.push_back("usage " + std::to_string(e.usage.prompt_tokens) + "+" + std::to_string(e.usage.completion_tokens));
      if (e.kind == Kind::Done) heard.events.push_back("done");
      if (e.kind == Kind::Error) heard.events.push_back("error: " + e.text);
    }
  };
  for (std::size_t i = 0; i < stream.size(); i += chunk) take(parser.feed(std::string_view(stream).substr(i, chunk)));
  take(parser.finish());
  return heard;
}

std::string delta(const std::string& text) {
  return "data: " + nlohmann::json{{"choices", {{{"index", 0}, {"delta", {{"content", text}}}}}}}.dump() + "\n\n";
}

}  // namespace

TEST(Completion, BaseUrlsAreTakenAsPeopleCopyThem) {
  for (const char* typed : {"http://localhost:8080", "http://localhost:8080/", "http://localhost:8080/v1",
                            " http://LOCALHOST:8080/v1/ ", "http://localhost:8080/v1/chat/completions",
                            "HTTP://localhost:8080/v1/models"})
    EXPECT_EQ(mm::core::normalize_base_url(typed).url.value_or("refused"), "http://localhost:8080/v1") << typed;
  EXPECT_EQ(*mm::core::normalize_base_url("https://api.example.com/openai").url, "https://api.example.com/openai/v1");
  EXPECT_EQ(*mm::core::normalize_base_url("http://[::1]:11434").url, "http://[::1]:11434/v1");
  EXPECT_EQ(mm::core::chat_completions_url("http://h/v1"), "http://h/v1/chat/completions");
  EXPECT_EQ(mm::core::models_url("http://h/v1"), "http://h/v1/models");
  for (const char* bad : {"", "localhost:8080", "ftp://host/v1", "javascript:alert(1)", "http://", "http:///v1",
                          "http://user:pw@host/v1", "http://host/v1?x=1", "http://host/v1#x", "http://ho st/v1",
                          "http://host\xC3\xA9/v1", "http://host%2f/v1"}) {
    const mm::core::BaseUrl read = mm::core::normalize_base_url(bad);
    EXPECT_FALSE(read.url) << bad;
    EXPECT_FALSE(read.error.empty()) << bad;
  }
  EXPECT_FALSE(mm::core::normalize_base_url("http://h/" + std::string(600, 'a')).url);
}

TEST(Completion, TheRequestAsksForOneAnswerAndItsUsage) {
  const auto body = nlohmann::json::parse(mm::core::completion_body("llama-3", "Say \"hi\"\n", 256, true));
  EXPECT_EQ(body["model"], "llama-3");
  EXPECT_EQ(body["messages"], nlohmann::json::parse(R"([{"role":"user","content":"Say \"hi\"\n"}])"));
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["stream_options"]["include_usage"], true);
  const auto whole = nlohmann::json::parse(mm::core::completion_body("m", "x", 1, false));
  EXPECT_EQ(whole["stream"], false);
  EXPECT_FALSE(whole.contains("stream_options"));
  // A paste that is not UTF-8 is still sent, as valid JSON.
  const auto pasted = nlohmann::json::parse(mm::core::completion_body("m", "a\xFF" "b", 1, true));
  EXPECT_EQ(pasted["messages"][0]["content"], "a\xEF\xBF\xBD" "b");
}

TEST(Completion, AStreamReadsTheSameInAnyChunksEvenSplitInsideACharacter) {
  const std::string stream = ": keep-alive\n\n" + delta("Grüße, ") + "event: message\nid: 7\nretry: 100\n" +
                             delta("世界 🌍") + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34}}\n\n" +
                             "data: [DONE]\n\n" + delta("after done is ignored");
  for (std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(7), stream.size()}) {
    const Heard heard = hear(stream, chunk);
    EXPECT_EQ(heard.text, "Grüße, 世界 🌍") << chunk;
    EXPECT_EQ(heard.events, (std::vector<std::string>{"usage 12+34", "done"})) << chunk;
  }
}

TEST(Completion, LinesMayEndInCrLfOrCrAndTheLastEventNeedsNoBlankLine) {
  std::string crlf = delta("a") + delta("b");
  for (std::size_t i = 0; (i = crlf.find('\n', i)) != std::string::npos; i += 2) crlf.replace(i, 1, "\r\n");
  EXPECT_EQ(hear(crlf, 1).text, "ab");
  std::string cr = delta("c");
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  EXPECT_EQ(hear(cr, 1).text, "c");
  // Data split over two data lines is one event, joined by a newline.
  EXPECT_EQ(hear("data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"x\"}}]}", 4).text, "x");
  EXPECT_EQ(hear("data:{\"choices\":[{\"delta\":{\"content\":\"no space\"}}]}", 5).text, "no space");
}

TEST(Completion, ErrorsAndMalformedRepliesSayWhatWasWrongAndStopTheStream) {
  Heard heard = hear("data: {\"error\":{\"message\":\"model 'x' not found\",\"type\":\"invalid_request_error\"}}\n\n" + delta("more"), 3);
  EXPECT_EQ(heard.events, (std::vector<std::string>{"error: The endpoint says: model 'x' not found"}));
  EXPECT_EQ(heard.text, "");
  heard = hear("data: {not json\n\n" + delta("more"), 2);
  ASSERT_EQ(heard.events.size(), 1u);
  EXPECT_NE(heard.events[0].find("not the JSON"), std::string::npos);
  heard = hear("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":2}}\n\n", 4);
  ASSERT_EQ(heard.events.size(), 1u);
  EXPECT_NE(heard.events[0].find("usage"), std::string::npos);
  heard = hear("data: {\"choices\":[{\"delta\":{\"content\":42}}]}\n\n", 9);
  ASSERT_EQ(heard.events.size(), 1u);
  EXPECT_NE(heard.events[0].find("not text"), std::string::npos);
  // A line that never ends stops at 1 MiB rather than growing.
  heard = hear("data: " + std::string((1 << 20) + 10, 'x'), 65536);
  ASSERT_EQ(heard.events.size(), 1u);
  EXPECT_NE(heard.events[0].find("1 MiB"), std::string::npos);
}

TEST(Completion, AWholeReplyGivesItsTextAndUsage) {
  const auto events = mm::core::read_completion_json(
      R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::Text);
  EXPECT_EQ(events[0].text, "Hello!");
  EXPECT_EQ(events[1].kind, Kind::Usage);
  EXPECT_EQ(events[1].usage.prompt_tokens, 5);
  EXPECT_EQ(events[1].usage.completion_tokens, 2);
  // No usage reported: only the text (the caller estimates and says so).
  const auto bare = mm::core::read_completion_json(R"({"choices":[{"message":{"content":"Hi"}}],"usage":null})");
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].text, "Hi");
}

TEST(Completion, EstimatesAndCostsRoundUpPartByPart) {
  EXPECT_EQ(mm::core::estimate_tokens(""), 0);
  EXPECT_EQ(mm::core::estimate_tokens("a"), 1);
  EXPECT_EQ(mm::core::estimate_tokens("abcd"), 1);
  EXPECT_EQ(mm::core::estimate_tokens("abcde"), 2);
  EXPECT_EQ(mm::core::estimate_tokens("Grüße"), 2);  // 7 bytes of UTF-8
  // 1,234 prompt tokens at $0.002/1K = 2,468 µcr; 567 completion tokens at $0.006/1K = 3,402 µcr.
  EXPECT_EQ(mm::core::completion_cost({1234, 567}, 2000, 6000), 2468 + 3402);
  // Each part rounds up on its own: 1 token at 1,500 µcr/1K is 2 µcr, twice.
  EXPECT_EQ(mm::core::completion_cost({1, 1}, 1500, 1500), 4);
  EXPECT_EQ(mm::core::completion_cost({0, 0}, 1500, 1500), 0);
  EXPECT_FALSE(mm::core::completion_cost({-1, 1}, 1500, 1500));
  EXPECT_FALSE(mm::core::completion_cost({2'000'000'000, 1}, 1500, 1500));
}
