// The scenario simulator (core/simulation): deterministic to the bit (the fingerprint below is asserted in
// the native and the WASM build alike), honest (its records replay through a fresh ledger to the same
// balances, money is conserved every day), and behaving as a market should.
#include <gtest/gtest.h>

#include "app/scenarios.h"
#include "core/simulation.h"
#include "platform/embedded_assets.h"

using namespace mm::core;
using nlohmann::json;

namespace {

const std::vector<Model>& catalog() {
  static const std::vector<Model> models = parse_catalog(mm::assets::catalog_json_text()).models;
  return models;
}

Scenario scenario(const json& doc) {
  const ScenarioRead read = read_scenario(doc, catalog());
  EXPECT_TRUE(read.scenario.has_value()) << json(read.fields).dump();
  return read.scenario.value_or(Scenario{});
}

std::int64_t sum(const std::vector<std::int64_t>& values) {
  std::int64_t total = 0;
  for (std::int64_t v : values) total += v;
  return total;
}

}  // namespace

TEST(Simulation, TheGeneratorAndItsExpAreTheSameEverywhere) {
  SplitMix64 mix{42};
  EXPECT_EQ(mix.next(), 13679457532755275413ULL);  // SplitMix64's published sequence for seed 42
  EXPECT_EQ(portable_exp(0.0), 1.0);
  EXPECT_NEAR(portable_exp(1.0), 2.718281828459045, 1e-15);
  EXPECT_NEAR(portable_exp(-3.5), 0.0301973834223185, 1e-16);
  EXPECT_NEAR(portable_exp(10.0), 22026.465794806718, 1e-10);
}

TEST(Simulation, AScenarioIsItsDefaultsPlusWhatItSaysAndEveryBadFieldIsNamed) {
  const ScenarioRead small = read_scenario({{"seed", 42}, {"days", 30}, {"buyers", 200}}, catalog());
  ASSERT_TRUE(small.scenario.has_value());
  EXPECT_EQ(scenario_json(*small.scenario)["starting_ucr"], 25'000'000);
  EXPECT_EQ(scenario_json(*small.scenario)["start_date"], "2027-01-01");
  const ScenarioRead bad = read_scenario({{"days", 0},
                                          {"buyers", 1'000'000},
                                          {"models", {"no-such-model"}},
                                          {"charge_model", {{"type", "graduated"}, {"ranges", json::array()}}},
                                          {"demand", {{"calls_per_day", 99}}},
                                          {"colour", "blue"}},
                                         catalog());
  EXPECT_FALSE(bad.scenario.has_value());
  for (const char* field : {"days", "buyers", "models", "charge_model.ranges", "demand.calls_per_day", "colour"})
    EXPECT_EQ(bad.fields.count(field), 1u) << field << " in " << json(bad.fields).dump();
  // A price scaled past what a model may charge is refused, not silently left at the catalog's.
  const ScenarioRead dear = read_scenario(
      {{"charge_model", {{"type", "standard"}, {"price_per_1k_ucr", 500'000}}}, {"price_bps", 30'000}}, catalog());
  EXPECT_EQ(dear.fields.count("price_bps"), 1u) << json(dear.fields).dump();
  EXPECT_EQ(read_scenario({{"categories", {"Audio"}}, {"models", {"quill-7b"}}}, catalog()).fields.count("categories"), 1u);
}

TEST(Simulation, TheSameScenarioGivesTheSameFingerprintNativelyAndInWasm) {
  const SimulationResult a = simulate(scenario({{"seed", 42}, {"days", 30}, {"buyers", 200}}), catalog());
  const SimulationResult b = simulate(scenario({{"seed", 42}, {"days", 30}, {"buyers", 200}}), catalog());
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.series.at("calls").size(), 30u);
  EXPECT_GT(a.totals["calls"].get<std::int64_t>(), 1000);
  // The same number on every platform (this test runs natively and in WASM under Node; the browser test
  // compares the page's fingerprint with it too). A change to the simulator changes it: update it then.
  EXPECT_EQ(a.fingerprint, "9527f940b4b9122f50771195e5e4b4abb7be69dd559d198d97ed045c830376e7") << a.totals.dump();
  EXPECT_NE(simulate(scenario({{"seed", 43}, {"days", 30}, {"buyers", 200}}), catalog()).fingerprint, a.fingerprint);
}

TEST(Simulation, ItsRecordsReplayThroughAFreshLedgerAndMoneyIsConservedEveryDay) {
  const Scenario s = scenario({{"seed", 7},
                               {"days", 40},
                               {"buyers", 60},
                               {"arrivals_per_day", 2},
                               {"bundle", {{"tokens", 20'000}, {"price_ucr", 20'000}, {"valid_days", 7}}},
                               {"plan", {{"fee_ucr", 100'000}, {"included_tokens", 30'000}, {"overage_discount_bps", 1000}}},
                               {"policy", {{"loyalty", {{{"min_spend_ucr", 50'000}, {"cashback_bps", 500}}}}}},
                               {"top_up", {{"probability_bps", 5000}}},
                               {"starting_ucr", 200'000}});
  Simulation run(s, catalog(), true);
  Micros top_ups = 0;
  while (!run.done()) {
    run.run_day();
    ASSERT_EQ(run.ledger().check_invariants(), "");  // every wallet ≥ 0, postings balance
    top_ups = -run.ledger().balance(kTopUpsAccount);
  }
  const SimulationResult result = run.result();
  // Replayed record by record through a fresh ledger (checked as on import, but for the hashes a simulated
  // ledger does not compute): the same balances.
  LedgerPolicy policy;
  policy.welcome_grant_ucr = s.starting_ucr;
  policy.pricing = s.policy;
  policy.simulated = true;
  Ledger fresh(policy);
  std::string previous;
  for (JournalRecord r : run.records()) {
    r.prev_hash = previous;  // (hashed here so that check() sees a proper chain)
    r.hash = previous = r.compute_hash();
    ASSERT_EQ(fresh.check(r), "") << r.to_line();
    fresh.apply_checked(r);
  }
  json replayed = fresh.to_json(), live = run.ledger().to_json();
  replayed.erase("last_hash");  // (hashed above only)
  live.erase("last_hash");
  EXPECT_EQ(json::diff(replayed, live), json::array());
  // What buyers spent is what owners and the platform got (net of cashback), to the µcr.
  const json& t = result.totals;
  EXPECT_EQ(t["buyer_spend_ucr"].get<Micros>(), t["owner_revenue_ucr"].get<Micros>() + t["platform_revenue_ucr"].get<Micros>());
  Micros wallets = 0;
  for (const auto& [account, balance] : run.ledger().balances())
    if (account.rfind("wallet:", 0) == 0) wallets += balance;
  EXPECT_EQ(wallets, -run.ledger().balance(kGrantsAccount) + top_ups - t["buyer_spend_ucr"].get<Micros>());
  EXPECT_EQ(t["top_ups_ucr"].get<Micros>(), top_ups);
  // The workload touched what it should.
  EXPECT_GT(t["owner_bundles_ucr"].get<Micros>(), 0);
  EXPECT_GT(t["owner_subscriptions_ucr"].get<Micros>(), 0);
  EXPECT_GT(t["loyalty_cashback_ucr"].get<Micros>(), 0);
  EXPECT_GT(top_ups, 0);
}

TEST(Simulation, RaisingThePriceWithPriceSensitiveBuyersLowersCalls) {
  const json base = {{"seed", 5}, {"days", 20}, {"buyers", 150}, {"price_sensitivity_bps", 8000}};
  json dearer = base;
  dearer["price_bps"] = 30'000;
  const SimulationResult cheap = simulate(scenario(base), catalog()), dear = simulate(scenario(dearer), catalog());
  EXPECT_LT(dear.totals["calls"].get<std::int64_t>(), cheap.totals["calls"].get<std::int64_t>());
  EXPECT_GT(dear.totals["buyers_churned"].get<std::int64_t>(), cheap.totals["buyers_churned"].get<std::int64_t>());
}

TEST(Simulation, SubscriptionsRenewOnPeriodDaysAndBundlesExpire) {
  const SimulationResult run = simulate(
      scenario({{"seed", 3},
                {"days", 70},
                {"buyers", 50},
                {"start_date", "2027-01-01"},
                {"plan", {{"fee_ucr", 10'000}, {"included_tokens", 50'000}}},
                {"bundle", {{"tokens", 5'000}, {"price_ucr", 5'000}, {"valid_days", 3}}},
                {"willingness", {{"median_per_1k_ucr", 1'000'000}}}}),
      catalog());
  const std::vector<std::int64_t>& renewals = run.series.at("renewals");
  // Subscribed on 2027-01-01: renewed on Feb 1 (day 31) and Mar 1 (day 59), and on no other day.
  for (std::size_t day = 0; day < renewals.size(); ++day)
    EXPECT_EQ(renewals[day] > 0, day == 31 || day == 59) << "day " << day << ": " << renewals[day];
  EXPECT_GT(run.totals["owner_subscriptions_ucr"].get<Micros>(), 0);
  EXPECT_GT(sum(run.series.at("expiries")), 0);
  EXPECT_GT(sum(run.series.at("bundles_bought")), 0);
}

TEST(Simulation, ChurnRisesWhenCreditsRunOutWithNoTopUps) {
  const json base = {{"seed", 11}, {"days", 30}, {"buyers", 100}, {"starting_ucr", 100'000}, {"price_sensitivity_bps", 0}};
  json topping = base;
  topping["top_up"] = {{"probability_bps", 10'000}};
  const SimulationResult broke = simulate(scenario(base), catalog()), funded = simulate(scenario(topping), catalog());
  EXPECT_GT(broke.totals["buyers_churned"].get<std::int64_t>(), 10);
  EXPECT_EQ(funded.totals["buyers_churned"].get<std::int64_t>(), 0);
  EXPECT_GT(funded.totals["calls"].get<std::int64_t>(), broke.totals["calls"].get<std::int64_t>());
}

TEST(Simulation, RunScenarioAnswersOneOrAPairAndRefusesBadFieldsOneByOne) {
  mm::app::AppState state;
  state.builtin_catalog = catalog();
  const mm::app::Result one = mm::app::run_scenario(state, mm::app::Command::make("runScenario", {{"scenario", {{"seed", 42}, {"days", 30}, {"buyers", 200}}}}));
  ASSERT_TRUE(one.ok) << one.message;
  EXPECT_EQ(one.data["fingerprint"], "9527f940b4b9122f50771195e5e4b4abb7be69dd559d198d97ed045c830376e7");
  for (const auto& item : one.data["series"].items()) EXPECT_EQ(item.value().size(), 30u) << item.key();
  const json& t = one.data["totals"];
  EXPECT_EQ(t["buyer_spend_ucr"].get<std::int64_t>(), t["owner_revenue_ucr"].get<std::int64_t>() + t["platform_revenue_ucr"].get<std::int64_t>());

  const json a = {{"seed", 9}, {"days", 20}, {"buyers", 100}};
  json b = a;
  b["price_bps"] = 20'000;
  const mm::app::Result pair = mm::app::run_scenario(state, mm::app::Command::make("runScenario", {{"a", a}, {"b", b}}));
  ASSERT_TRUE(pair.ok) << pair.message;
  EXPECT_NE(pair.data["a"]["fingerprint"], pair.data["b"]["fingerprint"]);
  EXPECT_NE(pair.data["comparison"]["summary"].get<std::string>().find("by day 20"), std::string::npos);

  const mm::app::Result bad = mm::app::run_scenario(state, mm::app::Command::make("runScenario", {{"a", {{"days", 400}}}, {"b", {{"buyers", 0}}}}));
  EXPECT_EQ(bad.error, "invalid_scenario");
  EXPECT_EQ(bad.data["fields"].count("a.days"), 1u);
  EXPECT_EQ(bad.data["fields"].count("b.buyers"), 1u);
  // Too big to run at once (the screen runs it in slices), or too big to run at all.
  EXPECT_EQ(mm::app::run_scenario(state, mm::app::Command::make("runScenario", {{"scenario", {{"buyers", 20'000}, {"days", 100}}}})).error,
            "too_large");
  const mm::app::Result huge =
      mm::app::run_scenario(state, mm::app::Command::make("runScenario", {{"scenario", {{"buyers", 100'000}, {"days", 365}}}}));
  EXPECT_EQ(huge.error, "invalid_scenario");
  EXPECT_EQ(huge.data["fields"].count("size"), 1u);
}

TEST(Simulation, AShareCodeIsUrlSafeAndReadsBackToTheSameScenarioAndNothingElse) {
  const json doc = {{"a", {{"seed", 42}, {"days", 90}}}, {"b", {{"seed", 42}, {"price_bps", 12'000}, {"categories", {"LLM"}}}}};
  const std::string code = mm::app::share_code(doc);
  EXPECT_EQ(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_EQ(mm::app::read_share_code(code), doc);
  EXPECT_EQ(mm::app::read_share_code(code + "%"), std::nullopt);
  EXPECT_EQ(mm::app::read_share_code(code.substr(0, code.size() / 2)), std::nullopt);  // cut short: not JSON
  EXPECT_EQ(mm::app::read_share_code(""), std::nullopt);
}
