// "Trust the ledger": replays and imports are as strict as live commands (re-derivation, not only the hash
// chain), records are checked before they are written, commands are bound to the profile and cost the person
// saw, command ids to their request, and sign-out means something.
#include <gtest/gtest.h>

#include <random>

#include "app/dispatch.h"
#include "app/journal_store.h"
#include "app/session.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"
#include "test_support.h"

using namespace mm;
using app::Command;
using app::Context;
using app::Session;
using nlohmann::json;

namespace {

Command cmd(json value) { return Command::from_json(value); }

struct Trust : ::testing::Test {
  test::MemoryStorage storage;
  Context ctx = Context::at(1'790'000'000'000);
  std::unique_ptr<Session> session = open();

  std::unique_ptr<Session> open() {
    auto s = std::make_unique<Session>(storage);
    s->load(assets::catalog_json_text(), ctx);
    return s;
  }
  json profile() const { return session->snapshot()["profile"]; }
  void sign_in(const std::string& email) { ASSERT_TRUE(session->sign_in_verified(email, "Someone", ctx).ok); }
  app::Result run(json command) { return session->submit(cmd(std::move(command)), ctx); }
};

// Re-hashes and re-chains every record of an export, as anyone can (SHA-256 has no key).
void rehash(json& exported) {
  std::string previous;
  std::int64_t seq = 0;
  for (json& line : exported["records"]) {
    line.erase("hash");
    line["seq"] = ++seq;
    line["prev_hash"] = previous;
    core::ParsedRecord parsed = core::parse_record_line(line.dump());  // fails on the hash: rebuild it
    core::JournalRecord r;
    r.seq = line["seq"].get<std::int64_t>();
    r.time_ms = line["time"].get<std::int64_t>();
    r.cmd_id = line["cmd_id"].get<std::string>();
    r.kind = line["kind"].get<std::string>();
    r.data = line["data"];
    for (const json& p : line["postings"]) r.postings.push_back({p["account"].get<std::string>(), p["amount_ucr"].get<core::Micros>()});
    r.prev_hash = previous;
    r.hash = r.compute_hash();
    line["hash"] = r.hash;
    previous = r.hash;
  }
}

}  // namespace

// The defect: an export edited and re-hashed minted credits. Each forgery below keeps postings balanced and
// the chain intact, so only re-deriving the record from its inputs can catch it.
TEST_F(Trust, ForgedButReHashedImportsAreRefusedAndChangeNothing) {
  sign_in("ada@example.org");
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "u1"}}).ok);
  ASSERT_TRUE(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"id", "c1"}}).ok);
  const json original = session->export_state();
  const json before = session->state().ledger.to_json();
  auto refused = [&](const char* what, const std::function<void(json& records)>& forge) {
    json forged = original;
    forge(forged["records"]);
    rehash(forged);
    const app::Result result = run({{"type", "importState"}, {"state", forged}});
    EXPECT_EQ(result.error, "invalid_import") << what;
    EXPECT_EQ(session->state().ledger.to_json(), before) << what;
  };
  refused("a bigger welcome grant", [](json& r) {
    r[0]["postings"][0]["amount_ucr"] = -1'000'000'000;
    r[0]["postings"][1]["amount_ucr"] = 1'000'000'000;
  });
  refused("a call that pays the caller", [](json& r) {
    for (json& p : r[2]["postings"]) p["amount_ucr"] = -p["amount_ucr"].get<std::int64_t>();
    r[2]["data"]["cost_ucr"] = -1200;
  });
  refused("revenue sent to another account", [](json& r) { r[2]["postings"][1]["account"] = "revenue:p-0000000000000000"; });
  refused("the fee moved to the owner", [](json& r) {
    r[2]["postings"][1]["amount_ucr"] = 1200;
    r[2]["postings"].erase(2);
  });
  refused("a cheaper call than its tokens cost", [](json& r) {
    r[2]["data"]["cost_ucr"] = 1;
    r[2]["data"]["balance_ucr"] = 24'999'999;
    r[2]["postings"] = {{{"account", "wallet:" + r[0]["data"]["profile"].get<std::string>()}, {"amount_ucr", -1}},
                        {{"account", "revenue:Larkspur Labs"}, {"amount_ucr", 1}}};
  });
  refused("a model that does not exist", [](json& r) { r[1]["data"]["slug"] = "no-such-model"; });
  refused("another kind", [](json& r) { r[1]["kind"] = "rate"; });
  refused("a profile whose id is not its email's", [](json& r) { r[0]["data"]["email"] = "eve@example.org"; });

  // The same export, unedited (re-hashing changes nothing), is accepted.
  json same = original;
  rehash(same);
  EXPECT_TRUE(run({{"type", "importState"}, {"state", same}}).ok);
  EXPECT_EQ(session->state().ledger.to_json(true)["balances"], before["balances"]);
}

// Property: random valid histories, then one random edit to one record, re-hashed and re-chained: refused
// every time with nothing changed; unedited histories are accepted every time. Edits are to amounts,
// accounts, kinds, and data that is derived or says whose and which model. (A record's pure inputs — a
// name, a star rating, a token count the same cost covers — are the person's own claims: another value is
// another valid history that moves no money differently, and no check without a key could tell.)
TEST_F(Trust, RandomEditsToOneRecordOfRandomHistoriesAreAlwaysRefused) {
  std::mt19937_64 rng(20261125);
  auto pick = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };
  const std::vector<std::string> slugs = {"quill-7b", "tiny-tutor", "orbit-coder", "lumen-vision"};
  int refusals = 0;
  for (int history = 0; history < 40; ++history) {
    test::MemoryStorage fresh;
    Session s(fresh);
    s.load(assets::catalog_json_text(), ctx);
    for (int person = 0; person < 1 + pick(3); ++person) {
      ASSERT_TRUE(s.sign_in_verified("p" + std::to_string(person) + "@example.org", "P", ctx).ok);
      for (int op = 0; op < 3 + pick(8); ++op) {
        const std::string slug = slugs[static_cast<std::size_t>(pick(slugs.size()))];
        const std::int64_t roll = pick(10);
        json c = roll < 3   ? json{{"type", "unlock"}, {"slug", slug}}
                 : roll < 8 ? json{{"type", "use"}, {"slug", slug}, {"tokens", 1 + pick(50'000)}}
                 : roll < 9 ? json{{"type", "rate"}, {"slug", slug}, {"stars", 1 + pick(5)}}
                            : json{{"type", "applyPricingPolicy"}, {"platform_fee_bps", pick(3000)}, {"min_charge_ucr", pick(500)}};
        c["id"] = "h" + std::to_string(history) + "-" + std::to_string(person) + "-" + std::to_string(op);
        s.submit(cmd(c), ctx);
      }
    }
    if (pick(2) == 0) {
      ASSERT_TRUE(s.submit(cmd({{"type", "listModel"}, {"name", "Listed Model"}, {"category", "LLM"}, {"tags", "random"},
                                {"price_per_1k_ucr", 1 + pick(5000)}, {"latency_ms", 100},
                                {"description", "A listing in a random history."}}), ctx).ok);
      s.submit(cmd({{"type", "unlock"}, {"slug", "listed-model"}}), ctx);
      s.submit(cmd({{"type", "use"}, {"slug", "listed-model"}, {"tokens", 1 + pick(9000)}}), ctx);
    }
    const json exported = s.export_state();
    const std::size_t n = exported["records"].size();

    test::MemoryStorage target_storage;
    Session target(target_storage);
    target.load(assets::catalog_json_text(), ctx);
    json untouched = exported;
    rehash(untouched);
    ASSERT_TRUE(target.import_state(untouched).ok) << "history " << history;
    const json accepted = target.state().ledger.to_json();

    for (int edit = 0; edit < 10; ++edit) {
      json forged = exported;
      json& record = forged["records"][static_cast<std::size_t>(pick(static_cast<std::int64_t>(n)))];
      json& postings = record["postings"];
      const std::int64_t what = pick(postings.empty() ? 3 : 5);
      json& data = record["data"];
      if (what == 0) {  // a data field that is derived (cost, balance) or says whose and which: changed
        std::vector<std::string> keys;
        for (const char* key : {"cost_ucr", "balance_ucr", "profile", "slug", "email"})
          if (data.contains(key)) keys.push_back(key);
        json& field = data[keys[static_cast<std::size_t>(pick(static_cast<std::int64_t>(keys.size())))]];
        if (field.is_number_integer()) field = field.get<std::int64_t>() + (pick(2) ? 1 : -1) * (1 + pick(1000));
        else field = field.get<std::string>() + "x";
      } else if (what == 1) {  // another kind
        static const char* kinds[] = {"profile", "unlock", "use", "rate", "list", "price", "policy"};
        const std::string kind = kinds[pick(7)];
        if (kind == record["kind"]) continue;
        record["kind"] = kind;
      } else if (what == 2) {  // a posting added, balanced by one more
        postings.push_back({{"account", "wallet:p-attacker"}, {"amount_ucr", 1 + pick(1'000'000)}});
        postings.push_back({{"account", "grants:welcome"}, {"amount_ucr", -postings.back()["amount_ucr"].get<std::int64_t>()}});
      } else if (what == 3) {  // an amount moved between two postings (still balanced)
        const std::int64_t delta = 1 + pick(10'000);
        postings[0]["amount_ucr"] = postings[0]["amount_ucr"].get<std::int64_t>() - delta;
        postings[postings.size() - 1]["amount_ucr"] = postings[postings.size() - 1]["amount_ucr"].get<std::int64_t>() + delta;
        if (postings.size() == 1) continue;
      } else {  // an account renamed
        json& p = postings[static_cast<std::size_t>(pick(static_cast<std::int64_t>(postings.size())))];
        p["account"] = p["account"].get<std::string>() + "-forged";
      }
      rehash(forged);
      const app::Result result = target.import_state(forged);
      EXPECT_FALSE(result.ok) << "history " << history << " edit " << edit << ": " << forged.dump().substr(0, 400);
      EXPECT_EQ(target.state().ledger.to_json(), accepted);
      ++refusals;
    }
  }
  EXPECT_GT(refusals, 300);
}

// The defect: a record was appended before apply() checked it, leaving an orphan that broke the next load.
TEST_F(Trust, ARecordIsCheckedBeforeItIsWrittenAndAppliedOnlyAfter) {
  sign_in("ada@example.org");
  app::AppState& state = const_cast<app::AppState&>(session->state());
  int written = 0;
  const app::Commit commit = [&](const core::JournalRecord& r) {
    EXPECT_EQ(state.ledger.check(r), "") << "written before it was checked";
    EXPECT_EQ(state.ledger.last_seq() + 1, r.seq) << "applied before it was written";
    ++written;
    return true;
  };
  ASSERT_TRUE(app::dispatch(state, cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx, commit).ok);
  ASSERT_TRUE(app::dispatch(state, cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 10}, {"id", "x"}}), ctx, commit).ok);
  EXPECT_EQ(written, 2);
  // A forged record is refused by check() with no effect at all.
  core::JournalRecord forged;
  forged.kind = "profile";
  forged.data = {{"profile", core::Ledger::profile_id_for("eve@example.org")}, {"email", "eve@example.org"}, {"name", "Eve"}};
  forged.postings = {{core::kGrantsAccount, -900'000'000}, {core::wallet_account(forged.data["profile"]), 900'000'000}};
  state.ledger.chain(forged);
  const json before = state.ledger.to_json();
  EXPECT_NE(state.ledger.check(forged), "");
  EXPECT_NE(state.ledger.apply(forged), "");
  EXPECT_EQ(state.ledger.to_json(), before);
}

TEST_F(Trust, ACommandMadeForAnotherProfileOrAnotherCostIsRefusedAndNothingIsBilled) {
  sign_in("bob@example.org");
  const std::string bob = profile()["id"];
  sign_in("ada@example.org");
  const std::string ada = profile()["id"];
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}}).ok);
  // Made while Bob was on screen, run after the switch to Ada: refused.
  const app::Result changed = run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"profile", bob}});
  EXPECT_EQ(changed.error, "profile_changed");
  EXPECT_EQ(changed.data["profile"], ada);
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000);
  // The cost shown was 1,000 µcr, the policy has since changed it: refused with the new figure.
  ASSERT_TRUE(run({{"type", "applyPricingPolicy"}, {"platform_fee_bps", 1000}, {"min_charge_ucr", 5000}}).ok);
  const app::Result repriced = run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"profile", ada}, {"expected_cost_ucr", 1200}});
  EXPECT_EQ(repriced.error, "price_changed");
  EXPECT_EQ(repriced.data["cost_ucr"], 5000);
  EXPECT_NE(repriced.message.find("$0.005"), std::string::npos) << repriced.message;
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000);
  EXPECT_EQ(profile()["total_calls"], 0);
  // With what is true now, it runs.
  const app::Result ok = run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"profile", ada}, {"expected_cost_ucr", 5000}});
  ASSERT_TRUE(ok.ok) << ok.message;
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000 - 5000);
}

TEST_F(Trust, AnIdReusedForAnotherRequestIsRefusedEvenAfterAReload) {
  sign_in("ada@example.org");
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "k-unlock"}}).ok);
  const app::Result first = run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"id", "k1"}});
  ASSERT_TRUE(first.ok);
  EXPECT_EQ(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"id", "k1"}}).to_json(), first.to_json());
  EXPECT_EQ(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 9000}, {"id", "k1"}}).error, "id_reused");
  EXPECT_EQ(run({{"type", "rate"}, {"slug", "quill-7b"}, {"stars", 5}, {"id", "k1"}}).error, "id_reused");
  // An id whose command recorded nothing (unlocking an owned model) is bound to its request too.
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "k-again"}}).ok);
  EXPECT_EQ(run({{"type", "unlock"}, {"slug", "tiny-tutor"}, {"id", "k-again"}}).error, "id_reused");
  EXPECT_EQ(profile()["total_calls"], 1);

  session.reset();
  session = open();
  EXPECT_EQ(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 9000}, {"id", "k1"}}).error, "id_reused");
  EXPECT_EQ(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"id", "k1"}}).to_json(), first.to_json());
  EXPECT_EQ(profile()["total_calls"], 1);
}

// Each command is declared once; the ledger commands all run under the storage lock and act as the profile.
TEST(CommandTable, LedgerCommandsAreSharedAndBoundToTheProfile) {
  for (const char* type : {"unlock", "use", "rate", "listModel", "setListingPrice", "applyPricingPolicy"}) {
    EXPECT_TRUE(app::uses_shared_state(Command::make(type))) << type;
    EXPECT_TRUE(app::acts_as_profile(Command::make(type))) << type;
  }
  for (const char* type : {"requestMagicLink", "importState", "exportState", "signOut", "switchProfile"})
    EXPECT_TRUE(app::uses_shared_state(Command::make(type))) << type;
  for (const char* type : {"setTheme", "scaleCatalog", "closeOutbox"}) {
    EXPECT_FALSE(app::uses_shared_state(Command::make(type))) << type;
    EXPECT_FALSE(app::acts_as_profile(Command::make(type))) << type;
  }
  EXPECT_TRUE(app::uses_shared_state(Command::navigate("/auth/magic?token=x")));
  EXPECT_FALSE(app::uses_shared_state(Command::navigate("/market")));
}

TEST_F(Trust, SignOutIsSharedByEveryTabOfTheDevice) {
  sign_in("ada@example.org");
  auto other_tab = open();
  EXPECT_EQ(other_tab->snapshot()["profile"]["email"], "ada@example.org");
  ASSERT_TRUE(run({{"type", "signOut"}}).ok);
  other_tab->catch_up(ctx);
  EXPECT_TRUE(other_tab->snapshot()["profile"].is_null()) << "the other tab still spends Ada's credits";
  EXPECT_EQ(other_tab->submit(cmd({{"type", "switchProfile"}, {"profile", "ada@example.org"}}), ctx).error,
            "sign_in_required");
}

TEST_F(Trust, AProfileRemembersHowItWasCreatedAndOneEmailIsOneProfile) {
  ASSERT_TRUE(session->sign_in_verified("gia@example.org", "Gia", ctx, "", "google").ok);
  ASSERT_TRUE(session->sign_in_verified("gia@example.org", "gia", ctx, "", "email").ok);
  const json profiles = session->snapshot()["profiles"];
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0]["created_with"], "google");
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000);  // one grant
}

TEST_F(Trust, AnImportNeverSignsInAProfileThatSignedOut) {
  sign_in("ada@example.org");
  json exported = session->export_state();
  ASSERT_TRUE(run({{"type", "signOut"}}).ok);
  ASSERT_TRUE(run({{"type", "importState"}, {"state", exported}}).ok);  // preferences name Ada
  EXPECT_TRUE(profile().is_null());
  EXPECT_EQ(run({{"type", "switchProfile"}, {"profile", "ada@example.org"}}).error, "sign_in_required");
}

TEST_F(Trust, AnotherProfileCannotReadOrReuseACommandId) {
  sign_in("ada@example.org");
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "shared-id"}}).ok);
  sign_in("bob@example.org");
  EXPECT_EQ(run({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "shared-id"}}).error, "id_reused");
}

// A forged record on disk (re-hashed, chained) is refused on load and kept aside with what follows it, so
// the next command continues the good history and the load after that is clean.
TEST_F(Trust, AForgedRecordOnDiskIsKeptAsideAndNewRecordsContinueTheGoodHistory) {
  sign_in("ada@example.org");
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "quill-7b"}}).ok);
  app::AppState& state = const_cast<app::AppState&>(session->state());
  core::JournalRecord forged = *state.ledger.use(profile()["id"], *state.find_model("quill-7b"), 1000, ctx.now_ms, "").record;
  forged.postings = {{core::wallet_account(profile()["id"]), 1'000'000}, {"revenue:Larkspur Labs", -1'000'000}};
  forged.data["cost_ucr"] = -1'000'000;
  forged.hash = forged.compute_hash();
  storage.files[app::JournalStore::segment_name(forged.seq)] += forged.to_line();
  session = open();
  EXPECT_NE(session->load_warning().find("kept aside"), std::string::npos) << session->load_warning();
  EXPECT_EQ(session->snapshot()["journal_records"], 2);
  ASSERT_TRUE(run({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}).ok);
  session = open();
  EXPECT_EQ(session->load_warning(), "");
  EXPECT_EQ(session->snapshot()["journal_records"], 3);
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000 - 1200);
}

TEST(Rederivation, NumbersMustBeWholeAndTimesPossible) {
  core::Model quill;
  quill.slug = "quill-7b";
  quill.name = "Quill";
  quill.owner = "Larkspur Labs";
  quill.price_per_1k_ucr = 1200;
  core::Ledger ledger(test::policy_with({quill}));
  const std::string ada = core::Ledger::profile_id_for("ada@example.org");
  ASSERT_EQ(ledger.apply(*ledger.create_profile("ada@example.org", "Ada", "", "email", 1000, "").record), "");
  ASSERT_EQ(ledger.apply(*ledger.unlock(ada, quill, 1000, "").record), "");
  core::JournalRecord call = *ledger.use(ada, quill, 1000, 1000, "").record;
  core::JournalRecord decimal = call;
  decimal.data["cost_ucr"] = 1200.0;
  ledger.chain(decimal);
  EXPECT_NE(ledger.check(decimal), "");
  core::JournalRecord negative_time = call;
  negative_time.time_ms = -5;
  ledger.chain(negative_time);
  EXPECT_NE(ledger.check(negative_time), "");
  core::JournalRecord free_builtin = call;  // a built-in model billed at a price no catalog allows
  free_builtin.data["price_per_1k_ucr"] = 0;
  ledger.chain(free_builtin);
  EXPECT_NE(ledger.check(free_builtin), "");
  EXPECT_EQ(ledger.check(call), "");
}

// A later catalog may add a built-in model with a slug a listing took earlier: the listing's recorded calls
// stay the listing's on replay (the market shows the built-in from then on).
TEST(Rederivation, AListingsCallsReplayAfterACatalogTakesItsSlug) {
  core::Ledger before;
  const std::string ada = core::Ledger::profile_id_for("ada@example.org");
  std::vector<core::JournalRecord> records;
  auto commit = [&](core::Outcome out) {
    ASSERT_TRUE(out.ok()) << out.message;
    ASSERT_EQ(before.apply(*out.record), "");
    records.push_back(*out.record);
  };
  commit(before.create_profile("ada@example.org", "Ada", "", "email", 1000, ""));
  core::ListingDraft draft;
  draft.name = "Tiny Poet";
  draft.category = "LLM";
  draft.tags = {"poetry"};
  draft.price_per_1k_ucr = 2000;
  draft.latency_ms = 300;
  draft.description = "Writes short poems about anything.";
  commit(before.list_model(ada, draft, 1000, "", [](const std::string&) { return false; }));
  commit(before.unlock(ada, *before.listing("tiny-poet"), 1000, ""));
  commit(before.use(ada, *before.listing("tiny-poet"), 1000, 1000, ""));

  core::Model builtin;
  builtin.slug = "tiny-poet";
  builtin.name = "Tiny Poet (official)";
  builtin.owner = "Someone Else";
  builtin.price_per_1k_ucr = 5;
  core::Ledger after(test::policy_with({builtin}));
  for (const core::JournalRecord& r : records) ASSERT_EQ(after.apply(r), "") << r.kind;
  EXPECT_EQ(after.balance(core::revenue_account(ada)), 1800);
  EXPECT_EQ(after.to_json()["balances"], before.to_json()["balances"]);
}

TEST_F(Trust, ACallQuotedFromABundleThatExpiresBeforeItRunsIsRefusedAsBundleExpired) {
  sign_in("ada@example.org");
  ASSERT_TRUE(run({{"type", "listModel"}, {"name", "Tiny Poet"}, {"slug", "tiny-poet"}, {"category", "LLM"}, {"tags", "poetry"},
                   {"price_per_1k_ucr", 2000}, {"latency_ms", 300},
                   {"description", "Writes short poems about anything you like, in many forms."}})
                  .ok);
  const app::Result offered = run({{"type", "offerBundle"}, {"slug", "tiny-poet"}, {"tokens", 5000}, {"price_ucr", 4000}, {"valid_days", 1}});
  ASSERT_TRUE(offered.ok) << offered.message;
  sign_in("bob@example.org");
  ASSERT_TRUE(run({{"type", "unlock"}, {"slug", "tiny-poet"}}).ok);
  const app::Result bought = run({{"type", "buyBundle"}, {"bundle_id", offered.data["bundle_id"]}});
  ASSERT_TRUE(bought.ok) << bought.message;
  const json seen = json::array({{{"source", "bundle"}, {"id", bought.data["purchase"]}, {"tokens", 1000}, {"cost_ucr", 0}}});
  // The page showed "1000 tokens from your bundle, $0.00"; the click runs a day later, after the expiry.
  ctx.now_ms += core::kDayMs;
  const json balance = profile()["balance_ucr"];
  const app::Result late =
      run({{"type", "use"}, {"slug", "tiny-poet"}, {"tokens", 1000}, {"expected_cost_ucr", 0}, {"expected_billed", seen}});
  EXPECT_EQ(late.error, "bundle_expired");
  EXPECT_EQ(late.data["purchase"], bought.data["purchase"]);
  EXPECT_EQ(late.data["cost_ucr"], 2000);
  EXPECT_NE(late.message.find("expired on"), std::string::npos) << late.message;
  EXPECT_EQ(profile()["balance_ucr"], balance);
  EXPECT_EQ(profile()["total_calls"], 0);
  EXPECT_EQ(profile()["bundles"][0]["expired"], true);  // the expiry itself was recorded when due
  // Asked again with what is true now, it is billed from the wallet.
  const app::Result paid =
      run({{"type", "use"}, {"slug", "tiny-poet"}, {"tokens", 1000}, {"expected_cost_ucr", 2000}, {"expected_billed", late.data["billed"]}});
  EXPECT_TRUE(paid.ok) << paid.message;
}

TEST_F(Trust, ATopUpRecordMintsNothingOutsideTheSimulator) {
  // Only a simulated ledger (core/simulation) lets buyers buy credits; a real journal or an import with a
  // "topup" record — balanced, re-hashed — is refused.
  sign_in("ada@example.org");
  const std::string ada = profile()["id"];
  EXPECT_EQ(session->state().ledger.top_up(ada, 1'000'000, ctx.now_ms, "").error, "top_ups_disabled");
  json exported = session->export_state();
  json line = exported["records"].back();
  line["kind"] = "topup";
  line["cmd_id"] = "";
  line["data"] = {{"profile", ada}, {"amount_ucr", 900'000'000}};
  line["postings"] = {{{"account", core::kTopUpsAccount}, {"amount_ucr", -900'000'000}},
                      {{"account", core::wallet_account(ada)}, {"amount_ucr", 900'000'000}}};
  exported["records"].push_back(line);
  rehash(exported);
  const app::Result imported = session->import_state(exported);
  EXPECT_FALSE(imported.ok);
  EXPECT_EQ(profile()["balance_ucr"], 25'000'000);
}
