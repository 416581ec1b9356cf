// Seeded random operations through the app, checking after every one that no micro-credit was lost or
// invented: the new record balances, no wallet is below zero, and balances and stats equal a replay of the
// journal as written to storage (a replica ledger fed only from the stored bytes). Listings, price changes
// and pricing policies are among the operations.
//   default: 100,000 operations (make test)
//   MM_RANDOM_OPS=1000000 build/cmake-native-test/tests/unit/unit_tests --gtest_filter='RandomOperations*'
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
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

// The last '\n'-terminated line of `text`, without its '\n'.
std::string_view last_line(const std::string& text) {
  const std::size_t end = text.size() - 1;
  const std::size_t previous = text.rfind('\n', end - 1);
  const std::size_t start = previous == std::string::npos ? 0 : previous + 1;
  return std::string_view(text).substr(start, end - start);
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

  for (std::int64_t i = 0; i < ops; ++i) {
    ctx.now_ms += 1 + pick(60'000);
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
    } else if (roll < 85) {
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
    } else {
      command = {{"type", "navigate"}, {"route", "/model/" + slug}};
    }

    if (!command.is_null()) {
      command["id"] = "op-" + std::to_string(i);
      const app::Result result = session.submit(app::Command::from_json(command), ctx);
      if (!result.ok) ++refused;
      if (result.ok && command["type"] != "navigate" && command["type"] != "signOut") {
        const Committed entry{command, result.to_json(), state.prefs.profile_id};
        if (committed.size() < 256) committed.push_back(entry);
        else committed[static_cast<std::size_t>(pick(256))] = entry;
      }
      if (!result.ok) {
        ASSERT_EQ(state.ledger.last_seq(), seq_before) << "a refused command changed the ledger";
      }
    }

    // Feed the replica from the bytes in storage: the newest line of the newest chunk (or of the segment
    // sealed by this very record).
    if (state.ledger.last_seq() != seq_before) {
      const std::int64_t seq = state.ledger.last_seq();
      ASSERT_EQ(seq, seq_before + 1);
      char sealed[32];
      std::snprintf(sealed, sizeof sealed, "journal-%06lld.jsonl",
                    static_cast<long long>((seq - 1) / app::JournalStore::kRecordsPerSegment + 1));
      const std::string& segment = memory.files[seq % app::JournalStore::kRecordsPerSegment == 0
                                                    ? std::string(sealed)
                                                    : app::JournalStore::segment_name(seq)];
      auto parsed = core::parse_record_line(last_line(segment));
      ASSERT_TRUE(parsed.record.has_value()) << parsed.error;
      ASSERT_TRUE(core::postings_balance(parsed.record->postings));
      ASSERT_EQ(replica.apply(*parsed.record), "");
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
      ASSERT_EQ(balance, 25'000'000 - mine->total_spent_ucr);
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
  std::printf("[ stats    ] %lld operations: %lld calls, %lld refused, %lld records, %zu listings\n",
              static_cast<long long>(ops), static_cast<long long>(calls), static_cast<long long>(refused),
              static_cast<long long>(state.ledger.last_seq()), state.ledger.listings().size());
}
