// Signing in without a server: magic links and profiles, through the app (real FileStorage).
#include <gtest/gtest.h>

#include "app/session.h"
#include "core/magic_link.h"
#include "platform/embedded_assets.h"
#include "platform/file_storage.h"
#include "test_support.h"

using namespace mm::app;
using mm::core::is_valid_email;

namespace {

struct Auth : ::testing::Test {
  std::string dir = mm::test::fresh_directory("auth");
  mm::platform::FileStorage storage{dir};
  Context ctx{1'790'000'000'000, std::string(32, '\x5a'), "http://localhost:8080/app/"};

  std::unique_ptr<Session> open() {
    auto s = std::make_unique<Session>(storage);
    s->load(mm::assets::catalog_json_text(), ctx);
    return s;
  }
  // Requests a link with fresh entropy (a different token each time) and returns its route.
  std::string request(Session& s, const std::string& email) {
    ctx.entropy[0] = static_cast<char>(ctx.entropy[0] + 1);
    const Result r = s.submit(Command::from_json({{"type", "requestMagicLink"}, {"email", email}}), ctx);
    EXPECT_TRUE(r.ok) << r.message;
    const std::string link = r.data.value("link", "");
    EXPECT_EQ(link.rfind(ctx.base_url + "#/auth/magic?token=", 0), 0u) << link;
    return link.substr(link.find('#') + 1);
  }
  static Result open_link(Session& s, const std::string& route, const Context& when) {
    return s.submit(Command::navigate(route), when);
  }
  static json profile(const Session& s) { return s.snapshot()["profile"]; }
};

}  // namespace

TEST(Email, AcceptsOrdinaryAddressesAndRefusesMalformedOnes) {
  std::string normalized;
  EXPECT_TRUE(is_valid_email("Ada.Lovelace+mm@Example.org", &normalized));
  EXPECT_EQ(normalized, "ada.lovelace+mm@example.org");
  for (const char* bad : {"", "ada", "ada@", "@example.org", "ada@example", "ada@@example.org", "a da@example.org",
                          "ada@exa mple.org", "ada@-example.org", "ada@example..org", ".ada@example.org"})
    EXPECT_FALSE(is_valid_email(bad)) << bad;
}

TEST_F(Auth, AMalformedEmailIsRefusedAndNothingIsStored) {
  auto s = open();
  const Result r = s->submit(Command::from_json({{"type", "requestMagicLink"}, {"email", "ada@example"}}), ctx);
  EXPECT_EQ(r.error, "invalid_email");
  EXPECT_TRUE(s->state().magic_links.pending().empty());
}

TEST_F(Auth, OnlyTheTokensHashIsStored) {
  auto s = open();
  const std::string route = request(*s, "ada@example.org");
  const std::string token = route.substr(route.find('=') + 1);
  EXPECT_EQ(token.size(), 64u);
  const std::string file = *storage.read("magic_links.json");
  EXPECT_EQ(file.find(token), std::string::npos);
  EXPECT_NE(file.find("ada@example.org"), std::string::npos);
}

TEST_F(Auth, OpeningTheLinkSignsInWithTheGrantAndALinkWorksOnce) {
  auto s = open();
  const std::string route = request(*s, "Ada@Example.org");
  const Result r = open_link(*s, route, ctx);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(profile(*s)["email"], "ada@example.org");
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  EXPECT_EQ(s->state().prefs.route, "/market");  // the token left the route

  ASSERT_TRUE(s->submit(Command::from_json({{"type", "signOut"}}), ctx).ok);
  const Result again = open_link(*s, route, ctx);
  EXPECT_EQ(again.error, "magic_link_used");
  EXPECT_TRUE(profile(*s).is_null());
  EXPECT_EQ(s->state().prefs.route, "/sign-in");
  EXPECT_EQ(s->snapshot()["auth_message"], again.message);

  // A new link for the same email: the same profile, no second grant.
  ASSERT_TRUE(open_link(*s, request(*s, "ada@example.org"), ctx).ok);
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000);
  EXPECT_EQ(s->snapshot()["journal_records"], 1);
}

TEST_F(Auth, ExpiredUnknownAndMalformedLinksAreRefusedWithTheirReasons) {
  auto s = open();
  const std::string route = request(*s, "ada@example.org");
  Context later = ctx;
  later.now_ms += 15 * 60 * 1000;
  const Result expired = open_link(*s, route, later);
  EXPECT_EQ(expired.error, "magic_link_expired");
  EXPECT_NE(expired.message.find("15 minutes"), std::string::npos);

  const Result unknown = open_link(*s, "/auth/magic?token=" + std::string(64, 'e'), ctx);
  EXPECT_EQ(unknown.error, "magic_link_unknown");
  EXPECT_NE(unknown.message.find("browser where they were requested"), std::string::npos);

  for (const char* bad : {"/auth/magic", "/auth/magic?token=", "/auth/magic?token=xyz", "/auth/magic?token=ABC"})
    EXPECT_EQ(open_link(*s, bad, ctx).error, "magic_link_malformed") << bad;
  EXPECT_TRUE(profile(*s).is_null());
  EXPECT_EQ(s->snapshot()["journal_records"], 0);
}

TEST_F(Auth, ALinkRequestedBeforeARestartStillWorksAfterIt) {
  std::string route;
  {
    auto s = open();
    route = request(*s, "ada@example.org");
  }
  auto s = open();
  ASSERT_TRUE(open_link(*s, route, ctx).ok);
  EXPECT_EQ(profile(*s)["email"], "ada@example.org");
}

TEST_F(Auth, SeveralProfilesLiveOnOneDeviceAndSignOutKeepsTheirData) {
  auto s = open();
  ASSERT_TRUE(open_link(*s, request(*s, "ada@example.org"), ctx).ok);
  ASSERT_TRUE(s->submit(Command::from_json({{"type", "unlock"}, {"slug", "quill-7b"}}), ctx).ok);
  ASSERT_TRUE(s->submit(Command::from_json({{"type", "use"}, {"slug", "quill-7b"}, {"tokens", 1000}}), ctx).ok);
  ASSERT_TRUE(open_link(*s, request(*s, "bob@example.org"), ctx).ok);
  EXPECT_EQ(profile(*s)["email"], "bob@example.org");
  EXPECT_EQ(s->snapshot()["profiles"].size(), 2u);

  ASSERT_TRUE(s->submit(Command::from_json({{"type", "switchProfile"}, {"profile", "ada@example.org"}}), ctx).ok);
  EXPECT_EQ(profile(*s)["balance_ucr"], 25'000'000 - 1200);
  EXPECT_EQ(s->submit(Command::from_json({{"type", "switchProfile"}, {"profile", "eve@example.org"}}), ctx).error,
            "unknown_profile");
  ASSERT_TRUE(s->submit(Command::from_json({{"type", "signOut"}}), ctx).ok);
  s.reset();
  auto reopened = open();
  EXPECT_TRUE(profile(*reopened).is_null());  // signed out stays signed out
  // Sign-out means something on a shared computer: Ada's profile needs a new sign-in; Bob is still signed in.
  EXPECT_EQ(reopened->submit(Command::from_json({{"type", "switchProfile"}, {"profile", "ada@example.org"}}), ctx).error,
            "sign_in_required");
  EXPECT_TRUE(profile(*reopened).is_null());
  ASSERT_TRUE(reopened->submit(Command::from_json({{"type", "switchProfile"}, {"profile", "bob@example.org"}}), ctx).ok);
  EXPECT_EQ(reopened->snapshot()["profiles"][0]["signed_in"].get<bool>() +
                reopened->snapshot()["profiles"][1]["signed_in"].get<bool>(),
            1);
  // Signing in again brings Ada's data back: signing out never deletes anything.
  ASSERT_TRUE(open_link(*reopened, request(*reopened, "ada@example.org"), ctx).ok);
  EXPECT_EQ(profile(*reopened)["owned"], json::array({"quill-7b"}));
  EXPECT_EQ(profile(*reopened)["balance_ucr"], 25'000'000 - 1200);
}
