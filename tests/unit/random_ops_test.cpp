// Seeded random operations through the app, checking after every one that no micro-credit was lost or
// invented: the new record balances, no wallet is below zero, and balances and stats equal a replay of the
// journal as written to storage (a replica ledger fed only from the stored bytes). Listings, price changes
// and pricing policies are among the operations.
//   default: 100,000 operations (make test)
//   MM_RANDOM_OPS=1000000 build/cmake-native-test/tests/unit/unit_tests --gtest_filter='RandomOperations*'
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>

#include "app/journal_store.h"
#include "app/session.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"
#include "test_support.h"

using namespace mm;
using app::json;

namespace {

std::int64_t operation_count() {
  const char* text = std::getenv("MM_RANDOM_OPS");
  return text ? std::atoll(text) : 100'000;
}

// The stored line of record `seq`: in its sealed segment once that is written, else in its chunk.
std::string stored_line(const test::MemoryStorage& memory, std::int64_t seq) {
  const std::int64_t per_segment = app::JournalStore::kRecordsPerSegment;
  char sealed[32];
  std::snprintf(sealed, sizeof sealed, "journal-%06lld.jsonl", static_cast<long long>((seq - 1) / per_segment + 1));
  const auto whole = memory.files.find(sealed);
  const bool in_sealed = whole != memory.files.end();
  const std::string& text = in_sealed ? whole->second : memory.files.at(app::JournalStore::segment_name(seq));
  std::int64_t line = (seq - 1) % per_segment;
  if (!in_sealed) line %= app::JournalStore::kRecordsPerChunk;
  std::size_t start = 0;
  for (; line > 0; --line) start = text.find('\n', start) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

// A charge model to try on a listing: each shape, now and then one with a bad field.
json random_charge_model(const std::function<std::int64_t(std::int64_t)>& pick) {
  auto range = [&](std::int64_t from, json to) {
    return json{{"from_tokens", from}, {"to_tokens", to}, {"per_1k_ucr", pick(3000)}, {"flat_ucr", pick(4) == 0 ? pick(5000) : 0}};
  };
  switch (pick(5)) {
    case 0: return {{"type", "standard"}, {"price_per_1k_ucr", 1 + pick(5000)}};
    case 1: return {{"type", "graduated"}, {"ranges", {range(0, 999 + pick(20'000)), range(0, nullptr)}}};
    case 2: return {{"type", "volume"}, {"ranges", {range(0, 999 + pick(20'000)), range(0, nullptr)}}};
    case 3: return {{"type", "package"}, {"package_tokens", 1 + pick(10'000)}, {"package_ucr", pick(20'000)}, {"free_tokens", pick(3000)}};
    default: return {{"type", "volume"}, {"ranges", {range(5, nullptr)}}};  // refused: the first range starts at 0
  }
}

}  // namespace

TEST(RandomOperations, NeverLoseOrInventAMicroCredit) {
  const std::int64_t ops = operation_count();
  std::mt19937_64 rng(20261124);
  auto pick = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };

  test::MemoryStorage memory;
  app::Session session(memory);
  app::Context ctx = app::Context::at(1'790'000'000'000);
  session.load(assets::catalog_json_text(), ctx);
  const auto& state = session.state();
  std::int64_t people = 0;  // profiles come and go: half of the sign-ins are new people with a fresh grant
  core::Ledger replica(test::policy_with(state.builtin_catalog));
  struct Committed {
    json command, result;
    std::string profile;  // who ran it: another profile reusing its id is refused
  };
  std::vector<Committed> committed;  // recent ledger commands and their first results
  std::int64_t refused = 0, calls = 0, zeroed_wallets = 0;
  std::map<std::string, std::int64_t> kinds;  // records by kind, to check the workload

  for (std::int64_t i = 0; i < ops; ++i) {
    ctx.now_ms += 1 + pick(60'000);
    if (pick(5000) == 0) ctx.now_ms += pick(35LL * core::kDayMs);  // time jumps past period ends and expiries
    // Mostly a model the signed-in person owns, sometimes any model, rarely one that does not exist.
    std::string slug = state.catalog[static_cast<std::size_t>(pick(state.catalog.size()))].slug;
    const auto* mine = state.ledger.activity(state.prefs.profile_id);
    if (mine && !mine->owned.empty() && pick(10) < 8)
      slug = *std::next(mine->owned.begin(), static_cast<std::ptrdiff_t>(pick(mine->owned.size())));
    if (pick(100) == 0) slug = "no-such-model";
    const std::int64_t roll = pick(100);
    const std::int64_t seq_before = state.ledger.last_seq();
    json command;
    if (roll < 2 || state.prefs.profile_id.empty()) {
      const std::int64_t who = people == 0 || pick(2) == 0 ? people++ : pick(people);
      ASSERT_TRUE(session.sign_in_verified("person" + std::to_string(who) + "@example.org", "Person", ctx).ok);
    } else if (roll < 3) {
      command = {{"type", "signOut"}};
    } else if (roll < 13) {
      command = {{"type", "unlock"}, {"slug", slug}};
    } else if (roll < 78) {
      const std::int64_t size = pick(100);
      std::int64_t tokens = size < 80 ? 1 + pick(5000) : size < 98 ? 1 + pick(200'000) : 1'000'000 + pick(9'000'000);
      // Now and then spend the wallet to exactly zero (cheap models cost at most 1 µcr per token, so
      // some token count hits the balance exactly).
      const core::Model* model = state.find_model(slug);
      const core::Micros balance = state.ledger.balance(core::wallet_account(state.prefs.profile_id));
      if (model && model->price_per_1k_ucr <= 1000 && balance > 0 && pick(20) == 0) {
        tokens = balance * 1000 / model->price_per_1k_ucr;
        while (core::price_call(tokens, model->price_per_1k_ucr, state.ledger.pricing())->cost_ucr < balance) ++tokens;
      }
      command = {{"type", "use"}, {"slug", slug}, {"tokens", pick(200) == 0 ? json(-tokens) : json(tokens)}};
    } else if (roll < 85) {
      // Billing plans: the owner's charge model and offers (refused on another's model), buying, subscribing.
      const std::int64_t offers = static_cast<std::int64_t>(state.ledger.bundle_offers().size());
      const std::int64_t plans = static_cast<std::int64_t>(state.ledger.plan_offers().size());
      // Mostly on one's own listing, when there is one.
      for (const core::Model& listed : state.ledger.listings())
        if (listed.owner_profile == state.prefs.profile_id && pick(3) == 0) slug = listed.slug;
      const std::int64_t what = pick(20);
      if (what == 0) {
        command = {{"type", "setChargeModel"}, {"slug", slug}, {"charge_model", random_charge_model(pick)}};
      } else if (what == 1) {
        command = {{"type", "offerBundle"}, {"slug", slug}, {"tokens", 1 + pick(50'000)}, {"price_ucr", pick(2'000'000)},
                   {"valid_days", 1 + pick(60)}};
      } else if (what == 2 && pick(3) == 0) {
        command = {{"type", "offerPlan"}, {"name", "Plan " + std::to_string(i)}, {"fee_ucr", pick(3'000'000)},
                   {"included_tokens", pick(50'000)}, {"models", pick(2) == 0 ? json("all") : json::array({slug})},
                   {"overage_discount_bps", pick(5001)}, {"trial_days", pick(3) == 0 ? pick(10) : 0}};
        // Sometimes the platform's own plan (its overage must not be discounted: mostly 0, else refused).
        if (pick(3) == 0) {
          command["platform"] = true;
          command["payout_per_1k_ucr"] = pick(5000);
          if (pick(4) != 0) command["overage_discount_bps"] = 0;
        }
      } else if (what < 13) {
        command = {{"type", "buyBundle"}, {"bundle_id", "bundle-" + std::to_string(1 + pick(offers + 1))}};
      } else if (what < 18) {
        command = {{"type", "subscribe"}, {"plan_id", "plan-" + std::to_string(1 + pick(plans + 1))}};
      } else {
        command = {{"type", "cancelSubscription"}, {"plan_id", "plan-" + std::to_string(1 + pick(plans + 1))}};
      }
    } else if (roll < 90) {
      command = {{"type", "rate"}, {"slug", slug}, {"stars", pick(7)}};
    } else if (roll < 95 && !committed.empty()) {
      // Replay an earlier command id: the first result comes back (id_reused for another profile), and
      // nothing changes.
      const Committed& old = committed[static_cast<std::size_t>(pick(committed.size()))];
      const app::Result again = session.submit(app::Command::from_json(old.command), ctx);
      if (old.profile == state.prefs.profile_id) {
        ASSERT_EQ(again.to_json(), old.result);
      } else {
        ASSERT_EQ(again.error, "id_reused");
      }
      ASSERT_EQ(state.ledger.last_seq(), seq_before);
      continue;
    } else if (roll < 97) {
      // Builders: list a model (now and then with a bad field), or reprice one (refused unless it is one's own).
      if (pick(2) == 0)
        command = {{"type", "listModel"}, {"name", "Listed " + std::to_string(i)},
                   {"category", pick(10) == 0 ? "Robots" : "LLM"}, {"tags", {"random"}},
                   {"price_per_1k_ucr", 1 + pick(5000)}, {"latency_ms", 100},
                   {"description", "A model listed by the random-operations test."}};
      else
        command = {{"type", "setListingPrice"}, {"slug", slug}, {"price_per_1k_ucr", 1 + pick(5000)}};
    } else if (roll < 98 && pick(10) == 0) {
      // Rarely, a new marketplace policy: any fee up to 30%, sometimes a minimum charge.
      command = {{"type", "applyPricingPolicy"}, {"platform_fee_bps", pick(3001)},
                 {"min_charge_ucr", pick(4) == 0 ? pick(20'000) : 0}};
      if (pick(2) == 0) command["loyalty"] = {{{"min_spend_ucr", 0}, {"cashback_bps", pick(200)}},
                                               {{"min_spend_ucr", 1 + pick(2'000'000)}, {"cashback_bps", 200 + pick(800)}}};
    } else {
      command = {{"type", "navigate"}, {"route", "/model/" + slug}};
    }

    bool command_refused = false;
    if (!command.is_null()) {
      command["id"] = "op-" + std::to_string(i);
      const app::Result result = session.submit(app::Command::from_json(command), ctx);
      if (!result.ok) {
        ++refused;
        if (std::getenv("MM_SHOW_REFUSALS")) std::printf("%s %s: %s\n", command["type"].get<std::string>().c_str(), result.error.c_str(), result.message.c_str());
      }
      if (result.ok && command["type"] != "navigate" && command["type"] != "signOut") {
        const Committed entry{command, result.to_json(), state.prefs.profile_id};
        if (committed.size() < 256) committed.push_back(entry);
        else committed[static_cast<std::size_t>(pick(256))] = entry;
      }
      command_refused = !result.ok;
    }

    // Feed the replica from the bytes in storage: each new record (events that fell due, then the command's).
    for (std::int64_t seq = seq_before + 1; seq <= state.ledger.last_seq(); ++seq) {
      auto parsed = core::parse_record_line(stored_line(memory, seq));
      ASSERT_TRUE(parsed.record.has_value()) << parsed.error;
      ASSERT_TRUE(core::postings_balance(parsed.record->postings));
      ASSERT_EQ(replica.apply(*parsed.record), "");
      ++kinds[parsed.record->kind];
      if (parsed.record->data.contains("platform_payout_ucr")) ++kinds["use paid by a platform plan"];
      // A refused command changed nothing: what it recorded first is only what had fallen due.
      if (command_refused) {
        ASSERT_TRUE(parsed.record->kind == "renew" || parsed.record->kind == "expire") << parsed.record->kind;
      }
      if (parsed.record->kind == "use") ++calls;
    }

    // After every operation: the signed-in wallet and the touched model agree with the replica.
    if (!state.prefs.profile_id.empty()) {
      const std::string wallet = core::wallet_account(state.prefs.profile_id);
      const core::Micros balance = state.ledger.balance(wallet);
      ASSERT_GE(balance, 0);
      ASSERT_EQ(balance, replica.balance(wallet));
      if (balance == 0) ++zeroed_wallets;
      const auto* mine = state.ledger.activity(state.prefs.profile_id);
      const auto* theirs = replica.activity(state.prefs.profile_id);
      ASSERT_EQ(mine->total_calls, theirs->total_calls);
      ASSERT_EQ(mine->total_spent_ucr, theirs->total_spent_ucr);
      ASSERT_EQ(balance, 25'000'000 - mine->total_spent_ucr - mine->plans_spent_ucr + mine->cashback_ucr);
      const std::string revenue = core::revenue_account(state.prefs.profile_id);  // from its listings
      ASSERT_EQ(state.ledger.balance(revenue), replica.balance(revenue));
    }
    if (const auto* model = state.ledger.model_activity(slug)) {
      const auto* replayed = replica.model_activity(slug);
      ASSERT_NE(replayed, nullptr);
      ASSERT_EQ(model->calls, replayed->calls);
      ASSERT_EQ(model->tokens, replayed->tokens);
      ASSERT_EQ(model->revenue_ucr, replayed->revenue_ucr);
      ASSERT_EQ(model->purchases, replayed->purchases);
    }
    ASSERT_EQ(state.ledger.balance(core::kGrantsAccount), replica.balance(core::kGrantsAccount));
    ASSERT_EQ(state.ledger.balance(core::kPlatformFeesAccount), replica.balance(core::kPlatformFeesAccount));
    ASSERT_EQ(state.ledger.balance(core::kLoyaltyAccount), replica.balance(core::kLoyaltyAccount));
    // The full comparison is O(state): at doubling intervals (and every 100,000), so a long run stays linear.
    if ((i >= 1024 && (i & (i - 1)) == 0) || i % 100'000 == 0) {
      ASSERT_EQ(state.ledger.check_invariants(), "");
      ASSERT_EQ(state.ledger.to_json(), replica.to_json());
    }
  }
  ASSERT_EQ(state.ledger.check_invariants(), "");
  ASSERT_EQ(state.ledger.to_json(), replica.to_json());

  // A fresh load from storage (snapshot + journal tail, then the older history re-derived) gives the same ledger.
  app::Session reloaded(memory);
  reloaded.load(assets::catalog_json_text(), ctx);
  while (reloaded.check_history(5000, ctx)) {
  }  // the history under the snapshot, re-derived (and its command ids remembered)
  EXPECT_EQ(reloaded.load_warning(), "");
  EXPECT_EQ(reloaded.state().ledger.to_json(), state.ledger.to_json());
  EXPECT_EQ(reloaded.state().catalog.size(), state.catalog.size());  // listings included

  // The workload exercised what it should.
  EXPECT_GT(calls, ops / 4);
  EXPECT_GT(refused, ops / 50);
  EXPECT_GT(zeroed_wallets, 0) << "no wallet was ever spent to exactly zero";
  EXPECT_GT(state.ledger.listings().size(), 0u);
  for (const char* kind : {"charge", "bundle_offer", "bundle_buy", "expire", "plan_offer", "subscribe", "renew", "cancel",
                           "use paid by a platform plan"})
    EXPECT_GT(kinds[kind], 0) << "no \"" << kind << "\" record";
  std::printf("[ stats    ] billing records:");
  for (const auto& [kind, count] : kinds) std::printf(" %s %lld", kind.c_str(), static_cast<long long>(count));
  std::printf("\n");
  std::printf("[ stats    ] %lld operations: %lld calls, %lld refused, %lld records, %zu listings\n",
              static_cast<long long>(ops), static_cast<long long>(calls), static_cast<long long>(refused),
              static_cast<long long>(state.ledger.last_seq()), state.ledger.listings().size());
}
