#include "core/magic_link.h"

#include <algorithm>

#include "core/sha256.h"

namespace mm::core {

bool is_valid_email(std::string_view email, std::string* normalized) {
  if (email.size() < 3 || email.size() > 254) return false;
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.size() > 64) return false;
  for (char c : local)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' ||
        c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\' || static_cast<unsigned char>(c) >= 0x7f)
      return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  // Domain: labels of letters, digits and '-', separated by dots, at least two labels.
  if (domain.find('.') == std::string_view::npos) return false;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      const std::string_view label = domain.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
      label_start = i + 1;
      continue;
    }
    const char c = domain[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  if (normalized) {
    normalized->assign(email);
    std::transform(normalized->begin(), normalized->end(), normalized->begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  }
  return true;
}

std::string token_from_entropy(std::string_view random_bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : random_bytes) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  return token;
}

bool is_well_formed_token(std::string_view token) {
  if (token.size() != kMagicTokenBytes * 2) return false;
  return std::all_of(token.begin(), token.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string MagicLinks::issue(const std::string& email, std::string_view random_bytes, std::int64_t now_ms) {
  std::string token = token_from_entropy(random_bytes);
  links_.push_back({sha256_hex(token), email, now_ms + kMagicLinkLifetimeMs, false});
  return token;
}

MagicLinkProblem MagicLinks::redeem(std::string_view token, std::int64_t now_ms, std::string* email) {
  if (!is_well_formed_token(token)) return MagicLinkProblem::Malformed;
  const std::string hash = sha256_hex(token);
  const auto it = std::find_if(links_.begin(), links_.end(), [&](const PendingMagicLink& l) { return l.token_hash == hash; });
  if (it == links_.end()) return MagicLinkProblem::Unknown;
  if (it->used) return MagicLinkProblem::Used;
  if (now_ms >= it->expires_ms) return MagicLinkProblem::Expired;
  it->used = true;
  if (email) *email = it->email;
  return MagicLinkProblem::None;
}

void MagicLinks::prune(std::int64_t now_ms) {
  constexpr std::int64_t kKeepExpiredMs = 24 * 60 * 60 * 1000;  // long enough to say "expired", not "unknown"
  links_.erase(std::remove_if(links_.begin(), links_.end(),
                              [&](const PendingMagicLink& l) { return now_ms >= l.expires_ms + kKeepExpiredMs; }),
               links_.end());
}

nlohmann::json MagicLinks::to_json() const {
  nlohmann::json links = nlohmann::json::array();
  for (const PendingMagicLink& l : links_)
    links.push_back({{"token_sha256", l.token_hash}, {"email", l.email}, {"expires", l.expires_ms}, {"used", l.used}});
  return {{"schema", 1}, {"links", links}};
}

std::optional<MagicLinks> MagicLinks::from_json(const nlohmann::json& doc) {
  try {
    if (doc.at("schema").get<int>() != 1) return std::nullopt;
    MagicLinks out;
    for (const auto& l : doc.at("links"))
      out.links_.push_back({l.at("token_sha256").get<std::string>(), l.at("email").get<std::string>(),
                            l.at("expires").get<std::int64_t>(), l.at("used").get<bool>()});
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace mm::core
