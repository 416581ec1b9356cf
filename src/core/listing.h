// Listing a model of your own (Builders mode): the draft a person fills in, and the rules it must meet.
// Every field is checked and gets its own message, so the form can show each next to its field.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace mm::core {

struct ListingDraft {
  std::string name;
  std::string slug;  // empty: derived from the name
  std::string category;
  std::vector<std::string> tags;
  Micros price_per_1k_ucr = 0;
  std::int64_t latency_ms = 0;
  std::string description;
  Micros input_per_1k_ucr = 0;   // a completion's prompt tokens; 0: price_per_1k_ucr
  Micros output_per_1k_ucr = 0;  // its reply tokens; 0: price_per_1k_ucr
};

// Field name ("name", "slug", "category", "tags", "price_per_1k_ucr", "latency_ms", "description") -> what
// is wrong with it. Empty when the draft may be listed.
using FieldErrors = std::map<std::string, std::string>;

// The categories a listing may use (the built-in catalog's).
const std::vector<std::string>& listing_categories();

inline constexpr Micros kMaxListingPriceUcr = 1'000'000;  // $1.00 per 1K tokens
inline constexpr std::int64_t kMaxLatencyMs = 600'000;

// "My Tiny Model v2!" -> "my-tiny-model-v2": lowercase letters and digits, other runs become one '-'.
std::string slug_from_name(std::string_view name);
// "Chat, summarize ,, CODE" -> {"chat", "summarize", "code"}: split at commas, trimmed, lowercased.
std::vector<std::string> split_tags(std::string_view text);
// Leading and trailing spaces removed.
std::string trim(std::string_view text);

// Checks every field of `draft` (its slug already derived when it was empty). `slug_taken` says whether a
// slug is in use by any model, built-in or listed.
FieldErrors validate_listing(const ListingDraft& draft, const std::function<bool(const std::string&)>& slug_taken);

}  // namespace mm::core
