#include "core/query.h"

#include <gtest/gtest.h>

#include "platform/embedded_assets.h"

using namespace mm::core;

namespace {

struct QueryTest : ::testing::Test {
  std::vector<Model> models = parse_catalog(mm::assets::catalog_json_text()).models;
  std::vector<ModelFacts> facts;
  SearchIndex index{models};

  void SetUp() override {
    for (const Model& m : models)
      facts.push_back({m.baseline.purchases, m.baseline.calls, m.baseline_rating_centi, false, 0});
  }
  std::vector<std::string> slugs(const Query& q) {
    std::vector<std::string> out;
    for (std::uint32_t i : run_query(models, facts, index, q)) out.push_back(models[i].slug);
    return out;
  }
};

}  // namespace

TEST_F(QueryTest, TextSearchIsCaseInsensitiveOverEveryField) {
  Query q;
  q.text = "LEDGERLIGHT";
  EXPECT_EQ(slugs(q), std::vector<std::string>{"ledgerlight-13b"});
  q.text = "tidewater";  // owner
  EXPECT_EQ(slugs(q).size(), 4u);
  q.text = "OCR";  // tag
  EXPECT_EQ(slugs(q), (std::vector<std::string>{"docu-lens", "meter-reader"}));  // tie: by slug
  q.text = "no model has this text";
  EXPECT_TRUE(slugs(q).empty());
}

TEST_F(QueryTest, FiltersCombine) {
  Query q;
  q.categories = {"Audio", "Vision"};
  for (const std::string& s : slugs(q)) {
    const auto& m = *std::find_if(models.begin(), models.end(), [&](const Model& x) { return x.slug == s; });
    EXPECT_TRUE(m.category == "Audio" || m.category == "Vision");
  }
  q.price = PriceBand::Below1m;
  for (const std::string& s : slugs(q)) {
    const auto& m = *std::find_if(models.begin(), models.end(), [&](const Model& x) { return x.slug == s; });
    EXPECT_LT(m.price_per_1k_ucr, 1000);
  }
  Query owned;
  owned.owned_only = true;
  EXPECT_TRUE(slugs(owned).empty());
  facts[0].owned = true;
  EXPECT_EQ(slugs(owned), std::vector<std::string>{models[0].slug});
}

TEST_F(QueryTest, PriceBandsAndRatingThresholdsHaveExactEdges) {
  models.resize(1);
  facts.resize(1);
  index = SearchIndex(models);
  Query q;
  for (auto [price, band, expected] : std::vector<std::tuple<Micros, PriceBand, bool>>{
           {999, PriceBand::Below1m, true}, {1000, PriceBand::Below1m, false}, {1000, PriceBand::From1mTo2m, true},
           {2000, PriceBand::From1mTo2m, true}, {2000, PriceBand::Above2m, false}, {2001, PriceBand::Above2m, true}}) {
    models[0].price_per_1k_ucr = price;
    q.price = band;
    EXPECT_EQ(slugs(q).size(), expected ? 1u : 0u) << price;
  }
  q.price = PriceBand::All;
  facts[0].rating_centi = 449;
  q.rating = RatingFilter::AtLeast4_5;
  EXPECT_TRUE(slugs(q).empty());
  facts[0].rating_centi = 450;
  EXPECT_EQ(slugs(q).size(), 1u);
}

TEST_F(QueryTest, TagsMustAllMatch) {
  Query q;
  q.tags = {"chat", "writing"};
  EXPECT_EQ(slugs(q), std::vector<std::string>{"quill-7b"});
}

TEST_F(QueryTest, EverySortOrdersAndTiesBreakBySlug) {
  for (SortKey key : {SortKey::Trending, SortKey::MostPurchased, SortKey::MostUsed, SortKey::TopRated, SortKey::New,
                      SortKey::PriceLow, SortKey::PriceHigh, SortKey::Latency}) {
    Query q;
    q.sort = key;
    const auto order = run_query(models, facts, index, q);
    ASSERT_EQ(order.size(), models.size());
    for (std::size_t i = 1; i < order.size(); ++i) {
      const Model &a = models[order[i - 1]], &b = models[order[i]];
      const ModelFacts &fa = facts[order[i - 1]], &fb = facts[order[i]];
      switch (key) {
        case SortKey::PriceLow: EXPECT_LE(a.price_per_1k_ucr, b.price_per_1k_ucr); break;
        case SortKey::PriceHigh: EXPECT_GE(a.price_per_1k_ucr, b.price_per_1k_ucr); break;
        case SortKey::Latency: EXPECT_LE(a.latency_ms, b.latency_ms); break;
        case SortKey::New: EXPECT_GE(a.created_day, b.created_day); break;
        case SortKey::MostPurchased: EXPECT_GE(fa.purchases, fb.purchases); break;
        case SortKey::MostUsed: EXPECT_GE(fa.calls, fb.calls); break;
        case SortKey::TopRated: EXPECT_GE(fa.rating_centi, fb.rating_centi); break;
        case SortKey::Trending: EXPECT_GE(fa.trending, fb.trending); break;
      }
    }
  }
  // All tied: slug order.
  for (ModelFacts& f : facts) f.rating_centi = 400;
  Query q;
  q.sort = SortKey::TopRated;
  const auto order = slugs(q);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

TEST(Trending, FavoursRecentActivityAndYoungerModels) {
  Model m;
  m.created_day = 20000;
  m.baseline = {100, 1000, 0, 0};
  const double old_quiet = trending_score(m, 0, 0, 0, 20000 + 300);
  const double young_quiet = trending_score(m, 0, 0, 0, 20000 + 10);
  const double old_busy_today = trending_score(m, 5, 1, 0, 20000 + 300);
  const double old_busy_last_month = trending_score(m, 5, 1, 30, 20000 + 300);
  EXPECT_GT(young_quiet, old_quiet);
  EXPECT_GT(old_busy_today, old_busy_last_month);
  EXPECT_GT(old_busy_last_month, old_quiet);
}

TEST(Rating, BlendCountsTheBaselineAsTenVotes) {
  EXPECT_EQ(blended_rating_centi(450, 0, 0), 450);
  EXPECT_EQ(blended_rating_centi(400, 5, 1), 409);   // (4000 + 500) / 11 = 409.09
  EXPECT_EQ(blended_rating_centi(500, 10, 10), 300); // (5000 + 1000) / 20
}

TEST(TopTags, MostFrequentFirstThenAlphabetical) {
  std::vector<Model> models(3);
  models[0].tags = {"b", "a"};
  models[1].tags = {"a", "c"};
  models[2].tags = {"c", "d"};
  const auto top = top_tags(models, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0], (std::pair<std::string, int>{"a", 2}));
  EXPECT_EQ(top[1], (std::pair<std::string, int>{"c", 2}));
  EXPECT_EQ(top[2], (std::pair<std::string, int>{"b", 1}));
}

TEST(Baseline, PopularityIsDeterministicPerSlug) {
  EXPECT_EQ(baseline_stats("quill-7b", 1200).purchases, baseline_stats("quill-7b", 1200).purchases);
  EXPECT_EQ(baseline_stats("quill-7b", 1200).calls, baseline_stats("quill-7b", 1200).calls);
  EXPECT_NE(baseline_stats("quill-7b", 1200).purchases, baseline_stats("tiny-tutor", 400).purchases);
}
