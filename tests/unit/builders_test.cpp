// Builders mode and the monetization sandbox: listing validation, revenue of listed models through the
// ledger, price changes, the pricing policy, the rating blend of a new listing, and the sandbox preview
// agreeing with the ledger to the micro-credit.
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "app/session.h"
#include "core/ledger.h"
#include "core/query.h"
#include "memory_storage.h"
#include "test_support.h"
#include "platform/embedded_assets.h"

using namespace mm::core;
using mm::app::Command;
using mm::app::Context;
using mm::app::Session;
using nlohmann::json;

namespace {

void commit(Ledger& ledger, const Outcome& outcome) {
  ASSERT_TRUE(outcome.ok()) << outcome.error << ": " << outcome.message;
  ASSERT_TRUE(outcome.record.has_value());
  ASSERT_EQ(ledger.apply(*outcome.record), "");
}

ListingDraft good_draft() {
  ListingDraft d;
  d.name = "Tiny Poet";
  d.category = "LLM";
  d.tags = {"poetry", "small"};
  d.price_per_1k_ucr = 2000;
  d.latency_ms = 300;
  d.description = "Writes short poems about anything.";
  return d;
}

const auto nothing_taken = [](const std::string&) { return false; };

Model quill_model() {
  Model quill;
  quill.slug = "quill-7b";
  quill.name = "Quill";
  quill.owner = "Larkspur Labs";
  quill.price_per_1k_ucr = 1200;
  return quill;
}

struct Builders : ::testing::Test {
  Ledger ledger{mm::test::policy_with({quill_model()})};
  std::int64_t now = 1'790'000'000'000;
  std::string ada = Ledger::profile_id_for("ada@example.org");
  std::string bob = Ledger::profile_id_for("bob@example.org");
  void SetUp() override {
    commit(ledger, ledger.create_profile("ada@example.org", "Ada", "", "email", now, ""));
    commit(ledger, ledger.create_profile("bob@example.org", "Bob", "", "email", now, ""));
  }
};

}  // namespace

TEST(ListingValidation, AGoodDraftPassesAndTheSlugComesFromTheName) {
  EXPECT_EQ(slug_from_name("  My Tiny Model v2!  "), "my-tiny-model-v2");
  EXPECT_EQ(slug_from_name("Ünïcode — only"), "n-code-only");
  EXPECT_EQ(split_tags(" Chat, summarize ,, CODE "), (std::vector<std::string>{"chat", "summarize", "code"}));
  ListingDraft d = good_draft();
  d.slug = slug_from_name(d.name);
  EXPECT_TRUE(validate_listing(d, nothing_taken).empty());
}

TEST(ListingValidation, EachFieldHasItsOwnMessage) {
  struct Case {
    const char* field;
    std::function<void(ListingDraft&)> spoil;
  };
  const std::vector<Case> cases = {
      {"name", [](ListingDraft& d) { d.name = "ab"; }},
      {"name", [](ListingDraft& d) { d.name = std::string(61, 'x'); }},
      {"name", [](ListingDraft& d) { d.name = "Bad\tname"; }},
      {"slug", [](ListingDraft& d) { d.slug = "Has Spaces"; }},
      {"slug", [](ListingDraft& d) { d.slug = "-edge"; }},
      {"slug", [](ListingDraft& d) { d.slug = "ab"; }},
      {"slug", [](ListingDraft& d) { d.slug = "taken-one"; }},
      {"category", [](ListingDraft& d) { d.category = "Robots"; }},
      {"category", [](ListingDraft& d) { d.category = ""; }},
      {"tags", [](ListingDraft& d) { d.tags = {}; }},
      {"tags", [](ListingDraft& d) { d.tags = {"a", "b", "c", "d", "e", "f", "g"}; }},
      {"tags", [](ListingDraft& d) { d.tags = {"x"}; }},
      {"tags", [](ListingDraft& d) { d.tags = {"Not OK"}; }},
      {"tags", [](ListingDraft& d) { d.tags = {"same", "same"}; }},
      {"price_per_1k_ucr", [](ListingDraft& d) { d.price_per_1k_ucr = 0; }},
      {"price_per_1k_ucr", [](ListingDraft& d) { d.price_per_1k_ucr = 1'000'001; }},
      {"latency_ms", [](ListingDraft& d) { d.latency_ms = 0; }},
      {"latency_ms", [](ListingDraft& d) { d.latency_ms = 600'001; }},
      {"description", [](ListingDraft& d) { d.description = "too short"; }},
      {"description", [](ListingDraft& d) { d.description = std::string(501, 'x'); }},
  };
  for (const Case& c : cases) {
    ListingDraft d = good_draft();
    d.slug = "tiny-poet";
    c.spoil(d);
    const FieldErrors errors = validate_listing(d, [](const std::string& s) { return s == "taken-one"; });
    ASSERT_EQ(errors.size(), 1u) << c.field;
    EXPECT_EQ(errors.begin()->first, c.field);
    EXPECT_FALSE(errors.begin()->second.empty());
  }
  ListingDraft empty;
  EXPECT_EQ(validate_listing(empty, nothing_taken).size(), 7u);  // every field at once
}

TEST_F(Builders, ListingIsRefusedWithEveryBadFieldAndNothingIsRecorded) {
  ListingDraft d = good_draft();
  d.name = "x";
  d.price_per_1k_ucr = 0;
  const Outcome out = ledger.list_model(ada, d, now, "c1", nothing_taken);
  EXPECT_EQ(out.error, "invalid_listing");
  EXPECT_FALSE(out.record);
  EXPECT_EQ(out.data["fields"].size(), 3u);  // name, the slug derived from it, price
  EXPECT_TRUE(out.data["fields"].contains("price_per_1k_ucr"));
  EXPECT_EQ(ledger.list_model("p-nobody", good_draft(), now, "c2", nothing_taken).error, "not_signed_in");
  EXPECT_EQ(ledger.list_model(ada, good_draft(), now, "c3", [](const std::string& s) { return s == "tiny-poet"; }).error,
            "invalid_listing");
  EXPECT_TRUE(ledger.listings().empty());
}

TEST_F(Builders, CallsToAListedModelEarnItsProfileRevenueMinusTheFee) {
  commit(ledger, ledger.list_model(ada, good_draft(), now, "list", nothing_taken));
  ASSERT_EQ(ledger.listings().size(), 1u);
  const Model listed = ledger.listings()[0];
  EXPECT_EQ(listed.slug, "tiny-poet");
  EXPECT_EQ(listed.owner, "Ada");
  EXPECT_EQ(listed.owner_profile, ada);
  EXPECT_EQ(revenue_account_of(listed), "revenue:" + ada);

  commit(ledger, ledger.unlock(bob, listed, now, ""));
  const Outcome call = ledger.use(bob, listed, 1500, now, "");  // 1500 × 2000 / 1000 = 3000 µcr
  commit(ledger, call);
  const std::vector<Posting> expected = {{wallet_account(bob), -3000}, {"revenue:" + ada, 2700}, {kPlatformFeesAccount, 300}};
  EXPECT_EQ(call.record->postings, expected);
  EXPECT_EQ(call.data["owner_ucr"], 2700);
  EXPECT_EQ(call.data["platform_fee_ucr"], 300);
  EXPECT_EQ(ledger.balance("revenue:" + ada), 2700);
  EXPECT_EQ(ledger.balance(wallet_account(ada)), 25'000'000);  // revenue is kept apart from the wallet
  const ModelActivity* live = ledger.model_activity("tiny-poet");
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(live->calls, 1);
  EXPECT_EQ(live->tokens, 1500);
  EXPECT_EQ(live->revenue_ucr, 2700);
  EXPECT_EQ(live->revenue_by_day, (std::map<std::int32_t, Micros>{{day_of(now), 2700}}));
  EXPECT_EQ(ledger.check_invariants(), "");
}

TEST_F(Builders, APriceChangeAppliesToLaterCallsOnlyAndOnlyTheListerMayMakeIt) {
  commit(ledger, ledger.list_model(ada, good_draft(), now, "", nothing_taken));
  commit(ledger, ledger.unlock(bob, ledger.listings()[0], now, ""));
  commit(ledger, ledger.use(bob, ledger.listings()[0], 1000, now, ""));
  EXPECT_EQ(ledger.set_listing_price(bob, "tiny-poet", 4000, now, "").error, "not_your_listing");
  EXPECT_EQ(ledger.set_listing_price(ada, "tiny-poet", 0, now, "").error, "invalid_price");
  EXPECT_EQ(ledger.set_listing_price(ada, "quill-7b", 4000, now, "").error, "not_your_listing");
  commit(ledger, ledger.set_listing_price(ada, "tiny-poet", 4000, now + 1, ""));
  EXPECT_EQ(ledger.listings()[0].price_per_1k_ucr, 4000);
  commit(ledger, ledger.use(bob, ledger.listings()[0], 1000, now + 2, ""));
  const auto& usage = ledger.activity(bob)->usage;
  ASSERT_EQ(usage.size(), 2u);
  EXPECT_EQ(usage[0].cost_ucr, 2000);  // billed at the old price
  EXPECT_EQ(usage[1].cost_ucr, 4000);
  EXPECT_EQ(ledger.model_activity("tiny-poet")->revenue_ucr, 1800 + 3600);
}

TEST_F(Builders, ListingsPricesAndPolicySurviveTheSnapshotRoundTrip) {
  commit(ledger, ledger.list_model(ada, good_draft(), now, "", nothing_taken));
  commit(ledger, ledger.set_listing_price(ada, "tiny-poet", 3333, now, ""));
  commit(ledger, ledger.set_pricing(ada, PricingPolicy{2500, 700, {}}, now, ""));
  commit(ledger, ledger.unlock(bob, ledger.listings()[0], now, ""));
  commit(ledger, ledger.use(bob, ledger.listings()[0], 10, now, ""));
  const auto copy = Ledger::from_json(ledger.to_json());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->to_json(), ledger.to_json());
  EXPECT_EQ(copy->pricing().min_charge_ucr, 700);
  ASSERT_NE(copy->listing("tiny-poet"), nullptr);
  EXPECT_EQ(copy->listing("tiny-poet")->price_per_1k_ucr, 3333);
}

TEST_F(Builders, ThePolicyIsChangedOnlyByItsOwnRecordAndBillsLaterCalls) {
  const Model quill = quill_model();
  commit(ledger, ledger.unlock(bob, quill, now, ""));
  EXPECT_EQ(ledger.set_pricing(bob, PricingPolicy{10001, 0, {}}, now, "").error, "invalid_policy");
  EXPECT_EQ(ledger.set_pricing(bob, PricingPolicy{1000, -1, {}}, now, "").error, "invalid_policy");
  EXPECT_EQ(ledger.pricing().platform_fee_bps, 1000);
  commit(ledger, ledger.set_pricing(bob, PricingPolicy{2000, 5000, {}}, now, ""));
  const Outcome call = ledger.use(bob, quill, 10, now, "");  // 12 µcr, raised to the 5000 µcr minimum
  commit(ledger, call);
  EXPECT_EQ(call.data["cost_ucr"], 5000);
  EXPECT_EQ(call.data["platform_fee_ucr"], 1000);
  EXPECT_EQ(call.data["owner_ucr"], 4000);
}

TEST(RatingBlend, ANewListingIsRatedByItsVotesAloneAndACatalogModelBlendsTenBaselineVotes) {
  EXPECT_EQ(blended_rating_centi(0, 0, 0), 0);
  EXPECT_EQ(blended_rating_centi(0, 4, 1), 400);
  EXPECT_EQ(blended_rating_centi(0, 9, 2), 450);
  EXPECT_EQ(blended_rating_centi(460, 0, 0), 460);
  EXPECT_EQ(blended_rating_centi(460, 1, 1), 427);  // (4600 + 100) / 11 = 427.3
  EXPECT_EQ(blended_rating_centi(460, 100, 20), 487);  // (4600 + 10000) / 30 = 486.7
}

// The defect: huge starting credits overflowed the step count into a near-endless loop (inside state()).
TEST(SandboxPreview, HugeStartingCreditsGiveABoundedCurve) {
  SandboxInputs in;
  in.price_per_1k_ucr = 1;
  in.tokens = 1;
  in.policy.min_charge_ucr = 0;
  in.starting_ucr = std::numeric_limits<Micros>::max();
  const SandboxPreview p = preview_calls(in);
  ASSERT_EQ(p.problem, "");
  EXPECT_EQ(p.calls_covered, std::numeric_limits<Micros>::max());
  EXPECT_LE(p.balance_curve.size(), 122u);
  EXPECT_EQ(p.balance_curve.front(), in.starting_ucr);
  EXPECT_EQ(p.balance_curve.back(), 0);
  EXPECT_LE(preview_calls(in, std::numeric_limits<std::size_t>::max()).balance_curve.size(), 100'002u);
}

TEST(SandboxPreview, FiguresForAKnownCase) {
  SandboxInputs in;
  in.price_per_1k_ucr = 2000;
  in.tokens = 1500;
  in.starting_ucr = 10'000;
  const SandboxPreview p = preview_calls(in, 2);
  ASSERT_EQ(p.problem, "");
  EXPECT_EQ(p.per_call.cost_ucr, 3000);
  EXPECT_EQ(p.per_call.platform_ucr, 300);
  EXPECT_EQ(p.balance_after_one, 7000);
  EXPECT_EQ(p.calls_covered, 3);
  EXPECT_EQ(p.owner_total_ucr, 8100);
  EXPECT_EQ(p.platform_total_ucr, 900);
  EXPECT_EQ(p.balance_curve, (std::vector<Micros>{10'000, 4000, 1000}));  // 2 calls per point, last point exact
  in.starting_ucr = 2999;
  EXPECT_FALSE(preview_calls(in).affordable);
  EXPECT_EQ(preview_calls(in).calls_covered, 0);
  in.tokens = 0;
  EXPECT_NE(preview_calls(in).problem, "");
}

// The sandbox's preview and a real call through the ledger agree to the micro-credit, for many random
// prices, token counts, fees, minimum charges and balances.
TEST(SandboxPreview, AgreesWithTheLedgerForRandomInputs) {
  std::mt19937_64 random(20261124);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  for (int round = 0; round < 300; ++round) {
    Model m;
    m.slug = "m";
    m.name = "M";
    m.owner = "Owner";
    m.price_per_1k_ucr = pick(1, 1'000'000);
    Model cheap = m;
    cheap.slug = "cheap";
    Ledger ledger{mm::test::policy_with({m, cheap})};
    const std::int64_t now = 1'790'000'000'000 + round;
    const std::string who = Ledger::profile_id_for("p" + std::to_string(round) + "@example.org");
    commit(ledger, ledger.create_profile("p" + std::to_string(round) + "@example.org", "P", "", "email", now, ""));
    commit(ledger, ledger.unlock(who, m, now, ""));
    const PricingPolicy policy{static_cast<std::int32_t>(pick(0, 10000)), pick(0, 3) == 0 ? 0 : pick(1, 1'000'000), {}};
    commit(ledger, ledger.set_pricing(who, policy, now, ""));
    // Spend part of the balance first so starting credits vary.
    commit(ledger, ledger.unlock(who, cheap, now, ""));
    const Micros wallet = ledger.balance(wallet_account(who));
    const std::int64_t tokens = pick(1, round % 2 ? 10'000'000 : 5000);

    SandboxInputs in{m.price_per_1k_ucr, tokens, wallet, policy};
    const SandboxPreview preview = preview_calls(in);
    ASSERT_EQ(preview.problem, "");
    const Outcome call = ledger.use(who, m, tokens, now, "");
    if (!preview.affordable) {
      EXPECT_EQ(call.error, "insufficient_credits") << "round " << round;
      continue;
    }
    commit(ledger, call);
    EXPECT_EQ(call.data["cost_ucr"], preview.per_call.cost_ucr) << "round " << round;
    EXPECT_EQ(call.data["owner_ucr"], preview.per_call.owner_ucr) << "round " << round;
    EXPECT_EQ(call.data["platform_fee_ucr"], preview.per_call.platform_ucr) << "round " << round;
    EXPECT_EQ(call.data["balance_ucr"], preview.balance_after_one) << "round " << round;
    // When few calls are covered, make them all: exactly calls_covered succeed, then one is refused.
    if (preview.calls_covered <= 40) {
      for (std::int64_t k = 1; k < preview.calls_covered; ++k) commit(ledger, ledger.use(who, m, tokens, now, ""));
      EXPECT_EQ(ledger.use(who, m, tokens, now, "").error, "insufficient_credits") << "round " << round;
      EXPECT_EQ(ledger.balance(wallet_account(who)), preview.balance_curve.back()) << "round " << round;
    }
    EXPECT_EQ(ledger.check_invariants(), "");
  }
}

TEST(BuildersSession, ListModelThroughDispatchAppearsAtOnceAndSurvivesAReload) {
  mm::test::MemoryStorage storage;
  const Context ctx = Context::at(1'790'000'000'000);
  auto open = [&] {
    auto s = std::make_unique<Session>(storage);
    s->load(mm::assets::catalog_json_text(), ctx);
    return s;
  };
  auto s = open();
  const json listing = {{"type", "listModel"}, {"id", "l1"}, {"name", "Tiny Poet"}, {"category", "LLM"},
                        {"tags", {"poetry"}}, {"price_per_1k_ucr", 2000}, {"latency_ms", 300},
                        {"description", "Writes short poems about anything."}};
  EXPECT_EQ(s->submit(Command::from_json(listing), ctx).error, "not_signed_in");
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  const std::size_t builtin = s->state().catalog.size();

  json bad = listing;
  bad["id"] = "bad";
  bad["tags"] = "Not OK, fine";
  bad["price_per_1k_ucr"] = "2000";
  const json refused = s->submit(Command::from_json(bad), ctx).to_json();
  EXPECT_EQ(refused["ok"], false);
  EXPECT_EQ(refused["error"], "invalid_listing");
  EXPECT_TRUE(refused["fields"].contains("tags"));
  EXPECT_TRUE(refused["fields"].contains("price_per_1k_ucr"));
  EXPECT_EQ(s->state().catalog.size(), builtin);

  json taken = listing;
  taken["slug"] = "quill-7b";  // a built-in model's slug
  EXPECT_EQ(s->submit(Command::from_json(taken), ctx).to_json()["fields"].count("slug"), 1u);

  const json ok = s->submit(Command::from_json(listing), ctx).to_json();
  EXPECT_EQ(ok, (json{{"ok", true}, {"slug", "tiny-poet"}}));
  EXPECT_EQ(s->submit(Command::from_json(listing), ctx).to_json(), ok);  // same id: same answer, no second listing
  ASSERT_EQ(s->state().catalog.size(), builtin + 1);
  ASSERT_NE(s->state().find_model("tiny-poet"), nullptr);
  EXPECT_EQ(s->state().find_model("tiny-poet")->owner, "Ada");

  ASSERT_TRUE(s->submit(Command::from_json({{"type", "applyPricingPolicy"}, {"platform_fee_bps", 1500}}), ctx).ok);
  ASSERT_TRUE(s->submit(Command::from_json({{"type", "setListingPrice"}, {"slug", "tiny-poet"}, {"price_per_1k_ucr", 2500}}), ctx).ok);
  s = open();
  ASSERT_NE(s->state().find_model("tiny-poet"), nullptr);
  EXPECT_EQ(s->state().find_model("tiny-poet")->price_per_1k_ucr, 2500);
  EXPECT_EQ(s->snapshot()["pricing_policy"]["platform_fee_bps"], 1500);
  EXPECT_EQ(s->snapshot()["profile"]["listings"][0]["slug"], "tiny-poet");
  EXPECT_EQ(s->submit(Command::from_json({{"type", "applyPricingPolicy"}, {"platform_fee_bps", "x"}}), ctx).error,
            "invalid_policy");
}
