// Completions from a listing's endpoint through the ledger: separate input and output prices, the worst case
// authorized before sending, one "complete" record per reply (reported or estimated usage; a stopped or
// failed request billed only for reported usage), billing plans applying to it, every refusal leaving the
// ledger unchanged, and replay refusing a forged, re-hashed record.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/completion.h"
#include "core/ledger.h"

using namespace mm::core;
using nlohmann::json;

namespace {

constexpr Micros kAnyCost = 1'000'000'000;  // a worst case authorized that no bill here reaches

struct CompletionLedger : ::testing::Test {
  Ledger ledger;
  std::vector<JournalRecord> history;
  std::int64_t now = days_from_civil({2026, 12, 1}) * kDayMs;
  std::string ada = Ledger::profile_id_for("ada@example.org");  // lists the model
  std::string bob = Ledger::profile_id_for("bob@example.org");  // asks it
  const std::string llama = "local-llama";

  void SetUp() override {
    commit(ledger.create_profile("ada@example.org", "Ada", "", "email", now, ""));
    commit(ledger.create_profile("bob@example.org", "Bob", "", "email", now, ""));
    ListingDraft draft;
    draft.name = "Local Llama";
    draft.slug = llama;
    draft.category = "LLM";
    draft.tags = {"chat"};
    draft.price_per_1k_ucr = 2000;
    draft.input_per_1k_ucr = 1000;   // $0.001 per 1K prompt tokens
    draft.output_per_1k_ucr = 3000;  // $0.003 per 1K reply tokens
    draft.latency_ms = 300;
    draft.description = "A llama.cpp server on my machine.";
    commit(ledger.list_model(ada, draft, now, "", [](const std::string&) { return false; }));
    commit(ledger.unlock(bob, model(), now, ""));
  }
  const Model& model() const { return *ledger.listing(llama); }
  json commit(const Outcome& outcome) {
    EXPECT_TRUE(outcome.ok()) << outcome.error << ": " << outcome.message;
    if (!outcome.record) return outcome.data;
    EXPECT_EQ(ledger.apply(*outcome.record), "");
    history.push_back(*outcome.record);
    EXPECT_EQ(ledger.check_invariants(), "");
    return outcome.data;
  }
  Micros wallet(const std::string& who) const { return ledger.balance(wallet_account(who)); }
};

}  // namespace

TEST_F(CompletionLedger, AReplyIsBilledAtItsInputAndOutputPricesInOneRecord) {
  EXPECT_EQ(input_price_of(model()), 1000);
  EXPECT_EQ(output_price_of(model()), 3000);
  const Micros before = wallet(bob);
  const json result = commit(ledger.complete(bob, model(), {1234, 567, false, "complete", kAnyCost}, now + 1, "c-1"));
  // ceil(1,234 × 1,000 / 1,000) + ceil(567 × 3,000 / 1,000) = 1,234 + 1,701.
  EXPECT_EQ(result["cost_ucr"], 2935);
  EXPECT_EQ(wallet(bob), before - 2935);
  EXPECT_EQ(result["prompt_tokens"], 1234);
  EXPECT_EQ(result["completion_tokens"], 567);
  EXPECT_EQ(result["usage"], "reported");
  EXPECT_EQ(result["platform_fee_ucr"], 293);  // 10%, rounded down
  EXPECT_EQ(result["owner_ucr"], 2935 - 293);
  const JournalRecord& record = history.back();
  EXPECT_EQ(record.kind, "complete");
  EXPECT_EQ(record.data["input_per_1k_ucr"], 1000);
  EXPECT_EQ(record.data["output_per_1k_ucr"], 3000);
  EXPECT_EQ(ledger.model_activity(llama)->calls, 1);
  EXPECT_EQ(ledger.model_activity(llama)->tokens, 1234 + 567);
  EXPECT_EQ(ledger.activity(bob)->total_spent_ucr, 2935);
  // An estimate says so on the record.
  const json estimated = commit(ledger.complete(bob, model(), {10, 20, true, "complete", kAnyCost}, now + 2, ""));
  EXPECT_EQ(estimated["usage"], "estimated");
  // Replayed through a fresh ledger: the same state.
  Ledger fresh;
  for (const JournalRecord& r : history) ASSERT_EQ(fresh.apply(r), "") << r.to_line();
  EXPECT_EQ(fresh.to_json(), ledger.to_json());
}

TEST_F(CompletionLedger, WithoutSeparatePricesBothAreThePrice) {
  Model plain = model();
  plain.input_per_1k_ucr = plain.output_per_1k_ucr = 0;
  EXPECT_EQ(input_price_of(plain), 2000);
  EXPECT_EQ(output_price_of(plain), 2000);
}

TEST_F(CompletionLedger, TheWorstCaseMustBeCoveredBeforeAnythingIsSent) {
  const json ok = commit(ledger.authorize_completion(bob, model(), 100, 1000, now));
  EXPECT_EQ(ok["worst_case_ucr"], 100 + 3000);
  EXPECT_TRUE(history.back().kind != "complete");  // authorizing records nothing
  // Bob's $25.00 does not cover 10M prompt tokens and 100,000 reply tokens at these prices ($10.30): it does.
  EXPECT_TRUE(ledger.authorize_completion(bob, model(), 10'000'000, 100'000, now).ok());
  // Drained to a few µcr, it does not, and says what it might have cost.
  commit(ledger.complete(bob, model(), {0, 8'333'000, false, "complete", kAnyCost}, now + 1, ""));
  const Outcome refused = ledger.authorize_completion(bob, model(), 100, 1000, now + 2);
  EXPECT_EQ(refused.error, "insufficient_credits");
  EXPECT_NE(refused.message.find("$0.0031"), std::string::npos) << refused.message;
  EXPECT_EQ(ledger.authorize_completion(bob, model(), 0, 10, now).error, "invalid_prompt");
  EXPECT_EQ(ledger.authorize_completion(bob, model(), 10, 0, now).error, "invalid_max_output_tokens");
  EXPECT_EQ(ledger.authorize_completion(bob, model(), 10, kMaxOutputTokens + 1, now).error, "invalid_max_output_tokens");
  Model builtin = model();
  builtin.slug = "quill-7b";
  EXPECT_EQ(ledger.authorize_completion(bob, builtin, 10, 10, now).error, "no_endpoint");
  EXPECT_EQ(ledger.authorize_completion("p-nobody", model(), 10, 10, now).error, "not_signed_in");
}

TEST_F(CompletionLedger, StoppedOrFailedRequestsAreBilledOnlyForReportedUsageAndRefusalsChangeNothing) {
  EXPECT_TRUE(commit(ledger.complete(bob, model(), {100, 40, false, "stopped", kAnyCost}, now + 1, "")).is_object());
  const json before = ledger.to_json();
  for (const auto& [bill, error] : std::vector<std::pair<CompletionBill, std::string>>{
           {{100, 40, true, "stopped", kAnyCost}, "not_billable"},
           {{100, 40, true, "failed", kAnyCost}, "not_billable"},
           {{0, 0, false, "complete", kAnyCost}, "invalid_tokens"},
           {{-1, 5, false, "complete", kAnyCost}, "invalid_tokens"},
           {{5, kMaxTokensPerCall + 1, false, "complete", kAnyCost}, "invalid_tokens"},
           {{5, 5, false, "paused", kAnyCost}, "invalid_ended"},
           {{0, 9'000'000, false, "complete", kAnyCost}, "insufficient_credits"}}) {
    const Outcome refused = ledger.complete(bob, model(), bill, now + 2, "");
    EXPECT_EQ(refused.error, error) << bill.prompt_tokens << " " << bill.completion_tokens << " " << bill.ended;
    EXPECT_FALSE(refused.record.has_value());
  }
  EXPECT_EQ(ledger.complete(ada, model(), {1, 1, false, "complete", kAnyCost}, now, "").error, "not_owned");
  EXPECT_EQ(ledger.to_json(), before);
}

TEST_F(CompletionLedger, NeverMoreThanTheWorstCaseAuthorizedBeforeSending) {
  // 1,000 + 1,000 tokens cost 1,000 + 3,000 µcr: authorized for 3,999, it is refused whatever was reported.
  const json before = ledger.to_json();
  const Outcome over = ledger.complete(bob, model(), {1000, 1000, false, "complete", 3999}, now + 1, "");
  EXPECT_EQ(over.error, "over_authorized");
  EXPECT_EQ(ledger.complete(bob, model(), {1000, 1000, false, "complete", 0}, now + 1, "").error, "invalid_max_cost");
  EXPECT_EQ(ledger.to_json(), before);
  EXPECT_EQ(commit(ledger.complete(bob, model(), {1000, 1000, false, "complete", 4000}, now + 1, ""))["cost_ucr"], 4000);
  EXPECT_EQ(history.back().data["max_cost_ucr"], 4000);
  // A worst case shrunk on a re-hashed record does not replay.
  std::vector<JournalRecord> edited = history;
  edited.back().data["max_cost_ucr"] = 3999;
  Ledger fresh;
  std::string error;
  for (JournalRecord& r : edited) {
    fresh.chain(r);
    if (!(error = fresh.apply(r)).empty()) break;
  }
  EXPECT_NE(error, "");
}

TEST_F(CompletionLedger, BillingPlansApplyToACompletionAsACallOfAllItsTokens) {
  commit(ledger.set_charge_model(
      ada, llama,
      {{"type", "graduated"},
       {"ranges", json::array({{{"from_tokens", 0}, {"to_tokens", 1000}, {"per_1k_ucr", 5000}, {"flat_ucr", 0}},
                               {{"from_tokens", 1001}, {"to_tokens", nullptr}, {"per_1k_ucr", 1000}, {"flat_ucr", 0}}})}},
      now, ""));
  // What a call of all 1,500 tokens would cost through the tiers (the engine's own figure).
  const json quote = ledger.quote_use(bob, model(), 1500, now + 1).data;
  EXPECT_GT(quote["cost_ucr"].get<Micros>(), 1500 * 1000 / 1000);  // more than the bottom rate: tiers apply
  const json result = commit(ledger.complete(bob, model(), {600, 900, false, "complete", kAnyCost}, now + 1, ""));
  EXPECT_EQ(result["cost_ucr"], quote["cost_ucr"]);
  EXPECT_EQ(history.back().data["charged_by"], "graduated");
  Ledger fresh;
  for (const JournalRecord& r : history) ASSERT_EQ(fresh.apply(r), "") << r.to_line();
  EXPECT_EQ(fresh.to_json(), ledger.to_json());
}

TEST_F(CompletionLedger, AForgedReHashedCompletionIsRefusedOnReplay) {
  commit(ledger.complete(bob, model(), {1000, 1000, false, "complete", kAnyCost}, now + 1, ""));
  for (const auto& forge : std::vector<std::function<void(JournalRecord&)>>{
           [](JournalRecord& r) { r.data["cost_ucr"] = 1; },
           [](JournalRecord& r) { r.data["output_per_1k_ucr"] = 1; },
           [](JournalRecord& r) { r.data["usage"] = "made-up"; },
           [](JournalRecord& r) { r.data["completion_tokens"] = 1; },
           [](JournalRecord& r) { r.postings[0].amount_ucr += 1000; r.postings[1].amount_ucr -= 1000; }}) {
    std::vector<JournalRecord> edited = history;
    forge(edited.back());
    Ledger fresh;
    std::string error;
    for (JournalRecord& r : edited) {
      fresh.chain(r);  // re-hashed, as a forger would
      if (!(error = fresh.apply(r)).empty()) break;
    }
    EXPECT_NE(error, "") << edited.back().to_line();
  }
}
