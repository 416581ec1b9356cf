#include "core/ledger.h"

#include <gtest/gtest.h>

#include "test_support.h"

using namespace mm::core;

namespace {

Model model(std::string slug, Micros price, std::string owner = "Larkspur Labs") {
  Model m;
  m.slug = slug;
  m.name = slug;
  m.owner = std::move(owner);
  m.category = "LLM";
  m.price_per_1k_ucr = price;
  return m;
}

// Applies an operation's record, failing the test if the operation or the apply did not succeed.
void commit(Ledger& ledger, const Outcome& outcome) {
  ASSERT_TRUE(outcome.ok()) << outcome.error << ": " << outcome.message;
  ASSERT_TRUE(outcome.record.has_value());
  ASSERT_EQ(ledger.apply(*outcome.record), "");
}

struct LedgerTest : ::testing::Test {
  Model quill = model("quill-7b", 1200);
  Model pricey = model("pricey", 5'000'000);  // $5.00 per 1K tokens
  Ledger ledger{mm::test::policy_with({quill, pricey})};
  std::string ada = Ledger::profile_id_for("ada@example.org");
  std::int64_t now = 1'790'000'000'000;

  void SetUp() override { commit(ledger, ledger.create_profile("ada@example.org", "Ada", "", "email", now, "c-profile")); }
};

}  // namespace

TEST(CallCost, RoundsUpToTheMicroCredit) {
  EXPECT_EQ(call_cost(1000, 1200), 1200);
  EXPECT_EQ(call_cost(1, 1200), 2);    // 1.2 µcr -> 2
  EXPECT_EQ(call_cost(1, 400), 1);     // 0.4 µcr -> 1
  EXPECT_EQ(call_cost(2500, 400), 1000);
  EXPECT_FALSE(call_cost(0, 1200));
  EXPECT_FALSE(call_cost(-5, 1200));
  EXPECT_FALSE(call_cost(std::numeric_limits<std::int64_t>::max(), 1200));
}

TEST(PlatformFee, IsTenPercentRoundedDownByDefault) {
  EXPECT_EQ(LedgerPolicy{}.pricing.platform_fee_bps, 1000);
  EXPECT_EQ(platform_fee(1200, 1000), 120);
  EXPECT_EQ(platform_fee(9, 1000), 0);
  EXPECT_EQ(platform_fee(19, 1000), 1);
}

TEST_F(LedgerTest, ANewProfileGetsExactlyTwentyFiveDollarsOnce) {
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 25'000'000);
  EXPECT_EQ(ledger.balance(kGrantsAccount), -25'000'000);
  const Outcome again = ledger.create_profile("ADA@example.org", "Ada", "", "email", now, "c-2");
  EXPECT_EQ(again.error, "profile_exists");
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 25'000'000);
}

TEST_F(LedgerTest, UnlockIsFreeRecordedAndASecondUnlockIsNotASecondPurchase) {
  commit(ledger, ledger.unlock(ada, quill, now, "c-u1"));
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 25'000'000);
  EXPECT_EQ(ledger.model_activity("quill-7b")->purchases, 1);
  const Outcome again = ledger.unlock(ada, quill, now, "c-u2");
  EXPECT_TRUE(again.ok());
  EXPECT_FALSE(again.record.has_value());
  EXPECT_EQ(again.data["already_owned"], true);
  EXPECT_EQ(ledger.model_activity("quill-7b")->purchases, 1);
}

TEST_F(LedgerTest, AUsageCallDebitsTheWalletAndSplitsBetweenOwnerAndPlatform) {
  commit(ledger, ledger.unlock(ada, quill, now, "c-u"));
  const Outcome call = ledger.use(ada, quill, 2500, now, "c-call");
  commit(ledger, call);
  EXPECT_EQ(call.data["cost_ucr"], 3000);
  EXPECT_EQ(call.data["balance_ucr"], 25'000'000 - 3000);
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 25'000'000 - 3000);
  EXPECT_EQ(ledger.balance(revenue_account("Larkspur Labs")), 2700);
  EXPECT_EQ(ledger.balance(kPlatformFeesAccount), 300);
  EXPECT_TRUE(postings_balance(call.record->postings));
  const ModelActivity* stats = ledger.model_activity("quill-7b");
  EXPECT_EQ(stats->calls, 1);
  EXPECT_EQ(stats->tokens, 2500);
  EXPECT_EQ(stats->revenue_ucr, 2700);
  const ProfileActivity* mine = ledger.activity(ada);
  EXPECT_EQ(mine->total_calls, 1);
  EXPECT_EQ(mine->total_spent_ucr, 3000);
  ASSERT_EQ(mine->usage.size(), 1u);
  EXPECT_EQ(mine->usage[0].tokens, 2500);
  EXPECT_EQ(ledger.check_invariants(), "");
}

TEST_F(LedgerTest, EachErrorPathLeavesTheLedgerUnchanged) {
  const nlohmann::json before = ledger.to_json();
  EXPECT_EQ(ledger.use(ada, quill, 1000, now, "x1").error, "not_owned");
  EXPECT_EQ(ledger.rate(ada, quill, 5, now, "x2").error, "not_owned");
  EXPECT_EQ(ledger.use("p-nobody", quill, 1000, now, "x3").error, "not_signed_in");
  EXPECT_EQ(ledger.unlock("p-nobody", quill, now, "x4").error, "not_signed_in");
  EXPECT_EQ(ledger.to_json(), before);
  commit(ledger, ledger.unlock(ada, quill, now, "c-u"));
  const nlohmann::json owned = ledger.to_json();
  for (std::int64_t tokens : {0LL, -1LL, 10'000'001LL}) EXPECT_EQ(ledger.use(ada, quill, tokens, now, "x5").error, "invalid_tokens");
  for (std::int64_t stars : {0LL, 6LL}) EXPECT_EQ(ledger.rate(ada, quill, stars, now, "x6").error, "invalid_stars");
  EXPECT_EQ(ledger.to_json(), owned);
}

TEST_F(LedgerTest, SpendingToExactlyZeroWorksAndTheNextCallIsRefused) {
  commit(ledger, ledger.unlock(ada, pricey, now, "c-u"));
  commit(ledger, ledger.use(ada, pricey, 5000, now, "c-1"));  // exactly $25.00
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 0);
  const Outcome refused = ledger.use(ada, pricey, 1, now, "c-2");
  EXPECT_EQ(refused.error, "insufficient_credits");
  EXPECT_NE(refused.message.find("$0.00"), std::string::npos) << refused.message;  // says the balance
  EXPECT_NE(refused.message.find("$0.005"), std::string::npos) << refused.message;  // and the cost
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 0);
}

TEST_F(LedgerTest, RatingsAreOnePerProfileAndChangeable) {
  commit(ledger, ledger.unlock(ada, quill, now, "c-u"));
  commit(ledger, ledger.rate(ada, quill, 5, now, "r-1"));
  commit(ledger, ledger.rate(ada, quill, 2, now, "r-2"));
  const ModelActivity* stats = ledger.model_activity("quill-7b");
  EXPECT_EQ(stats->rating_count, 1);
  EXPECT_EQ(stats->rating_sum, 2);
  EXPECT_EQ(ledger.activity(ada)->ratings.at("quill-7b"), 2);
}

TEST_F(LedgerTest, ApplyRefusesRecordsThatDoNotFitAndChangesNothing) {
  commit(ledger, ledger.unlock(ada, quill, now, "c-u"));
  Outcome call = ledger.use(ada, quill, 1000, now, "c-call");
  const nlohmann::json before = ledger.to_json();

  JournalRecord unbalanced = *call.record;
  unbalanced.postings[1].amount_ucr += 1;
  ledger.chain(unbalanced);
  EXPECT_NE(ledger.apply(unbalanced), "");

  JournalRecord overdraft = *call.record;
  overdraft.data["cost_ucr"] = 30'000'000;
  overdraft.data["balance_ucr"] = -5'000'000;
  overdraft.postings = {{wallet_account(ada), -30'000'000}, {revenue_account("x"), 30'000'000}};
  ledger.chain(overdraft);
  EXPECT_NE(ledger.apply(overdraft), "");

  JournalRecord skipped = *call.record;
  skipped.seq += 1;
  skipped.hash = skipped.compute_hash();
  EXPECT_NE(ledger.apply(skipped), "");

  JournalRecord edited = *call.record;
  edited.data["tokens"] = 1;  // hash no longer matches
  EXPECT_NE(ledger.apply(edited), "");
  EXPECT_EQ(ledger.to_json(), before);

  EXPECT_EQ(ledger.apply(*call.record), "");
  EXPECT_NE(ledger.apply(*call.record), "");  // the same record twice breaks the chain
}

TEST_F(LedgerTest, TheDerivedStateRoundTripsThroughJson) {
  commit(ledger, ledger.unlock(ada, quill, now, "c-u"));
  commit(ledger, ledger.use(ada, quill, 777, now, "c-call"));
  commit(ledger, ledger.rate(ada, quill, 4, now, "c-rate"));
  const auto copy = Ledger::from_json(ledger.to_json());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->to_json(), ledger.to_json());
  // Snapshots leave the command ids out; remember_command restores them from the records.
  auto without_ids = Ledger::from_json(ledger.to_json(/*with_command_ids=*/false));
  ASSERT_TRUE(without_ids.has_value());
  EXPECT_FALSE(without_ids->result_of_command("c-call"));
  EXPECT_EQ(copy->result_of_command("c-call"), ledger.result_of_command("c-call"));
  EXPECT_EQ(ledger.result_of_command("c-call")->at("cost_ucr"), 933);  // ceil(777 * 1.2)
}
