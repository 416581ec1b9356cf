// Billing plans through the ledger: charge models on a listing against hand-computed tables, bundles drawn
// before the wallet and expiring when due, subscriptions (allowance, overage discount, renewal, past due,
// cancel, trial), loyalty cashback, every refusal leaving the ledger unchanged, and replay (a fresh ledger
// and a snapshot) agreeing with the live one — including refusing a history that skips a due event.
#include <gtest/gtest.h>

#include <random>

#include "app/session.h"
#include "core/calendar.h"
#include "core/ledger.h"
#include "core/sha256.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"
#include "test_support.h"

using namespace mm::core;
using nlohmann::json;

namespace {

struct BillingLedger : ::testing::Test {
  Ledger ledger;
  std::vector<JournalRecord> history;  // every record applied, to replay
  // 2026-12-01T00:00:00Z: months and periods start on round dates.
  std::int64_t now = days_from_civil({2026, 12, 1}) * kDayMs;
  std::string ada = Ledger::profile_id_for("ada@example.org");  // the owner
  std::string bob = Ledger::profile_id_for("bob@example.org");  // the buyer
  const std::string poet = "tiny-poet";

  void SetUp() override {
    commit(ledger.create_profile("ada@example.org", "Ada", "", "email", now, ""));
    commit(ledger.create_profile("bob@example.org", "Bob", "", "email", now, ""));
    ListingDraft draft;
    draft.name = "Tiny Poet";
    draft.slug = poet;
    draft.category = "LLM";
    draft.tags = {"poetry"};
    draft.price_per_1k_ucr = 2000;
    draft.latency_ms = 300;
    draft.description = "Writes short poems.";
    commit(ledger.list_model(ada, draft, now, "", [](const std::string&) { return false; }));
    commit(ledger.unlock(bob, *ledger.listing(poet), now, ""));
  }

  // Applies an operation's record (after recording what fell due before it, as dispatch does).
  json commit(const Outcome& outcome) {
    EXPECT_TRUE(outcome.ok()) << outcome.error << ": " << outcome.message;
    if (!outcome.record) return outcome.data;
    EXPECT_EQ(ledger.apply(*outcome.record), "");
    history.push_back(*outcome.record);
    EXPECT_EQ(ledger.check_invariants(), "");
    return outcome.data;
  }
  void settle(std::int64_t at) {
    for (Outcome due = ledger.due_event(at); due.record; due = ledger.due_event(at)) commit(due);
  }
  json call(std::int64_t tokens) {
    settle(now);
    return commit(ledger.use(bob, *ledger.listing(poet), tokens, now, ""));
  }
  void price(const json& charge_model) {
    settle(now);
    commit(ledger.set_charge_model(ada, poet, charge_model, now, ""));
  }
  Micros wallet(const std::string& who) const { return ledger.balance(wallet_account(who)); }
  // The same records applied to a fresh ledger, and a snapshot read back, give the same state.
  void expect_replays() {
    Ledger fresh;
    for (const JournalRecord& r : history) ASSERT_EQ(fresh.apply(r), "") << r.to_line();
    EXPECT_EQ(fresh.to_json(), ledger.to_json());
    const std::optional<Ledger> restored = Ledger::from_json(ledger.to_json(false));
    ASSERT_TRUE(restored.has_value());
    EXPECT_EQ(restored->to_json(false), ledger.to_json(false));
    EXPECT_EQ(restored->next_due_ms(), ledger.next_due_ms());
  }
};

json ranges(std::initializer_list<json> items) { return json(items); }
json range(std::int64_t from, json to, Micros per_1k, Micros flat = 0) {
  return {{"from_tokens", from}, {"to_tokens", to}, {"per_1k_ucr", per_1k}, {"flat_ucr", flat}};
}

TEST_F(BillingLedger, AGraduatedCallSpanningTwoTiersIsPricedPieceByPieceAndTheFlatFeeOnce) {
  price({{"type", "graduated"}, {"ranges", ranges({range(0, 1000, 1000), range(1001, nullptr, 500, 2000)})}});
  EXPECT_EQ(ledger.listing(poet)->price_per_1k_ucr, 1000);  // listed at its first rate
  const Micros before = wallet(bob);
  // 1,000 tokens at $0.001/1K = 1,000 µcr; 500 at $0.0005/1K = 250 µcr, plus the second tier's flat 2,000.
  json first = call(1500);
  EXPECT_EQ(first["cost_ucr"], 3250);
  EXPECT_EQ(first["platform_fee_ucr"], 325);
  EXPECT_EQ(first["owner_ucr"], 2925);
  EXPECT_EQ(first["billed"], json::parse(R"([{"source":"wallet","tokens":1500,"cost_ucr":3250}])"));
  EXPECT_EQ(call(100)["cost_ucr"], 50);  // still in the second tier: no flat fee again
  EXPECT_EQ(wallet(bob), before - 3300);
  EXPECT_EQ(history.back().data["month_tokens"], 1500);
  // A new UTC month starts over in the first tier.
  now = days_from_civil({2027, 1, 1}) * kDayMs;
  EXPECT_EQ(call(1000)["cost_ucr"], 1000);
  expect_replays();
}

TEST_F(BillingLedger, AVolumeTrueUpCreditsTheMonthsEarlierTokensBack) {
  price({{"type", "volume"}, {"ranges", ranges({range(0, 1000, 1000), range(1001, nullptr, 400)})}});
  const Micros before = wallet(bob), owner_before = ledger.balance(revenue_account(ada));
  EXPECT_EQ(call(800)["cost_ucr"], 800);
  // 1,200 tokens are all priced at the second tier: 480 µcr in all, so this call is 160 µcr for its own
  // 400 tokens and −480 µcr on the 800 before (they cost 800, now 320): −320 µcr, credited back.
  json second = call(400);
  EXPECT_EQ(second["cost_ucr"], -320);
  EXPECT_EQ(second["true_up_ucr"], -480);
  EXPECT_EQ(second["platform_fee_ucr"], -32);
  EXPECT_EQ(second["owner_ucr"], -288);
  EXPECT_EQ(wallet(bob), before - 480);  // the month's total equals the volume price of its tokens
  EXPECT_EQ(ledger.balance(revenue_account(ada)), owner_before + (800 - 80) - 288);
  EXPECT_EQ(ledger.activity(bob)->total_spent_ucr, 480);
  expect_replays();
}

TEST_F(BillingLedger, APackageChargesEachPackageStartedAfterTheFreeTokens) {
  price({{"type", "package"}, {"package_tokens", 1000}, {"package_ucr", 5000}, {"free_tokens", 500}});
  EXPECT_EQ(call(400)["cost_ucr"], 0);    // free
  EXPECT_EQ(call(200)["cost_ucr"], 5000);  // 100 billable: one package started
  EXPECT_EQ(call(900)["cost_ucr"], 0);    // 1,000 billable: still one
  EXPECT_EQ(call(1)["cost_ucr"], 5000);    // 1,001: the second
  expect_replays();
}

TEST_F(BillingLedger, TheMonthsTotalEqualsTheClosedFormPriceForRandomCallSequences) {
  std::mt19937_64 random(20261201);
  const json models[] = {
      {{"type", "graduated"}, {"ranges", ranges({range(0, 999, 900, 0), range(1000, 49'999, 700, 300), range(50'000, nullptr, 333, 1000)})}},
      {{"type", "volume"}, {"ranges", ranges({range(0, 2000, 1500), range(2001, 30'000, 800, 500), range(30'001, nullptr, 250, 0)})}},
      {{"type", "package"}, {"package_tokens", 777}, {"package_ucr", 1234}, {"free_tokens", 100}},
  };
  for (const json& model : models) {
    price(model);
    const ChargeModel parsed = *parse_charge_model(model).model;
    for (int month = 0; month < 4; ++month) {
      now = add_utc_months(days_from_civil({2027, 1, 1}) * kDayMs, month + 4 * static_cast<int>(&model - models));
      std::int64_t tokens = 0;
      Micros paid = 0;
      for (int i = 0; i < 30; ++i) {
        const std::int64_t n = 1 + static_cast<std::int64_t>(random() % 9000);
        paid += call(n)["cost_ucr"].get<Micros>();
        tokens += n;
        ASSERT_EQ(paid, *month_total(parsed, tokens)) << model.dump() << " after " << tokens << " tokens";
        now += 1000;
      }
    }
  }
  expect_replays();
}

TEST_F(BillingLedger, CallsDrawOnBundlesFirstThenTheWalletAndUnusedTokensExpireWhenDue) {
  const std::string offer = commit(ledger.offer_bundle(ada, poet, {{"tokens", 1000}, {"price_ucr", 1500}, {"valid_days", 30}}, now, ""))["bundle_id"];
  EXPECT_EQ(offer, "bundle-1");
  const Micros before = wallet(bob), owner_before = ledger.balance(revenue_account(ada));
  json bought = commit(ledger.buy_bundle(bob, offer, now, ""));
  EXPECT_EQ(bought["purchase"], "purchase-1");
  EXPECT_EQ(wallet(bob), before - 1500);
  EXPECT_EQ(ledger.balance(revenue_account(ada)), owner_before + 1350);  // minus the 10% platform fee
  EXPECT_EQ(ledger.revenue_by_source(revenue_account(ada)).bundles_ucr, 1350);

  json drawn = call(600);
  EXPECT_EQ(drawn["cost_ucr"], 0);
  EXPECT_EQ(drawn["billed"], json::parse(R"([{"source":"bundle","id":"purchase-1","tokens":600,"cost_ucr":0}])"));
  json split = call(1000);  // 400 left in the bundle, 600 from the wallet at $0.002/1K
  EXPECT_EQ(split["billed"], json::parse(R"([{"source":"bundle","id":"purchase-1","tokens":400,"cost_ucr":0},
                                              {"source":"wallet","tokens":600,"cost_ucr":1200}])"));
  EXPECT_EQ(split["cost_ucr"], 1200);

  // A second bundle expires unused: recorded at its due time, no money moves; later calls pay the wallet.
  commit(ledger.buy_bundle(bob, offer, now, ""));
  const std::int64_t expires = now + 30 * kDayMs;
  EXPECT_EQ(ledger.next_due_ms(), expires);
  now = expires + 5;
  const Micros wallet_before = wallet(bob);
  json after = call(1000);
  EXPECT_EQ(history[history.size() - 2].kind, "expire");
  EXPECT_EQ(history[history.size() - 2].time_ms, expires);
  EXPECT_EQ(history[history.size() - 2].data["tokens"], 1000);
  EXPECT_TRUE(history[history.size() - 2].postings.empty());
  EXPECT_EQ(after["cost_ucr"], 2000);
  EXPECT_EQ(wallet(bob), wallet_before - 2000);
  EXPECT_TRUE(ledger.activity(bob)->bundles[1].expired);
  expect_replays();
}

TEST_F(BillingLedger, ASubscriptionRenewsOnceAPeriodFallsBackToPayAsYouGoWhenPastDueAndEndsWhenCancelled) {
  const std::string plan = commit(ledger.offer_plan(ada, {{"name", "Poet Pro"}, {"fee_ucr", 5'000'000}, {"included_tokens", 2000},
                                                          {"models", "all"}, {"overage_discount_bps", 2500}},
                                                    now, ""))["plan_id"];
  const Micros start = wallet(bob);
  json subscribed = commit(ledger.subscribe(bob, plan, now, ""));
  EXPECT_EQ(subscribed["status"], "active");
  EXPECT_EQ(subscribed["period_end_ms"], add_utc_months(now, 1));
  EXPECT_EQ(wallet(bob), start - 5'000'000);
  EXPECT_EQ(ledger.revenue_by_source(revenue_account(ada)).subscriptions_ucr, 4'500'000);
  EXPECT_EQ(ledger.subscribe(bob, plan, now, "").error, "already_subscribed");

  // 1,500 of 2,000 included; then 500 included + 1,000 at $0.002/1K less 25% = 1,500 µcr.
  EXPECT_EQ(call(1500)["cost_ucr"], 0);
  json over = call(1500);
  EXPECT_EQ(over["billed"], json::parse(R"([{"source":"subscription","id":"plan-1","tokens":500,"cost_ucr":0},
                                             {"source":"wallet","tokens":1000,"cost_ucr":1500}])"));

  // The period ends: renewed once, at its due time, however late the next command comes.
  const std::int64_t first_end = add_utc_months(now, 1);
  now = first_end + 3 * kDayMs;
  settle(now);
  EXPECT_EQ(history.back().kind, "renew");
  EXPECT_EQ(history.back().time_ms, first_end);
  EXPECT_EQ(history.back().data["result"], "renewed");
  EXPECT_EQ(wallet(bob), start - 10'000'000 - 1500);
  EXPECT_EQ(call(2000)["cost_ucr"], 0);  // a fresh allowance

  // The wallet cannot cover the next renewal: past due, and calls pay as they go without the discount.
  commit(ledger.set_charge_model(ada, poet, {{"type", "standard"}, {"price_per_1k_ucr", 1'000'000}}, now, ""));
  EXPECT_EQ(call(8000)["cost_ucr"], 6'000'000);  // $8.00 less 25%
  EXPECT_EQ(call(8000)["cost_ucr"], 6'000'000);
  EXPECT_LT(wallet(bob), 5'000'000);
  commit(ledger.set_charge_model(ada, poet, {{"type", "standard"}, {"price_per_1k_ucr", 2000}}, now, ""));
  now = add_utc_months(first_end, 1) + 1;
  settle(now);
  EXPECT_EQ(history.back().data["result"], "past_due");
  EXPECT_TRUE(history.back().postings.empty());
  EXPECT_EQ(ledger.activity(bob)->subscriptions.at(plan).status, Subscription::Status::PastDue);
  json payg = call(1000);
  EXPECT_EQ(payg["billed"], json::parse(R"([{"source":"wallet","tokens":1000,"cost_ucr":2000}])"));

  // Cancelling a past-due subscription ends it now; there is nothing more to renew.
  json cancelled = commit(ledger.cancel_subscription(bob, plan, now, ""));
  EXPECT_EQ(cancelled["ends_ms"], now);
  EXPECT_EQ(ledger.activity(bob)->subscriptions.at(plan).status, Subscription::Status::Ended);
  EXPECT_EQ(ledger.next_due_ms(), std::nullopt);
  EXPECT_EQ(ledger.cancel_subscription(bob, plan, now, "").error, "not_subscribed");
  expect_replays();
}

TEST_F(BillingLedger, ATrialIsFreeThenTheFirstPeriodIsChargedAndACancelledPlanEndsAtThePeriodEnd) {
  const std::string plan = commit(ledger.offer_plan(ada, {{"name", "Try me"}, {"fee_ucr", 1'000'000}, {"included_tokens", 100},
                                                          {"models", {poet}}, {"trial_days", 7}},
                                                    now, ""))["plan_id"];
  const Micros start = wallet(bob);
  json trial = commit(ledger.subscribe(bob, plan, now, ""));
  EXPECT_EQ(trial["status"], "trialing");
  EXPECT_EQ(trial["fee_ucr"], 0);
  EXPECT_EQ(wallet(bob), start);
  const std::int64_t trial_end = now + 7 * kDayMs;
  now = trial_end;
  settle(now);
  EXPECT_EQ(history.back().data["result"], "renewed");
  EXPECT_EQ(history.back().data["period_end_ms"], add_utc_months(trial_end, 1));
  EXPECT_EQ(wallet(bob), start - 1'000'000);
  commit(ledger.cancel_subscription(bob, plan, now, ""));
  EXPECT_TRUE(ledger.cancel_subscription(bob, plan, now, "").data["already_cancelled"]);
  now = add_utc_months(trial_end, 1);
  settle(now);
  EXPECT_EQ(history.back().data["result"], "ended");
  EXPECT_EQ(wallet(bob), start - 1'000'000);  // no second charge
  // Subscribing again has no second trial.
  EXPECT_EQ(commit(ledger.subscribe(bob, plan, now, ""))["status"], "active");
  expect_replays();
}

TEST_F(BillingLedger, LoyaltyCashbackIsPaidFromThePlatformInTheCallsOwnRecord) {
  PricingPolicy policy;
  policy.loyalty = {{0, 0}, {10'000, 500}};  // 5% back from $0.01 of spend in the trailing 30 days
  commit(ledger.set_pricing(ada, policy, now, ""));
  json first = call(5000);  // 10,000 µcr: below the tier before the call
  EXPECT_EQ(first["cashback_ucr"], 0);
  json second = call(5000);
  EXPECT_EQ(second["cashback_ucr"], 500);
  EXPECT_EQ(ledger.balance(kLoyaltyAccount), -500);
  EXPECT_EQ(ledger.loyalty(bob, now).tier, 1u);
  // 31 days later the old spend is out of the window.
  now += 31 * kDayMs;
  EXPECT_EQ(ledger.trailing_spend(bob, now), 0);
  EXPECT_EQ(call(5000)["cashback_ucr"], 0);
  expect_replays();
}

TEST_F(BillingLedger, EveryRefusalSaysWhyAndChangesNothing) {
  commit(ledger.offer_bundle(ada, poet, {{"tokens", 1000}, {"price_ucr", 30'000'000}, {"valid_days", 1}}, now, ""));
  commit(ledger.offer_plan(ada, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", "all"}}, now, ""));
  commit(ledger.subscribe(bob, "plan-1", now, ""));
  const json before = ledger.to_json();
  struct Case {
    Outcome outcome;
    const char* error;
  };
  const Case cases[] = {
      {ledger.set_charge_model(bob, poet, {{"type", "standard"}, {"price_per_1k_ucr", 1}}, now, ""), "not_owner"},
      {ledger.set_charge_model(ada, poet, {{"type", "graduated"}, {"ranges", ranges({range(5, nullptr, 1)})}}, now, ""),
       "invalid_charge_model"},
      {ledger.offer_bundle(bob, poet, {{"tokens", 1}, {"price_ucr", 1}, {"valid_days", 1}}, now, ""), "not_owner"},
      {ledger.offer_bundle(ada, poet, {{"tokens", 0}, {"price_ucr", -1}}, now, ""), "invalid_bundle"},
      {ledger.buy_bundle(bob, "bundle-1", now, ""), "insufficient_credits"},
      {ledger.buy_bundle(bob, "bundle-9", now, ""), "unknown_bundle"},
      {ledger.offer_plan(bob, {{"name", ""}, {"fee_ucr", 1.5}, {"models", {poet}}}, now, ""), "invalid_plan"},
      {ledger.subscribe(bob, "plan-7", now, ""), "unknown_plan"},
      {ledger.subscribe(bob, "plan-1", now, ""), "already_subscribed"},
      {ledger.cancel_subscription(ada, "plan-1", now, ""), "not_subscribed"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.outcome.error, c.error) << c.outcome.message;
    EXPECT_FALSE(c.outcome.record.has_value());
    EXPECT_FALSE(c.outcome.message.empty());
  }
  EXPECT_EQ(cases[1].outcome.data["fields"].count("ranges[0].from_tokens"), 1u);
  EXPECT_EQ(cases[3].outcome.data["fields"].size(), 3u);  // tokens, price_ucr, valid_days: one message each
  EXPECT_EQ(cases[6].outcome.data["fields"].size(), 4u);  // name, fee_ucr, included_tokens, models
  EXPECT_EQ(ledger.to_json(), before);
}

TEST_F(BillingLedger, AHistoryThatSkipsADueEventOrInventsOneIsRefused) {
  commit(ledger.offer_plan(ada, {{"name", "P"}, {"fee_ucr", 1000}, {"included_tokens", 10}, {"models", "all"}}, now, ""));
  commit(ledger.subscribe(bob, "plan-1", now, ""));
  const std::int64_t end = add_utc_months(now, 1);
  // A call made after the period's end without the renewal before it.
  Outcome late = ledger.use(bob, *ledger.listing(poet), 10, end + 1, "");
  ASSERT_TRUE(late.ok());
  EXPECT_NE(ledger.check(*late.record).find("not recorded before it"), std::string::npos);
  // A renewal stamped before it is due, or one made by a command.
  Outcome renewal = ledger.due_event(end);
  ASSERT_TRUE(renewal.record);
  JournalRecord early = *renewal.record;
  early.time_ms = end - 1;
  early.hash = early.compute_hash();
  EXPECT_NE(ledger.check(early).find("not_due"), std::string::npos);
  JournalRecord commanded = *renewal.record;
  commanded.cmd_id = "c-1";
  commanded.hash = commanded.compute_hash();
  EXPECT_NE(ledger.check(commanded).find("not_due"), std::string::npos);
  // A renewal that skips the charge.
  JournalRecord free_ride = *renewal.record;
  free_ride.postings.clear();
  free_ride.data["result"] = "past_due";
  free_ride.data["fee_ucr"] = 0;
  free_ride.hash = free_ride.compute_hash();
  EXPECT_NE(ledger.check(free_ride).find("altered"), std::string::npos);
  EXPECT_EQ(ledger.check(*renewal.record), "");
}

}  // namespace

namespace {

// Found by review: a volume true-up priced the month's earlier tokens at the current rates, not at what
// was paid, so a 100% overage discount (nothing paid) or a switch of charge model (cheap tokens counted
// at a new model's dear rates) credited back money the buyer never paid.
TEST_F(BillingLedger, AVolumeTrueUpNeverCreditsBackMoreThanTheMonthPaid) {
  const json steep = {{"type", "volume"}, {"ranges", ranges({range(0, 10'000'000, 1'000'000), range(10'000'001, nullptr, 0)})}};
  // 1. Everything discounted: no payment, so no credit either.
  price(steep);
  commit(ledger.offer_plan(ada, {{"name", "Free"}, {"fee_ucr", 0}, {"included_tokens", 0}, {"models", "all"},
                                 {"overage_discount_bps", 10000}}, now, ""));
  commit(ledger.subscribe(bob, "plan-1", now, ""));
  const Micros before = wallet(bob);
  EXPECT_EQ(call(10'000'000)["cost_ucr"], 0);
  EXPECT_EQ(call(1)["cost_ucr"], 0);
  EXPECT_EQ(wallet(bob), before);
  commit(ledger.cancel_subscription(bob, "plan-1", now, ""));
  now = add_utc_months(now, 1) + 1;

  // 2. Tokens bought cheaply under one model do not count under the next one.
  price({{"type", "standard"}, {"price_per_1k_ucr", 1}});
  EXPECT_EQ(call(10'000'000)["cost_ucr"], 10'000);
  price(steep);
  const Micros wallet_before = wallet(bob);
  json next = call(1);
  EXPECT_EQ(next["cost_ucr"], 1000);  // a new month of this model: its first token at $1 per 1K
  EXPECT_EQ(wallet(bob), wallet_before - 1000);
  EXPECT_GE(ledger.balance(revenue_account(ada)), 0);
  EXPECT_GE(ledger.balance(kPlatformFeesAccount), 0);
  expect_replays();
}

TEST_F(BillingLedger, ABuiltInModelIsBilledOnlyByItsCatalogsChargeModelAndAnyPriceWorksWithLoyalty) {
  Model tiered;
  tiered.slug = "tiered";
  tiered.name = "Tiered";
  tiered.owner = "Catalog";
  tiered.charge_model = parse_charge_model({{"type", "graduated"}, {"ranges", ranges({range(0, nullptr, 5000)})}}).model;
  tiered.price_per_1k_ucr = 5000;
  Model dear;
  dear.slug = "dear";
  dear.name = "Dear";
  dear.owner = "Catalog";
  dear.price_per_1k_ucr = 2'000'000;  // $2.00 per 1K: above a listing's limit, allowed for a built-in
  Ledger built_in(mm::test::policy_with({tiered, dear}));
  auto ok = [&](const Outcome& o) {
    EXPECT_TRUE(o.ok()) << o.message;
    if (o.record) {
      EXPECT_EQ(built_in.apply(*o.record), "");
    }
  };
  ok(built_in.create_profile("bob@example.org", "Bob", "", "email", now, ""));
  ok(built_in.unlock(bob, tiered, now, ""));
  ok(built_in.unlock(bob, dear, now, ""));
  Outcome call = built_in.use(bob, tiered, 1000, now, "");
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call.record->data["charged_by"], "graduated");
  JournalRecord forged = *call.record;  // billed as if its tiers were free
  forged.data["cost_ucr"] = 0;
  forged.data["billed"][0]["cost_ucr"] = 0;
  forged.data["balance_ucr"] = 25'000'000;
  forged.postings.clear();
  forged.hash = forged.compute_hash();
  EXPECT_NE(built_in.check(forged).find("altered"), std::string::npos);
  ok(call);
  // A journal from when the catalog priced it at a standard $0.003 per 1K still replays at that price.
  Model before = tiered;
  before.charge_model.reset();
  before.price_per_1k_ucr = 3000;
  Ledger newer(mm::test::policy_with({tiered, dear}));
  {
    Ledger again(mm::test::policy_with({before, dear}));  // the older catalog writes the records
    Outcome p = again.create_profile("bob@example.org", "Bob", "", "email", now, "");
    ASSERT_EQ(again.apply(*p.record), "");
    ASSERT_EQ(newer.apply(*p.record), "");
    Outcome u = again.unlock(bob, before, now, "");
    ASSERT_EQ(again.apply(*u.record), "");
    ASSERT_EQ(newer.apply(*u.record), "");
    Outcome c = again.use(bob, before, 1000, now, "");
    EXPECT_FALSE(c.record->data.contains("charged_by"));
    EXPECT_EQ(newer.apply(*c.record), "");
    EXPECT_EQ(newer.balance(wallet_account(bob)), 25'000'000 - 3000);
  }
  PricingPolicy loyal;
  loyal.loyalty = {{0, 100}};
  ok(built_in.set_pricing(bob, loyal, now, ""));
  Outcome costly = built_in.use(bob, dear, 1000, now, "");
  EXPECT_EQ(costly.data["cost_ucr"], 2'000'000) << costly.message;
  ok(costly);
}

}  // namespace

// Found by review: a snapshot written before billing plans lacks their state; read as it was, its ledger
// disagreed with the journal's replay and the background check then threw later records away.
TEST(BillingSnapshots, ASnapshotFromBeforeBillingPlansIsRebuiltFromTheJournalAndRewritten) {
  mm::test::MemoryStorage memory;
  mm::app::Context ctx = mm::app::Context::at(1'790'000'000'000);
  mm::app::Session first(memory);
  first.load(mm::assets::catalog_json_text(), ctx);
  first.sign_in_verified("ann@example.org", "Ann", ctx);
  first.submit(mm::app::Command::from_json({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx);
  for (int i = 0; i < 1100; ++i) {
    ctx.now_ms += 1000;
    ASSERT_TRUE(first.submit(mm::app::Command::from_json({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 10}}), ctx).ok);
  }
  // As an older version wrote it: no "billing", checksum matching.
  json doc = json::parse(memory.files.at("snapshot.json"));
  doc["ledger"].erase("billing");
  doc["checksum"] = sha256_hex(doc["ledger"].dump());
  memory.files["snapshot.json"] = doc.dump();

  mm::app::Session again(memory);
  again.load(mm::assets::catalog_json_text(), ctx);
  while (again.check_history(5000, ctx)) {
  }
  EXPECT_EQ(again.load_warning(), "");
  EXPECT_EQ(again.state().ledger.to_json(), first.state().ledger.to_json());
  EXPECT_TRUE(json::parse(memory.files.at("snapshot.json"))["ledger"].contains("billing"));
}

namespace {

// Found by the second review: loyalty cashback earned on a charge, then the charge credited back in full by
// a volume true-up, paid the buyer out of platform:loyalty — again after every change of charge model.
TEST_F(BillingLedger, CashbackAndAVolumeTrueUpNeverPayOutMoreThanThePayment) {
  PricingPolicy loyal;
  loyal.loyalty = {{0, 1000}};  // 10% back on every call
  commit(ledger.set_pricing(ada, loyal, now, ""));
  const json free_at_the_top = {{"type", "volume"}, {"ranges", ranges({range(0, 1000, 1'000'000), range(1001, nullptr, 0)})}};
  const Micros start = wallet(bob);
  for (int round = 0; round < 3; ++round) {
    price(free_at_the_top);
    json paid = call(1000);  // $1.00, $0.10 back
    EXPECT_EQ(paid["cost_ucr"], 1'000'000);
    EXPECT_EQ(paid["cashback_ucr"], 100'000);
    json credit = call(1);  // the month is free now: at most the $0.90 paid net of cashback comes back
    EXPECT_EQ(credit["cost_ucr"], -900'000);
  }
  EXPECT_EQ(wallet(bob), start);  // never more than it started with
  expect_replays();
}

}  // namespace

TEST_F(BillingLedger, APlatformPlansFeesGoToThePlatformWhichPaysOwnersForTheIncludedTokensUsed) {
  // Anyone signed in acts for the platform (as with the pricing policy); here Bob offers it and subscribes.
  const json terms = {{"name", "Marketplace Pass"}, {"fee_ucr", 3'000'000}, {"included_tokens", 2000}, {"models", "all"},
                      {"platform", true}, {"payout_per_1k_ucr", 5000}};
  const std::string plan = commit(ledger.offer_plan(bob, terms, now, ""))["plan_id"];
  EXPECT_TRUE(ledger.plan_offer(plan)->covers(poet, ada));
  const Micros start = wallet(bob), owner_start = ledger.balance(revenue_account(ada));
  commit(ledger.subscribe(bob, plan, now, ""));
  EXPECT_EQ(wallet(bob), start - 3'000'000);
  EXPECT_EQ(ledger.balance(kPlatformPlansAccount), 3'000'000);  // the whole fee: no owner's share
  EXPECT_EQ(ledger.balance(revenue_account(ada)), owner_start);

  // 1,500 included tokens on Ada's model: Bob pays nothing; the platform pays Ada 1,500 tokens at her
  // $0.002/1K list price (under the plan's $0.005 payout rate) = 3,000 µcr, less its 10% fee.
  json covered = call(1500);
  EXPECT_EQ(covered["cost_ucr"], 0);
  EXPECT_EQ(covered["owner_ucr"], 2700);
  EXPECT_EQ(covered["platform_fee_ucr"], 300);
  EXPECT_EQ(history.back().data["platform_payout_ucr"], 3000);
  EXPECT_EQ(ledger.balance(kPlatformPlansAccount), 3'000'000 - 3000);
  EXPECT_EQ(ledger.revenue_by_source(revenue_account(ada)).subscriptions_ucr, 2700);
  EXPECT_EQ(ledger.revenue_by_source(revenue_account(ada)).calls_ucr, 0);
  // Beyond the allowance: the model's own price, no discount; the payout only for the included part.
  json over = call(1500);
  EXPECT_EQ(over["cost_ucr"], 2000);
  EXPECT_EQ(history.back().data["platform_payout_ucr"], 1000);

  // A plan paying less than the list price pays its own rate: 1,000 tokens at $0.001/1K (not Ada's $0.002).
  json cheaper = terms;
  cheaper["payout_per_1k_ucr"] = 1000;
  const std::string second = commit(ledger.offer_plan(bob, cheaper, now, ""))["plan_id"];
  commit(ledger.subscribe(bob, second, now, ""));
  EXPECT_EQ(call(1000)["cost_ucr"], 0);
  EXPECT_EQ(history.back().data["platform_payout_ucr"], 1000);

  // An owner using their own model under a platform plan is not paid for it by the platform.
  commit(ledger.unlock(ada, *ledger.listing(poet), now, ""));
  commit(ledger.subscribe(ada, plan, now, ""));
  const Micros plans_before = ledger.balance(kPlatformPlansAccount);
  commit(ledger.use(ada, *ledger.listing(poet), 1000, now, ""));
  EXPECT_FALSE(history.back().data.contains("platform_payout_ucr"));
  EXPECT_EQ(ledger.balance(kPlatformPlansAccount), plans_before);

  // Renewals pay the platform too.
  now = add_utc_months(now, 1);
  settle(now);
  EXPECT_EQ(history.back().kind, "renew");
  EXPECT_EQ(ledger.balance(kPlatformPlansAccount), plans_before + 3 * 3'000'000);  // Bob's two plans, Ada's one
  expect_replays();
}

TEST_F(BillingLedger, APlatformPlanCannotDiscountOwnersPricesOrCoverModelsThatDoNotExist) {
  const Outcome discounted = ledger.offer_plan(
      bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", "all"}, {"platform", true}, {"payout_per_1k_ucr", 1}, {"overage_discount_bps", 100}},
      now, "");
  EXPECT_EQ(discounted.error, "invalid_plan");
  EXPECT_EQ(discounted.data["fields"].count("overage_discount_bps"), 1u);
  const Outcome unknown = ledger.offer_plan(
      bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", {"no-such-model"}}, {"platform", true}, {"payout_per_1k_ucr", 1}}, now, "");
  EXPECT_EQ(unknown.error, "invalid_plan");
  EXPECT_NE(unknown.data["fields"]["models"].get<std::string>().find("not a model on the marketplace"), std::string::npos);
  const Outcome no_payout =
      ledger.offer_plan(bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", "all"}, {"platform", true}}, now, "");
  EXPECT_EQ(no_payout.data["fields"].count("payout_per_1k_ucr"), 1u);
  EXPECT_EQ(ledger.offer_plan(ada, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", "all"}, {"payout_per_1k_ucr", 1}},
                              now, "")
                .data["fields"]
                .count("payout_per_1k_ucr"),
            1u);
  const Outcome bad_flag =
      ledger.offer_plan(bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", "all"}, {"platform", "yes"}}, now, "");
  EXPECT_EQ(bad_flag.data["fields"].count("platform"), 1u);
  // Not the platform: a plan on someone else's model is still refused.
  EXPECT_EQ(ledger.offer_plan(bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", {poet}}}, now, "").error,
            "invalid_plan");
  // A platform plan on a listed model by slug is fine.
  EXPECT_TRUE(ledger.offer_plan(bob, {{"name", "P"}, {"fee_ucr", 1}, {"included_tokens", 1}, {"models", {poet}}, {"platform", true},
                                      {"payout_per_1k_ucr", 0}},
                                now, "")
                  .ok());
}
