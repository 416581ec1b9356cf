// Google ID tokens (JWTs) as the app reads them: three base64url parts, a JSON header and JSON claims. The
// shell verifies the RS256 signature with WebCrypto (it holds Google's keys); the claims are checked here,
// in C++, so the rules are unit-tested and fuzzed: alg RS256, iss Google's, aud our client id, not expired,
// issued at a sane time, the nonce this page asked for, email present and verified (email_verified: true).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mm::core {

struct IdTokenIdentity {
  std::string email;
  std::string name;
  std::string picture;
};

struct IdTokenCheck {
  std::optional<IdTokenIdentity> identity;  // set when every claim holds
  std::string message;                      // otherwise: a sentence saying what was wrong
};

inline constexpr double kClockSkewMs = 5 * 60 * 1000.0;
IdTokenCheck check_id_token_claims(std::string_view token, std::string_view client_id, std::string_view nonce,
                                   std::int64_t now_ms);

// Bytes to base64url without padding (as JWTs write it).
std::string base64url_encode(std::string_view bytes);
// base64url (RFC 4648 §5, padding optional) to bytes; nullopt when the text is not base64url.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace mm::core
