#include "app/session.h"

#include <gtest/gtest.h>

#include "platform/embedded_assets.h"
#include "platform/file_storage.h"
#include "test_support.h"

using namespace mm::app;
using mm::platform::FileStorage;

namespace {

struct Fixture : ::testing::Test {
  std::string dir = mm::test::fresh_directory("session");
  int durable_calls = 0;
  FileStorage storage{dir, [this] { ++durable_calls; }};
  Context ctx = Context::at(1'790'000'000'000);

  std::unique_ptr<Session> open() {
    auto session = std::make_unique<Session>(storage);
    session->load(mm::assets::catalog_json_text(), ctx);
    return session;
  }
};

}  // namespace

TEST_F(Fixture, StartsWithTheCatalogAndDefaults) {
  auto session = open();
  EXPECT_TRUE(session->state().catalog_error.empty());
  EXPECT_EQ(session->snapshot()["models_count"], session->state().catalog.size());
  EXPECT_EQ(session->snapshot()["route"], "/market");
  EXPECT_EQ(session->snapshot()["theme"], "dark");
  EXPECT_TRUE(session->snapshot()["profile"].is_null());
}

TEST_F(Fixture, PreferencesSurviveARestart) {
  {
    auto session = open();
    ASSERT_TRUE(session->submit(Command::set_theme("light"), ctx).ok);
    ASSERT_TRUE(session->submit(Command::navigate("/model/quill-7b"), ctx).ok);
    EXPECT_EQ(durable_calls, 2);  // one sync request per committed command
  }
  auto reopened = open();
  EXPECT_EQ(reopened->state().prefs.theme, Theme::Light);
  EXPECT_EQ(reopened->state().prefs.route, "/model/quill-7b");
  EXPECT_TRUE(reopened->load_warning().empty());
}

TEST_F(Fixture, UnchangedPreferencesAreNotRewritten) {
  auto session = open();
  ASSERT_TRUE(session->submit(Command::set_theme("light"), ctx).ok);
  ASSERT_TRUE(session->submit(Command::set_theme("light"), ctx).ok);
  EXPECT_EQ(durable_calls, 1);
}

TEST_F(Fixture, ARefusedCommandChangesNothingAndWritesNothing) {
  auto session = open();
  const Result bad_theme = session->submit(Command::set_theme("purple"), ctx);
  EXPECT_FALSE(bad_theme.ok);
  EXPECT_EQ(bad_theme.error, "invalid_theme");
  EXPECT_FALSE(bad_theme.message.empty());
  const Result bad_route = session->submit(Command::navigate("market"), ctx);
  EXPECT_EQ(bad_route.error, "invalid_route");
  EXPECT_EQ(session->state().prefs.theme, Theme::Dark);
  EXPECT_EQ(session->state().prefs.route, "/market");
  EXPECT_EQ(durable_calls, 0);
  EXPECT_FALSE(storage.read("prefs.json"));
}

TEST_F(Fixture, CorruptPreferencesAreKeptAsideWithAWarning) {
  ASSERT_TRUE(storage.write_atomic("prefs.json", R"({"schema":1,"theme":"neon","route":"/market"})"));
  auto session = open();
  EXPECT_EQ(session->state().prefs.theme, Theme::Dark);
  EXPECT_FALSE(session->load_warning().empty());
  EXPECT_FALSE(storage.read("prefs.json"));
  EXPECT_TRUE(storage.read("prefs.json.corrupt-" + std::to_string(ctx.now_ms)));
}
