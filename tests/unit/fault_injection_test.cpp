// Fault injection: the real FileStorage is told to fail at each step of a write (the bytes, the flush, the
// rename). After every failure, and after a "reload" (a new Session on the same folder), the state is the
// last committed one: nothing half-applied, and the person was told the save failed.
#include <gtest/gtest.h>

#include "app/session.h"
#include "platform/embedded_assets.h"
#include "platform/file_storage.h"
#include "test_support.h"

using namespace mm::app;
using Step = mm::platform::FileStorage::Step;

namespace {

struct FaultInjection : ::testing::TestWithParam<Step> {
  std::string dir = mm::test::fresh_directory("faults");
  mm::platform::FileStorage storage{dir};
  Context ctx = Context::at(1'790'000'000'000);

  std::unique_ptr<Session> open() {
    auto session = std::make_unique<Session>(storage);
    session->load(mm::assets::catalog_json_text(), ctx);
    return session;
  }
  Result run(Session& s, json command) { return s.submit(Command::from_json(command), ctx); }
};

std::string step_name(const ::testing::TestParamInfo<Step>& info) {
  return info.param == Step::Bytes ? "Bytes" : info.param == Step::Sync ? "Sync" : "Rename";
}

}  // namespace

// The journal is appended to (no rename), so its steps are the bytes and the flush.
using JournalAppendFaults = FaultInjection;
TEST_P(JournalAppendFaults, RefuseTheCommandAndAReloadShowsTheLastCommittedState) {
  auto s = open();
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(run(*s, {{"type", "unlock"}, {"slug", "quill-7b"}}).ok);
  ASSERT_TRUE(run(*s, {{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}).ok);
  const json committed = s->state().ledger.to_json();

  storage.fail_next_write("journal-", GetParam());
  const Result failed = run(*s, {{"type", "use"}, {"id", "retry-me"}, {"slug", "quill-7b"}, {"tokens", 5000}});
  EXPECT_FALSE(storage.fault_pending());
  EXPECT_EQ(failed.error, "save_failed");
  EXPECT_NE(failed.message.find("could not be saved"), std::string::npos);
  EXPECT_NE(s->save_error(), "") << "the banner tells the person";
  EXPECT_EQ(s->state().ledger.to_json(), committed) << "nothing half-applied in memory";

  auto reloaded = open();
  EXPECT_EQ(reloaded->load_warning(), "");
  EXPECT_EQ(reloaded->state().ledger.to_json(), committed) << "nothing half-written on disk";

  // Once storage works again the same command (same id) goes through, exactly once.
  const Result retried = run(*reloaded, {{"type", "use"}, {"id", "retry-me"}, {"slug", "quill-7b"}, {"tokens", 5000}});
  ASSERT_TRUE(retried.ok) << retried.message;
  EXPECT_EQ(reloaded->save_error(), "");
  EXPECT_EQ(open()->snapshot()["profile"]["total_calls"], 2);
}

TEST_P(FaultInjection, AFailedPreferencesWriteKeepsTheOldFileAndSaysSo) {
  auto s = open();
  ASSERT_TRUE(run(*s, {{"type", "setTheme"}, {"theme", "light"}}).ok);
  storage.fail_next_write("prefs.json", GetParam());
  ASSERT_TRUE(run(*s, {{"type", "navigate"}, {"route", "/leaderboards"}}).ok);
  EXPECT_FALSE(storage.fault_pending());
  EXPECT_NE(s->save_error(), "");
  EXPECT_FALSE(storage.read("prefs.json.tmp").has_value()) << "no temporary left behind";

  auto reloaded = open();
  EXPECT_EQ(reloaded->load_warning(), "") << "the old file is intact, not torn";
  EXPECT_EQ(reloaded->state().prefs.theme, Theme::Light);
  EXPECT_EQ(reloaded->state().prefs.route, "/market");  // the last saved route, not the failed one
}

// A snapshot is derived data: failing to write one loses nothing, since the journal holds every record.
TEST_P(FaultInjection, AFailedSnapshotWriteLosesNoCommittedRecord) {
  auto s = open();
  ASSERT_TRUE(s->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(run(*s, {{"type", "unlock"}, {"slug", "quill-7b"}}).ok);
  storage.fail_next_write("snapshot", GetParam());
  // The first segment completes at record 1,000, where the first snapshot is due.
  while (s->state().ledger.last_seq() < 1001)
    ASSERT_TRUE(run(*s, {{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 10}}).ok);
  EXPECT_FALSE(storage.fault_pending()) << "a snapshot was attempted";
  EXPECT_FALSE(storage.read("snapshot.json.tmp").has_value());
  auto reloaded = open();
  EXPECT_EQ(reloaded->load_warning(), "");
  EXPECT_EQ(reloaded->state().ledger.to_json(), s->state().ledger.to_json());
}

INSTANTIATE_TEST_SUITE_P(EachStep, JournalAppendFaults, ::testing::Values(Step::Bytes, Step::Sync), step_name);
INSTANTIATE_TEST_SUITE_P(EachStep, FaultInjection, ::testing::Values(Step::Bytes, Step::Sync, Step::Rename), step_name);

TEST(FileStorageFaults, ATornAppendIsCutBackToTheOldLength) {
  mm::platform::FileStorage storage{mm::test::fresh_directory("torn")};
  ASSERT_TRUE(storage.append("log", "first\n"));
  storage.fail_next_write("log", Step::Bytes);
  EXPECT_FALSE(storage.append("log", "second line\n"));
  EXPECT_EQ(storage.read("log"), "first\n");
  ASSERT_TRUE(storage.append("log", "third\n"));
  EXPECT_EQ(storage.read("log"), "first\nthird\n");
}
