// Searching, filtering and sorting the catalog. Pure functions over models and their facts (stats, rating,
// ownership) so the same code serves the market screen, the automation API and the 100k-model benchmark.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog.h"

namespace mm::core {

enum class SortKey { Trending, MostPurchased, MostUsed, TopRated, New, PriceLow, PriceHigh, Latency };
enum class RatingFilter { All, AtLeast4, AtLeast4_5 };
// Per 1K tokens: below $0.001, $0.001–$0.002 (inclusive), above $0.002.
enum class PriceBand { All, Below1m, From1mTo2m, Above2m };

struct Query {
  std::string text;                     // case-insensitive substring of name/owner/category/description/tags
  std::vector<std::string> categories;  // any of (empty: all)
  RatingFilter rating = RatingFilter::All;
  PriceBand price = PriceBand::All;
  std::vector<std::string> tags;  // all of
  bool owned_only = false;
  SortKey sort = SortKey::Trending;
};

// What a query needs to know about a model beyond the catalog entry: baseline + journal activity.
struct ModelFacts {
  std::int64_t purchases = 0;
  std::int64_t calls = 0;
  std::int32_t rating_centi = 0;  // blended rating × 100
  bool owned = false;
  double trending = 0;  // trending_score(); a ranking number, not money
};

// Lowercased search text per model, built once per catalog (not per keystroke).
class SearchIndex {
 public:
  explicit SearchIndex(const std::vector<Model>& models);
  bool matches(std::size_t index, const std::string& lowercase_needle) const;

 private:
  std::vector<std::string> haystacks_;
};

std::string to_lower_ascii(std::string text);

// Indices of the matching models in display order. Ties are broken by slug, so the order is stable.
std::vector<std::uint32_t> run_query(const std::vector<Model>& models, const std::vector<ModelFacts>& facts,
                                     const SearchIndex& index, const Query& query);

// Trending: popularity that decays with age, plus this browser's own recent activity, which decays with
// the days since it happened:
//   (baseline_calls + 5·baseline_purchases) / (1 + age_days / 30)
//   + (200·live_calls + 1000·live_purchases) / (1 + days_since_last_live_call)
double trending_score(const Model& model, std::int64_t live_calls, std::int64_t live_purchases,
                      std::int32_t days_since_last_live_call, std::int32_t today);

// Baseline rating blended with profile ratings: the baseline counts as 10 votes (none when it is 0, as for a
// new listing; 0 when there are no votes at all).
std::int32_t blended_rating_centi(std::int32_t baseline_centi, std::int64_t rating_sum, std::int64_t rating_count);

// The `limit` most frequent tags, most frequent first (ties alphabetical).
std::vector<std::pair<std::string, int>> top_tags(const std::vector<Model>& models, std::size_t limit);

}  // namespace mm::core
