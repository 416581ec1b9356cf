// The ledger through the app: commands, idempotency, persistence across restarts, damaged journals,
// export/import. Storage is the real FileStorage (native folder / Node MEMFS) unless speed matters.
#include <gtest/gtest.h>

#include "app/session.h"
#include "core/sha256.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"
#include "platform/file_storage.h"
#include "test_support.h"

using namespace mm::app;
using mm::core::wallet_account;

namespace {

Command cmd(json value) { return Command::from_json(value); }

struct SessionLedger : ::testing::Test {
  std::string dir = mm::test::fresh_directory("ledger");
  mm::platform::FileStorage storage{dir};
  Context ctx = Context::at(1'790'000'000'000);

  std::unique_ptr<Session> open(mm::platform::Storage& where) {
    auto session = std::make_unique<Session>(where);
    session->load(mm::assets::catalog_json_text(), ctx);
    return session;
  }
  std::unique_ptr<Session> open() { return open(storage); }
  static json profile(const Session& s) { return s.snapshot()["profile"]; }
  static mm::core::LedgerPolicy builtin_policy() {
    return mm::test::policy_with(mm::core::parse_catalog(mm::assets::catalog_json_text()).models);
  }
};

}  // namespace

TEST_F(SessionLedger, SigningInCreatesAProfileWithTheWelcomeGrantOnce) {
  auto s = open();
  EXPECT_TRUE(profile(*s).is_null());
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  ASSERT_TRUE(s->submit(cmd({{"type", "signOut"}}), ctx).ok);
  EXPECT_TRUE(profile(*s).is_null());
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  EXPECT_EQ(s->snapshot()["journal_records"], 1);  // one grant, not two
}

TEST_F(SessionLedger, CommandsNeedASignedInProfileAndAKnownModel) {
  auto s = open();
  EXPECT_EQ(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).error, "not_signed_in");
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  EXPECT_EQ(s->submit(cmd({{"type", "unlock"}, {"slug", "nope"}}), ctx).error, "unknown_model");
  EXPECT_EQ(s->submit(cmd({{"type", "unlock"}}), ctx).error, "unknown_model");
  EXPECT_EQ(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}), ctx).error, "not_owned");
  ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).ok);
  for (const json& tokens : {json("1000"), json(1.5), json(nullptr), json(0)})
    EXPECT_EQ(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", tokens}}), ctx).error, "invalid_tokens");
  EXPECT_EQ(s->submit(cmd({{"type", "rate"}, {"slug", "quill-7b"}, {"stars", "5"}}), ctx).error, "invalid_stars");
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  EXPECT_EQ(s->snapshot()["journal_records"], 2);
}

TEST_F(SessionLedger, UseReturnsCostAndBalanceAndStateShowsTheTotals) {
  auto s = open();
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).ok);
  const Result r = s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1500}}), ctx);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.to_json()["cost_ucr"], 1800);
  EXPECT_EQ(r.to_json()["balance_ucr"], 25'000'000 - 1800);
  const json p = profile(*s);
  EXPECT_EQ(p["balance_ucr"], 25'000'000 - 1800);
  EXPECT_EQ(p["total_calls"], 1);
  EXPECT_EQ(p["total_spent_ucr"], 1800);
  EXPECT_EQ(p["owned"], json::array({"quill-7b"}));
  EXPECT_EQ(p["recent_usage"][0]["tokens"], 1500);
}

TEST_F(SessionLedger, ReplayingACommandIdReturnsTheFirstResultAndChangesNothing) {
  auto s = open();
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}, {"id", "u-1"}}), ctx).ok);
  const json use = {{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}, {"id", "call-1"}};
  const json first = s->submit(cmd(use), ctx).to_json();
  const json again = s->submit(cmd(use), ctx).to_json();
  EXPECT_EQ(first, again);
  EXPECT_EQ(profile(*s)["total_calls"], 1);
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000 - 1200);
  // ...also after a restart: the id is part of the journal.
  s.reset();
  auto reopened = open();
  EXPECT_EQ(reopened->submit(cmd(use), ctx).to_json(), first);
  EXPECT_EQ(profile(*reopened)["total_calls"], 1);
}

TEST_F(SessionLedger, BalancesOwnershipAndUsageSurviveARestart) {
  {
    auto s = open();
    ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "orbit-coder"}}), ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "orbit-coder"}, {"tokens", 4321}}), ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "rate"}, {"slug", "orbit-coder"}, {"stars", 4}}), ctx).ok);
  }
  auto s = open();
  EXPECT_TRUE(s->load_warning().empty()) << s->load_warning();
  const json p = profile(*s);
  ASSERT_FALSE(p.is_null());  // still signed in
  EXPECT_EQ(p["balance_ucr"], 25'000'000 - 14692);  // ceil(4321 * 3.4)
  EXPECT_EQ(p["owned"], json::array({"orbit-coder"}));
  EXPECT_EQ(p["recent_usage"].size(), 1u);
  EXPECT_EQ(s->state().ledger.model_activity("orbit-coder")->rating_count, 1);
}

TEST_F(SessionLedger, AppendingAUsageCallWritesOneSmallRecord) {
  mm::test::MemoryStorage memory;
  auto s = open(memory);
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).ok);
  const std::size_t before = memory.files["journal-000001.000.jsonl"].size();
  ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}), ctx).ok);
  const std::size_t appended = memory.files["journal-000001.000.jsonl"].size() - before;
  EXPECT_GT(appended, 200u);
  EXPECT_LT(appended, 700u);
}

// IDBFS stores whole files: every file a call writes stays small however long the history, and a complete
// segment is sealed into one file written once.
TEST_F(SessionLedger, TheFilesACallWritesStaySmallAndCompleteSegmentsAreSealed) {
  mm::test::MemoryStorage memory;
  auto s = open(memory);
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx).ok);
  std::size_t largest = 0;
  for (int i = 0; i < 1200; ++i) {
    const std::int64_t seq = s->state().ledger.last_seq() + 1;
    ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100 + i}}), ctx).ok);
    if (seq % JournalStore::kRecordsPerSegment != 0) largest = std::max(largest, memory.files[JournalStore::segment_name(seq)].size());
  }
  EXPECT_LT(largest, 4096u);
  EXPECT_EQ(std::count(memory.files["journal-000001.jsonl"].begin(), memory.files["journal-000001.jsonl"].end(), '\n'), 1000);
  EXPECT_FALSE(memory.files.count("journal-000001.000.jsonl")) << "the sealed segment's chunks are gone";
  s = open(memory);
  EXPECT_EQ(s->load_warning(), "");
  EXPECT_EQ(s->snapshot()["journal_records"], 1202);
}

// Saved by an earlier version: the active segment was one growing file. It loads, and new records continue
// it in chunks until the segment is sealed.
TEST_F(SessionLedger, AnOldFormatJournalLoadsAndIsContinued) {
  mm::test::MemoryStorage memory;
  {
    auto s = open(memory);
    ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx).ok);
    for (int i = 0; i < 11; ++i) ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100}}), ctx).ok);
  }
  // Today's files, as the previous version wrote them: one journal-000001.jsonl with all 13 records.
  std::string old_format;
  for (const char* chunk : {"journal-000001.000.jsonl", "journal-000001.001.jsonl"}) {
    old_format += memory.files[chunk];
    memory.files.erase(chunk);
  }
  memory.files["journal-000001.jsonl"] = old_format;
  auto s = open(memory);
  EXPECT_EQ(s->load_warning(), "");
  EXPECT_EQ(s->snapshot()["journal_records"], 13);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100}}), ctx).ok);
  s = open(memory);
  EXPECT_EQ(s->load_warning(), "");
  EXPECT_EQ(s->snapshot()["journal_records"], 1013);
  EXPECT_EQ(std::count(memory.files["journal-000001.jsonl"].begin(), memory.files["journal-000001.jsonl"].end(), '\n'), 1000);
}

namespace {

// Opens a session whose journal has 3 records (profile, unlock, use) and returns the journal's bytes.
std::string three_records(SessionLedger& t) {
  auto s = t.open();
  EXPECT_TRUE(s->sign_in_verified("ada@example.org", "Ada", t.ctx).ok);
  EXPECT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), t.ctx).ok);
  EXPECT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}), t.ctx).ok);
  return *t.storage.read(JournalStore::segment_name(3));
}

}  // namespace

TEST_F(SessionLedger, AFlippedByteIsDetectedKeptAsideAndTheLastGoodStateRestored) {
  std::string bytes = three_records(*this);
  const std::size_t last_line = bytes.rfind('\n', bytes.size() - 2) + 1;
  const std::size_t tokens_at = bytes.find("\"tokens\":1000", last_line);
  ASSERT_NE(tokens_at, std::string::npos);
  bytes[tokens_at + 10] = '9';  // 1000 -> 1900 tokens: valid JSON, wrong hash
  ASSERT_TRUE(storage.write_atomic(JournalStore::segment_name(3), bytes));

  auto s = open();
  EXPECT_NE(s->load_warning().find("damaged"), std::string::npos) << s->load_warning();
  EXPECT_EQ(s->snapshot()["journal_records"], 2);  // profile + unlock: the call was the damaged record
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  EXPECT_EQ(storage.read(JournalStore::segment_name(3) + ".corrupt-" + std::to_string(ctx.now_ms)), bytes);
  // The repaired journal continues cleanly.
  ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 10}}), ctx).ok);
  s.reset();
  EXPECT_EQ(open()->load_warning(), "");
}

TEST_F(SessionLedger, ATruncatedLastRecordIsDetectedAndDropped) {
  const std::string bytes = three_records(*this);
  ASSERT_TRUE(storage.write_atomic(JournalStore::segment_name(3), bytes.substr(0, bytes.size() - 40)));
  auto s = open();
  EXPECT_NE(s->load_warning().find("cut off"), std::string::npos) << s->load_warning();
  EXPECT_EQ(s->snapshot()["journal_records"], 2);
  EXPECT_TRUE(storage.read(JournalStore::segment_name(3) + ".corrupt-" + std::to_string(ctx.now_ms)));
}

TEST_F(SessionLedger, SnapshotsSpeedUpLoadAndADisagreeingSnapshotIsRebuiltFromTheJournal) {
  mm::test::MemoryStorage memory;
  {
    auto s = open(memory);
    ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx).ok);
    for (int i = 0; i < 1100; ++i)
      ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100 + i}}), ctx).ok);
  }
  ASSERT_TRUE(memory.files.count("snapshot.json"));
  ASSERT_TRUE(memory.files.count("journal-000001.jsonl"));  // sealed
  ASSERT_TRUE(memory.files.count(JournalStore::segment_name(1102)));
  JournalStore store(memory);
  const auto loaded = store.load(builtin_policy(), ctx.now_ms);
  EXPECT_EQ(loaded.problem, "");
  EXPECT_EQ(loaded.records, 1102);
  EXPECT_EQ(loaded.replayed, 102);  // only the tail after the snapshot at 1000
  const json expected = loaded.ledger.to_json();

  // A snapshot whose content was edited (checksum) or that names another chain is detected.
  std::string snapshot = memory.files["snapshot.json"];
  char& digit = snapshot[snapshot.find("\"calls\":") + 8];
  digit = digit == '1' ? '2' : '1';
  memory.files["snapshot.json"] = snapshot;
  const auto rebuilt = JournalStore(memory).load(builtin_policy(), ctx.now_ms);
  EXPECT_NE(rebuilt.problem.find("snapshot"), std::string::npos);
  EXPECT_EQ(rebuilt.replayed, 1102);
  EXPECT_EQ(rebuilt.ledger.to_json(), expected);
  EXPECT_FALSE(memory.files.count("snapshot.json"));
}

TEST_F(SessionLedger, ExportImportRoundTripsAndARejectedImportChangesNothing) {
  mm::test::MemoryStorage other;
  json exported;
  {
    auto s = open();
    ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 999}}), ctx).ok);
    exported = s->submit(cmd({{"type", "exportState"}}), ctx).to_json()["state"];
  }
  ASSERT_EQ(exported["records"].size(), 3u);
  EXPECT_EQ(exported["records"][2]["postings"][0]["amount_ucr"], -1199);

  auto target = open(other);
  ASSERT_TRUE(target->sign_in_verified("bob@example.org", "Bob", ctx).ok);
  const json before = target->snapshot();
  for (auto damage : std::vector<std::function<void(json&)>>{
           [](json& d) { d["schema"] = 9; },
           [](json& d) { d["format"] = "something else"; },
           [](json& d) { d["records"][2]["postings"][1]["amount_ucr"] = 1; },  // unbalanced / hash
           [](json& d) { d["records"].erase(1); },                              // chain gap
           [](json& d) { d["records"][1]["prev_hash"] = std::string(64, '0'); },
       }) {
    json bad = exported;
    damage(bad);
    const Result r = target->submit(cmd({{"type", "importState"}, {"state", bad}}), ctx);
    EXPECT_EQ(r.error, "invalid_import");
    EXPECT_NE(r.message.find("nothing changed"), std::string::npos);
    EXPECT_EQ(target->snapshot(), before);
  }
  const Result ok = target->submit(cmd({{"type", "importState"}, {"state", exported}}), ctx);
  ASSERT_TRUE(ok.ok) << ok.message;
  // An import never signs anyone in: Ada's profile is here, and signing in (no second grant) opens it.
  EXPECT_TRUE(profile(*target).is_null());
  ASSERT_TRUE(target->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  EXPECT_EQ(profile(*target)["balance_ucr"], 25'000'000 - 1199);
  // The import is durable: a restart shows the same.
  target.reset();
  EXPECT_EQ(profile(*open(other))["balance_ucr"], 25'000'000 - 1199);
}

// Opening reads the snapshot and the journal's tail only; the older history is re-derived in slices after.
// A snapshot that was edited and re-checksummed (the checksum has no key) is caught by that check: it is kept
// aside and the state rebuilt from the journal, with the same banner as a damaged load.
TEST_F(SessionLedger, TheHistoryASnapshotCoversIsCheckedInTheBackgroundAndAForgedSnapshotIsCaught) {
  mm::test::MemoryStorage memory;
  {
    auto s = open(memory);
    ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
    ASSERT_TRUE(s->submit(cmd({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx).ok);
    for (int i = 0; i < 1100; ++i)
      ASSERT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100 + i}, {"id", "c" + std::to_string(i)}}), ctx).ok);
  }
  auto s = open(memory);
  EXPECT_EQ(s->load_warning(), "");
  EXPECT_EQ(s->history_checked_percent(), 0);
  int steps = 0;
  while (s->check_history(300, ctx)) ++steps;
  EXPECT_GE(steps, 3);
  EXPECT_EQ(s->history_checked_percent(), -1);
  EXPECT_EQ(s->load_warning(), "");
  // Every id of the older history is known again: a retry returns its first result.
  const json before = s->state().ledger.to_json();
  EXPECT_TRUE(s->submit(cmd({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 100}, {"id", "c0"}}), ctx).ok);
  EXPECT_EQ(s->state().ledger.to_json(), before);

  // Forge the snapshot so that every invariant still holds: the platform's fees moved to the owner's revenue,
  // and a checksum recomputed to match.
  json doc = json::parse(memory.files["snapshot.json"]);
  json& balances = doc["ledger"]["balances"];
  balances["platform:fees"] = balances["platform:fees"].get<std::int64_t>() - 5000;
  balances["revenue:Chalkboard Collective"] = balances["revenue:Chalkboard Collective"].get<std::int64_t>() + 5000;
  doc["checksum"] = mm::core::sha256_hex(doc["ledger"].dump());
  memory.files["snapshot.json"] = doc.dump();
  s = open(memory);
  EXPECT_EQ(s->load_warning(), "");  // opened from the (forged) snapshot, unchecked yet
  while (s->check_history(500, ctx)) {
  }
  EXPECT_NE(s->load_warning().find("snapshot"), std::string::npos) << s->load_warning();
  EXPECT_EQ(s->state().ledger.to_json()["balances"], before["balances"]) << "rebuilt from the journal";
  EXPECT_FALSE(memory.files.count("snapshot.json"));
}
