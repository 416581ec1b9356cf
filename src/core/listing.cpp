#include "core/listing.h"

#include <algorithm>
#include <set>

#include "core/catalog.h"

namespace mm::core {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool has_control_characters(std::string_view text, bool allow_newlines) {
  return std::any_of(text.begin(), text.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(allow_newlines && c == '\n')) || u == 0x7f;
  });
}

// Characters as a person counts them: UTF-8 continuation bytes are not counted.
std::size_t length_in_characters(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

const std::vector<std::string>& listing_categories() {
  static const std::vector<std::string> categories = {"LLM", "Vision", "Audio", "Tooling"};
  return categories;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string slug_from_name(std::string_view name) {
  std::string slug;
  for (char c : name) {
    c = to_lower(c);
    if (is_lower_alnum(c)) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 48) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::vector<std::string> split_tags(std::string_view text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string tag = trim(text.substr(start, comma - start));
    std::transform(tag.begin(), tag.end(), tag.begin(), to_lower);
    if (!tag.empty()) tags.push_back(std::move(tag));
    start = comma + 1;
  }
  return tags;
}

FieldErrors validate_listing(const ListingDraft& d, const std::function<bool(const std::string&)>& slug_taken) {
  FieldErrors errors;
  const std::size_t name_length = length_in_characters(trim(d.name));
  if (name_length < 3 || name_length > 60 || has_control_characters(d.name, false))
    errors["name"] = "Give the model a name of 3 to 60 characters.";

  if (d.slug.size() < 3 || d.slug.size() > 48 || !is_valid_slug(d.slug))
    errors["slug"] = "A slug is 3 to 48 characters of a-z, 0-9 and '-', not starting or ending with '-'.";
  else if (slug_taken(d.slug))
    errors["slug"] = "\"" + d.slug + "\" is already taken; choose another slug.";

  const auto& categories = listing_categories();
  if (std::find(categories.begin(), categories.end(), d.category) == categories.end())
    errors["category"] = "Choose a category: LLM, Vision, Audio or Tooling.";

  std::set<std::string> seen;
  if (d.tags.empty() || d.tags.size() > 6) errors["tags"] = "Add 1 to 6 tags, separated by commas.";
  for (const std::string& tag : d.tags) {
    if (errors.count("tags")) break;
    if (tag.size() < 2 || tag.size() > 24 || !is_valid_slug(tag))
      errors["tags"] = "Tag \"" + tag + "\" must be 2 to 24 characters of a-z, 0-9 and '-'.";
    else if (!seen.insert(tag).second)
      errors["tags"] = "Tag \"" + tag + "\" is there twice.";
  }

  if (d.price_per_1k_ucr < 1 || d.price_per_1k_ucr > kMaxListingPriceUcr)
    errors["price_per_1k_ucr"] = "The price per 1K tokens is from $0.000001 to $1.00.";
  if (d.input_per_1k_ucr < 0 || d.input_per_1k_ucr > kMaxListingPriceUcr)
    errors["input_per_1k_ucr"] = "The price per 1K prompt tokens is from $0.000001 to $1.00 (or empty: the price).";
  if (d.output_per_1k_ucr < 0 || d.output_per_1k_ucr > kMaxListingPriceUcr)
    errors["output_per_1k_ucr"] = "The price per 1K reply tokens is from $0.000001 to $1.00 (or empty: the price).";
  if (d.latency_ms < 1 || d.latency_ms > kMaxLatencyMs)
    errors["latency_ms"] = "Latency is a whole number of milliseconds from 1 to 600,000.";

  const std::size_t description_length = length_in_characters(trim(d.description));
  if (description_length < 10 || description_length > 500 || has_control_characters(d.description, true))
    errors["description"] = "Describe the model in 10 to 500 characters.";
  return errors;
}

}  // namespace mm::core
