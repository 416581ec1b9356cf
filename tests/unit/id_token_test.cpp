// The claims of a Google ID token, checked in C++ after the shell verified its signature with WebCrypto.
#include "core/id_token.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using namespace mm::core;
using nlohmann::json;

namespace {

const char* kClient = "123.apps.googleusercontent.com";
const char* kNonce = "n-0123456789abcdef";
constexpr std::int64_t kNow = 1'790'000'000'000;


json good_claims() {
  return {{"iss", "https://accounts.google.com"}, {"aud", kClient}, {"exp", kNow / 1000 + 600},
          {"iat", kNow / 1000 - 10}, {"nonce", kNonce}, {"email", "ada@example.org"}, {"email_verified", true}, {"name", "Ada"}, {"picture", "https://p/ada.png"}};
}

std::string token(const json& claims, const json& header = {{"alg", "RS256"}, {"kid", "k1"}}) {
  return base64url_encode(header.dump()) + "." + base64url_encode(claims.dump()) + ".c2lnbmF0dXJl";
}

}  // namespace

TEST(IdToken, AGoodTokenGivesItsIdentity) {
  const IdTokenCheck check = check_id_token_claims(token(good_claims()), kClient, kNonce, kNow);
  ASSERT_TRUE(check.identity.has_value()) << check.message;
  EXPECT_EQ(check.identity->email, "ada@example.org");
  EXPECT_EQ(check.identity->name, "Ada");
  EXPECT_EQ(check.identity->picture, "https://p/ada.png");
  json bare_issuer = good_claims();
  bare_issuer["iss"] = "accounts.google.com";
  EXPECT_TRUE(check_id_token_claims(token(bare_issuer), kClient, kNonce, kNow).identity);
}

TEST(IdToken, EachBrokenClaimIsRefusedWithItsReason) {
  auto refused = [](const std::string& t, const char* words) {
    const IdTokenCheck check = check_id_token_claims(t, kClient, kNonce, kNow);
    EXPECT_FALSE(check.identity) << t;
    EXPECT_NE(check.message.find(words), std::string::npos) << check.message;
  };
  auto with = [](const char* key, json value) {
    json c = good_claims();
    if (value.is_null()) c.erase(key);
    else c[key] = value;
    return token(c);
  };
  refused(token(good_claims(), {{"alg", "none"}}), "not signed the way");
  refused(with("iss", "https://evil.example"), "not issued by Google");
  refused(with("aud", "someone-else"), "another app");
  refused(with("exp", kNow / 1000), "expired");
  refused(with("exp", "tomorrow"), "expired");
  refused(with("exp", nullptr), "expired");
  refused(with("email", nullptr), "confirm an email");
  refused(with("email_verified", false), "confirm an email");
  // Sign-in honesty: an email Google did not say it verified is not an identity.
  refused(with("email_verified", nullptr), "confirm an email");
  refused(with("email_verified", "true"), "confirm an email");
  refused(with("nonce", nullptr), "nonce");
  refused(with("nonce", "n-from-another-page"), "nonce");
  refused(with("iat", nullptr), "issue time");
  refused(with("iat", kNow / 1000 + 3600), "issue time");          // issued an hour in the future
  refused(with("iat", kNow / 1000 - 2 * 86'400), "issue time");    // issued two days ago
  EXPECT_FALSE(check_id_token_claims(token(good_claims()), kClient, "", kNow).identity) << "no nonce asked for";
  EXPECT_FALSE(check_id_token_claims(token(good_claims()), "", kNonce, kNow).identity) << "no client id configured";
}

TEST(IdToken, MalformedTokensAreUnreadable) {
  for (const std::string& bad : {std::string(""), std::string("a.b"), std::string("a.b.c.d"), std::string("!!!.???.sig"),
                                base64url_encode("[1,2]") + "." + base64url_encode("{}") + ".s", std::string("eyJ.eyJ.s"),
                                base64url_encode("{\"alg\":\"RS256\"}") + "." + base64url_encode("not json") + ".s"}) {
    const IdTokenCheck check = check_id_token_claims(bad, kClient, kNonce, kNow);
    EXPECT_FALSE(check.identity) << bad;
    EXPECT_NE(check.message.find("cannot read"), std::string::npos) << bad << ": " << check.message;
  }
}

TEST(IdToken, Base64urlRoundTrips) {
  EXPECT_EQ(base64url_encode("hi"), "aGk");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff", 2)), "-_8");
  for (const char* bytes : {"", "a", "ab", "abc", "abcd"}) EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
}

TEST(IdToken, Base64urlDecodes) {
  EXPECT_EQ(base64url_decode("aGk"), "hi");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff", 2));
  EXPECT_FALSE(base64url_decode("a+b/"));
  EXPECT_FALSE(base64url_decode("abcde"));
}
