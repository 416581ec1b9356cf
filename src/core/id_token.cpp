#include "core/id_token.h"

#include <mbedtls/base64.h>

#include <nlohmann/json.hpp>

namespace mm::core {

using nlohmann::json;

std::string base64url_encode(std::string_view bytes) {
  std::string out(bytes.size() / 3 * 4 + 8, '\0');
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(written);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not the URL alphabet
  }
  standard.append((4 - standard.size() % 4) % 4, '=');
  std::string bytes(standard.size() / 4 * 3, '\0');
  std::size_t written = 0;
  if (mbedtls_base64_decode(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), &written,
                            reinterpret_cast<const unsigned char*>(standard.data()), standard.size()) != 0)
    return std::nullopt;
  bytes.resize(written);
  return bytes;
}

IdTokenCheck check_id_token_claims(std::string_view token, std::string_view client_id, std::string_view nonce,
                                   std::int64_t now_ms) {
  auto refuse = [](std::string message) { return IdTokenCheck{std::nullopt, std::move(message)}; };
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos || token.size() > 16384)
    return refuse("Google sent a sign-in token this app cannot read.");
  const auto header_bytes = base64url_decode(token.substr(0, first));
  const auto claims_bytes = base64url_decode(token.substr(first + 1, second - first - 1));
  const json header = header_bytes ? json::parse(*header_bytes, nullptr, false) : json();
  const json claims = claims_bytes ? json::parse(*claims_bytes, nullptr, false) : json();
  if (!header.is_object() || !claims.is_object()) return refuse("Google sent a sign-in token this app cannot read.");

  auto text = [](const json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (text(header, "alg") != "RS256") return refuse("The Google sign-in token is not signed the way Google signs them.");
  const std::string issuer = text(claims, "iss");
  if (issuer != "accounts.google.com" && issuer != "https://accounts.google.com")
    return refuse("The sign-in token was not issued by Google.");
  if (client_id.empty() || text(claims, "aud") != client_id)
    return refuse("The sign-in token was made for another app (wrong audience).");
  auto seconds = [&](const char* key) {
    const auto it = claims.find(key);
    return it != claims.end() && it->is_number() ? it->get<double>() * 1000.0 : -1.0;
  };
  const double now = static_cast<double>(now_ms), exp = seconds("exp"), iat = seconds("iat");
  if (exp <= now) return refuse("The Google sign-in has expired; please sign in again.");
  // Issued neither in the future (5 minutes of clock skew allowed) nor after it expires nor over a day ago.
  if (iat < 0 || iat > now + kClockSkewMs || iat > exp || iat < now - 86'400'000.0)
    return refuse("The Google sign-in token has an impossible issue time; check this device's clock and sign in again.");
  // The nonce this page gave Google for this sign-in: a token made for another page or replayed is refused.
  if (nonce.empty() || text(claims, "nonce") != nonce)
    return refuse("The Google sign-in token was not made for this sign-in (nonce mismatch); please sign in again.");
  const auto verified = claims.find("email_verified");
  if (text(claims, "email").empty() || verified == claims.end() || *verified != true)
    return refuse("Google did not confirm an email address for this account.");
  return {IdTokenIdentity{text(claims, "email"), text(claims, "name"), text(claims, "picture")}, ""};
}

}  // namespace mm::core
