// Email magic links, client-only and honest: the app makes a random token, keeps only its SHA-256 with the
// email, an expiry and a used flag, and shows the link in an outbox. Opening the link in the same browser
// signs in. Pure logic: randomness and time are passed in.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mm::core {

inline constexpr std::int64_t kMagicLinkLifetimeMs = 15 * 60 * 1000;
inline constexpr std::size_t kMagicTokenBytes = 32;

// A pragmatic check of what a person types: one '@', a non-empty local part, a dotted domain of letters,
// digits and '-', no spaces; at most 254 characters. Lowercased copy in `normalized`.
bool is_valid_email(std::string_view email, std::string* normalized = nullptr);

// Token text for the URL: lowercase hex of the random bytes (64 characters for 32 bytes).
std::string token_from_entropy(std::string_view random_bytes);
bool is_well_formed_token(std::string_view token);

struct PendingMagicLink {
  std::string token_hash;  // SHA-256 (hex) of the token; the token itself is never stored
  std::string email;
  std::int64_t expires_ms = 0;
  bool used = false;
};

enum class MagicLinkProblem { None, Malformed, Unknown, Expired, Used };

class MagicLinks {
 public:
  // Registers a new link for `email` and returns its token.
  std::string issue(const std::string& email, std::string_view random_bytes, std::int64_t now_ms);
  // Checks a token; on success marks it used and returns the email.
  MagicLinkProblem redeem(std::string_view token, std::int64_t now_ms, std::string* email);

  // Drops links that can no longer be used (expired for a day, or used), so the file stays small.
  void prune(std::int64_t now_ms);

  nlohmann::json to_json() const;
  static std::optional<MagicLinks> from_json(const nlohmann::json& doc);
  const std::vector<PendingMagicLink>& pending() const { return links_; }

 private:
  std::vector<PendingMagicLink> links_;
};

}  // namespace mm::core
