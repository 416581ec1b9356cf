// Real models behind listings, without the network: an endpoint is set by its listing's owner (a secret of the
// device: never in the journal or an export), and a completion goes start -> reply bytes -> finish exactly as
// the bridge drives it, billed by the usage reported (or estimated, and said so), with every failure billing
// nothing. The bytes here are what an OpenAI-compatible server sends (tests/openai_server.mjs sends the same
// to the browser in the e2e tests).
#include <gtest/gtest.h>

#include "app/session.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"

using namespace mm::app;
using nlohmann::json;

namespace {

constexpr const char* kKey = "sk-test-0123456789abcdef";

struct EndpointTest : ::testing::Test {
  mm::test::MemoryStorage storage;
  Session session{storage};
  Context ctx = Context::at(1'790'000'000'000);

  void SetUp() override {
    session.load(mm::assets::catalog_json_text(), ctx);
    ASSERT_TRUE(session.sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(run({{"type", "listModel"}, {"name", "Local Llama"}, {"category", "LLM"}, {"tags", "chat"},
                     {"price_per_1k_ucr", 2000}, {"input_per_1k_ucr", 1000}, {"output_per_1k_ucr", 3000},
                     {"latency_ms", 300}, {"description", "llama.cpp on my machine."}}).ok);
    ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "local-llama"}}).ok);
    ASSERT_TRUE(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://127.0.0.1:8080"},
                     {"model", "echo"}, {"api_key", kKey}, {"max_output_tokens", 50}}).ok);
  }
  Result run(const json& cmd) {
    ctx.now_ms += 1000;
    return session.submit(Command::from_json(cmd), ctx);
  }
  mm::core::Micros balance() const { return session.snapshot()["profile"]["balance_ucr"].get<mm::core::Micros>(); }
  std::string start(const std::string& prompt = "Hello there") {
    const Result started = run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", prompt}});
    EXPECT_TRUE(started.ok) << started.message;
    return started.data.value("completion", "");
  }
  Result finish(const std::string& id, const std::string& ended = "complete", const json& failure = nullptr) {
    json cmd = {{"type", "finishCompletion"}, {"completion", id}, {"ended", ended}};
    if (!failure.is_null()) cmd["failure"] = failure;
    return run(cmd);
  }
  static std::string sse(const std::vector<std::string>& words, const json& usage) {
    std::string out = ": keep-alive\n\n";
    for (const std::string& w : words) out += "data: " + json{{"choices", {{{"delta", {{"content", w}}}}}}}.dump() + "\n\n";
    if (!usage.is_null()) out += "data: " + json{{"choices", json::array()}, {"usage", usage}}.dump() + "\n\n";
    return out + "data: [DONE]\n\n";
  }
};

}  // namespace

TEST_F(EndpointTest, AnEndpointIsTheOwnersAndItsKeyNeverLeavesTheDevice) {
  const json shown = session.snapshot()["endpoints"]["local-llama"];
  EXPECT_EQ(shown["base_url"], "http://127.0.0.1:8080/v1");
  EXPECT_EQ(shown["model"], "echo");
  EXPECT_EQ(shown["has_key"], true);
  EXPECT_EQ(shown["key_hint"], "••••cdef");
  EXPECT_EQ(session.snapshot().dump().find(kKey), std::string::npos);
  EXPECT_EQ(session.export_state().dump().find(kKey), std::string::npos);
  for (const auto& [name, bytes] : storage.files)
    if (name != "endpoints.json") {
      EXPECT_EQ(bytes.find(kKey), std::string::npos) << name;
    }
  ASSERT_TRUE(storage.files.count("endpoints.json"));
  // It survives a reload; a field left out keeps what was set, an empty key removes the key.
  Session reopened{storage};
  reopened.load(mm::assets::catalog_json_text(), ctx);
  EXPECT_EQ(reopened.snapshot()["endpoints"]["local-llama"]["has_key"], true);
  ASSERT_TRUE(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://127.0.0.1:8080/v1/"}, {"model", "echo"}}).ok);
  EXPECT_EQ(session.snapshot()["endpoints"]["local-llama"]["has_key"], true);
  EXPECT_EQ(session.snapshot()["endpoints"]["local-llama"]["max_output_tokens"], 50);
  ASSERT_TRUE(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://127.0.0.1:8080"}, {"model", "echo"}, {"api_key", ""}}).ok);
  EXPECT_EQ(session.snapshot()["endpoints"]["local-llama"]["has_key"], false);
  // Moved to another server, the key is dropped (it was for the old one) unless given again.
  ASSERT_TRUE(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://127.0.0.1:8080"}, {"model", "echo"},
                   {"api_key", kKey}}).ok);
  const Result moved = run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "https://api.other.example/v1"}, {"model", "echo"}});
  ASSERT_TRUE(moved.ok);
  EXPECT_EQ(moved.data["key_removed"], true);
  EXPECT_EQ(session.snapshot()["endpoints"]["local-llama"]["has_key"], false);
  ASSERT_TRUE(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://127.0.0.1:8080"}, {"model", "echo"}}).ok);
  // Each bad field has its message; nothing changes.
  const Result bad = run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "ftp://x"}, {"model", ""},
                          {"max_output_tokens", 0}});
  EXPECT_EQ(bad.error, "invalid_endpoint");
  for (const char* field : {"base_url", "model", "max_output_tokens"}) EXPECT_TRUE(bad.data["fields"].contains(field)) << field;
  // Only the listing's owner sets it; a built-in model has none.
  ASSERT_TRUE(session.sign_in_verified("bob@example.org", "Bob", ctx).ok);
  EXPECT_EQ(run({{"type", "setEndpoint"}, {"slug", "local-llama"}, {"base_url", "http://evil.example"}, {"model", "x"}}).error,
            "not_your_listing");
  EXPECT_EQ(run({{"type", "removeEndpoint"}, {"slug", "quill-7b"}}).error, "not_your_listing");
  EXPECT_EQ(session.snapshot()["endpoints"]["local-llama"]["base_url"], "http://127.0.0.1:8080/v1");
}

TEST_F(EndpointTest, AStreamedReplyIsBilledByItsReportedUsageInOneRecord) {
  const Result started = run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", "Hello there"}});
  ASSERT_TRUE(started.ok) << started.message;
  EXPECT_EQ(started.data["request"]["url"], "http://127.0.0.1:8080/v1/chat/completions");
  EXPECT_EQ(started.data["request"]["headers"]["Authorization"], std::string("Bearer ") + kKey);
  EXPECT_EQ(json::parse(started.data["request"]["body"].get<std::string>())["model"], "echo");
  const std::string id = started.data["completion"];
  const std::int64_t records = session.state().ledger.last_seq();
  const mm::core::Micros before = balance();
  // The reply arrives in small pieces, split anywhere; the answer grows as it does.
  const std::string reply = sse({"You ", "said: ", "Hello ", "there"}, {{"prompt_tokens", 3}, {"completion_tokens", 4}});
  for (std::size_t i = 0; i < reply.size(); i += 7) EXPECT_EQ(session.feed_completion(id, reply.substr(i, 7), true), "");
  EXPECT_EQ(session.snapshot()["completions"][id]["text"], "You said: Hello there");
  EXPECT_EQ(session.state().ledger.last_seq(), records);  // nothing billed while it streams
  const Result done = finish(id);
  ASSERT_TRUE(done.ok) << done.message;
  EXPECT_EQ(done.data["text"], "You said: Hello there");
  EXPECT_EQ(done.data["prompt_tokens"], 3);
  EXPECT_EQ(done.data["completion_tokens"], 4);
  EXPECT_EQ(done.data["usage"], "reported");
  EXPECT_EQ(done.data["simulated"], false);
  EXPECT_EQ(done.data["cost_ucr"], 3 + 12);  // ceil(3 × 1,000 / 1,000) + ceil(4 × 3,000 / 1,000)
  EXPECT_EQ(balance(), before - 15);
  EXPECT_EQ(session.state().ledger.last_seq(), records + 1);
  EXPECT_TRUE(session.snapshot()["completions"].empty());
}

TEST_F(EndpointTest, WithoutUsageTheTokensAreEstimatedAndSaidSo) {
  const std::string id = start("12345678");  // 8 bytes: 2 tokens
  session.feed_completion(id, sse({"abcd", "efgh", "ij"}, nullptr), true);  // 10 bytes: 3 tokens
  const Result done = finish(id);
  ASSERT_TRUE(done.ok) << done.message;
  EXPECT_EQ(done.data["usage"], "estimated");
  EXPECT_EQ(done.data["prompt_tokens"], 2);
  EXPECT_EQ(done.data["completion_tokens"], 3);
  // A whole (non-streamed) reply works too.
  const std::string whole = start();
  session.feed_completion(whole,
                  R"({"choices":[{"message":{"content":"Hi"}}],"usage":{"prompt_tokens":5,"completion_tokens":1}})", false);
  const Result read = finish(whole);
  ASSERT_TRUE(read.ok) << read.message;
  EXPECT_EQ(read.data["text"], "Hi");
  EXPECT_EQ(read.data["usage"], "reported");
}

TEST_F(EndpointTest, EveryFailureSaysWhatHappenedAndBillsNothing) {
  const std::int64_t records = session.state().ledger.last_seq();
  const std::vector<std::pair<json, std::string>> failures = {
      {{{"kind", "offline"}}, "endpoint_offline"},
      {{{"kind", "network"}}, "endpoint_network"},
      {{{"kind", "cors"}}, "endpoint_cors"},
      {{{"kind", "mixed_content"}}, "endpoint_mixed_content"},
      {{{"kind", "timeout"}}, "endpoint_timeout"},
      {{{"kind", "status"}, {"status", 401}, {"body", R"({"error":{"message":"Invalid API key."}})"}}, "endpoint_unauthorized"},
      {{{"kind", "status"}, {"status", 404}, {"body", R"({"error":{"message":"no model"}})"}}, "endpoint_not_found"},
      {{{"kind", "status"}, {"status", 429}, {"retry_after", "7"}}, "endpoint_rate_limited"},
      {{{"kind", "status"}, {"status", 503}, {"body", "upstream down"}}, "endpoint_server_error"}};
  for (const auto& [failure, code] : failures) {
    const Result failed = finish(start(), "failed", failure);
    EXPECT_EQ(failed.error, code);
    EXPECT_NE(failed.message.find("Nothing was billed."), std::string::npos) << failed.message;
    EXPECT_EQ(failed.data["billed"], false);
  }
  EXPECT_NE(finish(start(), "failed", {{"kind", "cors"}}).message.find("OLLAMA_ORIGINS"), std::string::npos);
  EXPECT_NE(finish(start(), "failed", {{"kind", "status"}, {"status", 429}, {"retry_after", "7"}}).message.find("7 s"), std::string::npos);
  EXPECT_NE(finish(start(), "failed", {{"kind", "status"}, {"status", 401}, {"body", R"({"error":{"message":"Invalid API key."}})"}})
                .message.find("Invalid API key."),
            std::string::npos);
  // Malformed replies: a broken event, a whole reply that is not JSON.
  std::string id = start();
  EXPECT_NE(session.feed_completion(id, "data: {\"choices\": [\n\n", true), "");
  EXPECT_EQ(finish(id, "failed").error, "endpoint_malformed");
  id = start();
  session.feed_completion(id, "{\"choices\": [", false);
  EXPECT_EQ(finish(id).error, "endpoint_malformed");
  // More tokens reported than the worst case authorized (a prompt far longer than it was): not billed.
  id = start();
  session.feed_completion(id, sse({"a"}, {{"prompt_tokens", 9'000'000}, {"completion_tokens", 1}}), true);
  EXPECT_EQ(finish(id).error, "over_authorized");
  // More reply than asked for (50 tokens here): not billed.
  id = start();
  session.feed_completion(id, sse({"a"}, {{"prompt_tokens", 3}, {"completion_tokens", 51}}), true);
  const Result too_long = finish(id);
  EXPECT_EQ(too_long.error, "endpoint_too_long");
  // Stopped with nothing reported: not billed, and it says so.
  id = start();
  session.feed_completion(id, "data: {\"choices\":[{\"delta\":{\"content\":\"You \"}}]}\n\n", true);
  const Result stopped = finish(id, "stopped");
  EXPECT_TRUE(stopped.ok);
  EXPECT_EQ(stopped.data["billed"], false);
  EXPECT_NE(stopped.data["message"].get<std::string>().find("reported no usage"), std::string::npos);
  EXPECT_EQ(session.state().ledger.last_seq(), records);
  EXPECT_EQ(finish("completion-999").error, "unknown_completion");
  // Signed out while it answered: it still ends (unbilled), freeing its place.
  id = start();
  session.feed_completion(id, sse({"Hi"}, {{"prompt_tokens", 2}, {"completion_tokens", 1}}), true);
  ASSERT_TRUE(run({{"type", "signOut"}}).ok);
  const Result after_sign_out = finish(id);
  EXPECT_EQ(after_sign_out.error, "profile_changed");
  EXPECT_NE(after_sign_out.message.find("signed out"), std::string::npos);
  EXPECT_TRUE(session.snapshot()["completions"].empty());
  ASSERT_TRUE(session.sign_in_verified("ada@example.org", "Ada", ctx).ok);
  // A request id still being answered is not asked again.
  ASSERT_TRUE(run({{"type", "startCompletion"}, {"id", "ask-1"}, {"slug", "local-llama"}, {"prompt", "x"}}).ok);
  EXPECT_EQ(run({{"type", "startCompletion"}, {"id", "ask-1"}, {"slug", "local-llama"}, {"prompt", "x"}}).error, "in_flight");
  // At most 4 in flight; each holds its worst case from the balance.
  for (int i = 0; i < 3; ++i) start();  // (ask-1 is the first)
  EXPECT_EQ(run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", "x"}}).error, "too_many_requests");
}

TEST_F(EndpointTest, TheWorstCaseMustBeCoveredAndBuiltInModelsAnswerSimulated) {
  // A built-in model answers at once, simulated, billed as a usage call of its tokens.
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}}).ok);
  const mm::core::Micros before = balance();
  const Result simulated = run({{"type", "startCompletion"}, {"slug", "quill-7b"}, {"prompt", "What is a token?"}});
  ASSERT_TRUE(simulated.ok) << simulated.message;
  EXPECT_EQ(simulated.data["simulated"], true);
  EXPECT_NE(simulated.data["text"].get<std::string>().find("What is a token?"), std::string::npos);
  EXPECT_EQ(balance(), before - simulated.data["cost_ucr"].get<mm::core::Micros>());
  EXPECT_EQ(run({{"type", "startCompletion"}, {"slug", "quill-7b"}, {"prompt", "What is a token?"}}).data["text"],
            simulated.data["text"]);  // the same answer to the same prompt
  EXPECT_EQ(run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", "  "}}).error, "invalid_prompt");
  EXPECT_EQ(run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", "x"}, {"max_output_tokens", 51}}).error,
            "invalid_max_output_tokens");
  // Spend nearly everything: a prompt whose worst case is not covered is refused before anything is sent.
  ASSERT_TRUE(run({{"type", "use"}, {"slug", "local-llama"}, {"tokens", 10'000'000}}).ok);  // $20.00
  ASSERT_TRUE(run({{"type", "use"}, {"slug", "local-llama"}, {"tokens", 2'490'000}}).ok);   // $4.98: $0.02 left
  const Result broke = run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", std::string(190'000, 'x')}});
  EXPECT_EQ(broke.error, "insufficient_credits") << broke.message;
  // What answers still coming may cost is held: two that fit alone do not fit together.
  const Result first = run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", std::string(40'000, 'x')}});
  ASSERT_TRUE(first.ok) << first.message;  // about 12,500 prompt tokens held: $0.0127 of the $0.02 left
  const Result second = run({{"type", "startCompletion"}, {"slug", "local-llama"}, {"prompt", std::string(40'000, 'x')}});
  EXPECT_EQ(second.error, "insufficient_credits");
  EXPECT_NE(second.message.find("held for answers still coming"), std::string::npos) << second.message;
  ASSERT_TRUE(finish(first.data["completion"], "stopped").ok);
  // `complete` itself needs the browser (it waits for the network).
  EXPECT_EQ(run({{"type", "complete"}, {"slug", "local-llama"}, {"prompt", "x"}}).error, "needs_bridge");
}
