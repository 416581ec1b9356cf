#include "core/query.h"

#include <algorithm>
#include <unordered_map>

namespace mm::core {

std::string to_lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

SearchIndex::SearchIndex(const std::vector<Model>& models) {
  haystacks_.reserve(models.size());
  for (const Model& m : models) {
    std::string text = m.name + '\n' + m.owner + '\n' + m.category + '\n' + m.description;
    for (const std::string& tag : m.tags) text += '\n' + tag;
    haystacks_.push_back(to_lower_ascii(std::move(text)));
  }
}

bool SearchIndex::matches(std::size_t index, const std::string& lowercase_needle) const {
  return lowercase_needle.empty() || haystacks_[index].find(lowercase_needle) != std::string::npos;
}

namespace {

bool passes_filters(const Model& m, const ModelFacts& f, const Query& q) {
  if (q.owned_only && !f.owned) return false;
  if (!q.categories.empty() && std::find(q.categories.begin(), q.categories.end(), m.category) == q.categories.end())
    return false;
  if (q.rating == RatingFilter::AtLeast4 && f.rating_centi < 400) return false;
  if (q.rating == RatingFilter::AtLeast4_5 && f.rating_centi < 450) return false;
  const Micros p = m.price_per_1k_ucr;
  if (q.price == PriceBand::Below1m && p >= 1000) return false;
  if (q.price == PriceBand::From1mTo2m && (p < 1000 || p > 2000)) return false;
  if (q.price == PriceBand::Above2m && p <= 2000) return false;
  for (const std::string& tag : q.tags)
    if (std::find(m.tags.begin(), m.tags.end(), tag) == m.tags.end()) return false;
  return true;
}

// Negative: a before b; positive: b before a; zero: tie (then slug decides).
template <typename T>
int order(T a, T b, bool descending) {
  if (a == b) return 0;
  return (a < b) != descending ? -1 : 1;
}

int compare(const Model& a, const ModelFacts& fa, const Model& b, const ModelFacts& fb, SortKey key) {
  switch (key) {
    case SortKey::Trending: return order(fa.trending, fb.trending, true);
    case SortKey::MostPurchased: return order(fa.purchases, fb.purchases, true);
    case SortKey::MostUsed: return order(fa.calls, fb.calls, true);
    case SortKey::TopRated: return order(fa.rating_centi, fb.rating_centi, true);
    case SortKey::New: return order(a.created_day, b.created_day, true);
    case SortKey::PriceLow: return order(a.price_per_1k_ucr, b.price_per_1k_ucr, false);
    case SortKey::PriceHigh: return order(a.price_per_1k_ucr, b.price_per_1k_ucr, true);
    case SortKey::Latency: return order(a.latency_ms, b.latency_ms, false);
  }
  return 0;
}

}  // namespace

std::vector<std::uint32_t> run_query(const std::vector<Model>& models, const std::vector<ModelFacts>& facts,
                                     const SearchIndex& index, const Query& query) {
  const std::string needle = to_lower_ascii(query.text);
  std::vector<std::uint32_t> out;
  out.reserve(models.size());
  for (std::size_t i = 0; i < models.size(); ++i)
    if (passes_filters(models[i], facts[i], query) && index.matches(i, needle)) out.push_back(static_cast<std::uint32_t>(i));
  std::sort(out.begin(), out.end(), [&](std::uint32_t x, std::uint32_t y) {
    const int c = compare(models[x], facts[x], models[y], facts[y], query.sort);
    return c != 0 ? c < 0 : models[x].slug < models[y].slug;
  });
  return out;
}

double trending_score(const Model& model, std::int64_t live_calls, std::int64_t live_purchases,
                      std::int32_t days_since_last_live_call, std::int32_t today) {
  const double age_days = std::max(0, today - model.created_day);
  const double baseline =
      double(model.baseline.calls + 5 * model.baseline.purchases) / (1.0 + age_days / 30.0);
  const double live = double(200 * live_calls + 1000 * live_purchases) / (1.0 + std::max(0, days_since_last_live_call));
  return baseline + live;
}

std::int32_t blended_rating_centi(std::int32_t baseline_centi, std::int64_t rating_sum, std::int64_t rating_count) {
  // A model without a baseline (a new listing) is rated by its profiles' votes alone.
  const std::int64_t baseline_votes = baseline_centi > 0 ? 10 : 0;
  const std::int64_t total = baseline_centi * baseline_votes + rating_sum * 100;
  const std::int64_t votes = baseline_votes + rating_count;
  if (votes == 0) return 0;
  return static_cast<std::int32_t>((total + votes / 2) / votes);  // rounded to the nearest centi-star
}

std::vector<std::pair<std::string, int>> top_tags(const std::vector<Model>& models, std::size_t limit) {
  std::unordered_map<std::string, int> counts;
  for (const Model& m : models)
    for (const std::string& tag : m.tags) ++counts[tag];
  std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace mm::core
