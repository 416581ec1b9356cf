// Two tabs of one browser share storage. The bridge serializes their writes with a Web Lock and syncs
// storage in before each; Session::catch_up then takes in what the other tab saved. Here two Sessions on one
// MemoryStorage stand for two tabs after those syncs.
#include <gtest/gtest.h>

#include "app/session.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"

using namespace mm::app;

namespace {

struct TwoTabs : ::testing::Test {
  mm::test::MemoryStorage storage;
  Context ctx = Context::at(1'790'000'000'000);
  std::unique_ptr<Session> open() {
    auto tab = std::make_unique<Session>(storage);
    tab->load(mm::assets::catalog_json_text(), ctx);
    return tab;
  }
  static Result use(Session& tab, const Context& ctx) {
    return tab.submit(Command::make("use", {{"slug", "quill-7b"}, {"tokens", 1000}}), ctx);
  }
};

}  // namespace

TEST_F(TwoTabs, InterleavedCallsFromBothTabsAreAllKept) {
  auto a = open();
  ASSERT_TRUE(a->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(a->submit(Command::make("unlock", {{"slug", "quill-7b"}}), ctx).ok);
  auto b = open();
  ASSERT_EQ(b->state().prefs.profile_id, a->state().prefs.profile_id);
  for (int i = 0; i < 1200; ++i) {  // crosses a segment boundary and a snapshot
    Session& tab = i % 3 == 0 ? *a : *b;
    tab.catch_up(ctx);  // what the bridge does under the lock before every write
    ASSERT_TRUE(use(tab, ctx).ok) << i;
  }
  a->catch_up(ctx);
  b->catch_up(ctx);
  EXPECT_EQ(a->state().ledger.to_json(), b->state().ledger.to_json());
  EXPECT_EQ(a->snapshot()["profile"]["total_calls"], 1200);
  EXPECT_EQ(a->snapshot()["profile"]["balance_ucr"], 25'000'000 - 1200 * 1200);
  EXPECT_EQ(open()->state().ledger.to_json(), a->state().ledger.to_json());  // and a fresh load agrees
}

TEST_F(TwoTabs, ListingsAndSignInLinksFromTheOtherTabAppear) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(a->submit(Command::make("listModel", {{"name", "Tab Poet"}, {"category", "LLM"}, {"tags", {"poetry"}},
                                                    {"price_per_1k_ucr", 1000}, {"latency_ms", 100},
                                                    {"description", "Listed in the first tab."}}),
                        ctx).ok);
  Context with_entropy = ctx;
  with_entropy.entropy = std::string(32, '\x11');
  const Result link = a->submit(Command::make("requestMagicLink", {{"email", "bob@example.org"}}), with_entropy);
  ASSERT_TRUE(link.ok);
  b->catch_up(ctx);
  EXPECT_NE(b->state().find_model("tab-poet"), nullptr);
  const std::string url = link.data["link"];
  EXPECT_TRUE(b->submit(Command::navigate(url.substr(url.find('#') + 1)), ctx).ok) << "b redeems a's link";
}

TEST_F(TwoTabs, AnImportInTheOtherTabReplacesThisTabsStateOnCatchUp) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  const json exported = a->export_state();
  ASSERT_TRUE(a->sign_in_verified("bob@example.org", "Bob", ctx).ok);
  b->catch_up(ctx);
  EXPECT_EQ(b->state().ledger.last_seq(), 2);
  ASSERT_TRUE(a->submit(Command::make("importState", {{"state", exported}}), ctx).ok);  // back to one record
  b->catch_up(ctx);
  EXPECT_EQ(b->state().ledger.to_json(), a->state().ledger.to_json());
}

TEST_F(TwoTabs, ACatchUpReadsOnFromItsLastRecordAcrossChunksAndASealedSegment) {
  auto a = open();
  ASSERT_TRUE(a->sign_in_verified("ada@example.org", "Ada", ctx).ok);
  ASSERT_TRUE(a->submit(Command::make("unlock", {{"slug", "quill-7b"}}), ctx).ok);
  auto b = open();
  // b looks at odd moments: inside a chunk, then after the segment was sealed and a new one begun.
  for (const int calls : {17, 990, 40}) {
    for (int i = 0; i < calls; ++i) ASSERT_TRUE(use(*a, ctx).ok);
    b->catch_up(ctx);
    EXPECT_EQ(b->state().ledger.to_json(), a->state().ledger.to_json()) << "after " << calls;
  }
  // The history is replaced by one without b's last record: b notices and reloads it.
  auto c = open();
  const json exported = c->export_state();
  ASSERT_TRUE(use(*b, ctx).ok);
  ASSERT_TRUE(a->submit(Command::make("importState", {{"state", exported}}), ctx).ok);
  b->catch_up(ctx);
  EXPECT_EQ(b->state().ledger.to_json(), a->state().ledger.to_json());
}
