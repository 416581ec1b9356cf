#include "core/catalog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

#include "platform/embedded_assets.h"

using mm::core::parse_catalog;
using nlohmann::json;

namespace {

json one_model() {
  return json{{"slug", "quill-7b"}, {"name", "Quill 7B"}, {"owner", "Larkspur Labs"}, {"category", "LLM"},
              {"tags", {"chat"}}, {"price_per_1k_ucr", 1200}, {"latency_ms", 420}, {"rating", 4.5},
              {"created", "2026-02-11"}, {"description", "A compact chat model."}};
}

std::string catalog_with(const json& model) { return json{{"schema", 1}, {"models", {model}}}.dump(); }

}  // namespace

TEST(Catalog, TheBuiltInCatalogIsValid) {
  const auto loaded = parse_catalog(mm::assets::catalog_json_text());
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  EXPECT_GE(loaded.models.size(), 48u);
  std::set<std::string> tags, categories;
  mm::core::Micros cheapest = INT64_MAX, dearest = 0;
  for (const auto& m : loaded.models) {
    tags.insert(m.tags.begin(), m.tags.end());
    categories.insert(m.category);
    cheapest = std::min(cheapest, m.price_per_1k_ucr);
    dearest = std::max(dearest, m.price_per_1k_ucr);
  }
  EXPECT_GE(tags.size(), 40u);
  for (const char* category : {"LLM", "Vision", "Audio", "Tooling"}) EXPECT_TRUE(categories.count(category)) << category;
  EXPECT_EQ(cheapest, 400);   // $0.0004 per 1K tokens
  EXPECT_EQ(dearest, 5000);   // $0.0050 per 1K tokens
}

TEST(Catalog, ParsesEveryField) {
  const auto loaded = parse_catalog(catalog_with(one_model()));
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  const auto& m = loaded.models.at(0);
  EXPECT_EQ(m.id, 1);
  EXPECT_EQ(m.slug, "quill-7b");
  EXPECT_EQ(m.name, "Quill 7B");
  EXPECT_EQ(m.owner, "Larkspur Labs");
  EXPECT_EQ(m.category, "LLM");
  EXPECT_EQ(m.tags, std::vector<std::string>{"chat"});
  EXPECT_EQ(m.price_per_1k_ucr, 1200);
  EXPECT_EQ(m.latency_ms, 420);
  EXPECT_EQ(m.baseline_rating_centi, 450);
  EXPECT_EQ(mm::core::format_iso_date(m.created_day), "2026-02-11");
}

TEST(Catalog, RejectsEachInvalidFieldNamingTheModel) {
  const std::vector<std::pair<std::string, json>> bad = {
      {"slug", "Not A Slug"}, {"name", ""}, {"price_per_1k_ucr", 0}, {"price_per_1k_ucr", 0.5},
      {"latency_ms", -3}, {"rating", 7}, {"created", "2026-02-30"}, {"tags", "chat"}, {"description", 42}};
  for (const auto& [field, value] : bad) {
    json model = one_model();
    model[field] = value;
    const auto loaded = parse_catalog(catalog_with(model));
    EXPECT_FALSE(loaded.ok()) << field;
    EXPECT_TRUE(loaded.models.empty());
    EXPECT_NE(loaded.error.find(field), std::string::npos) << loaded.error;
  }
}

TEST(Catalog, RejectsDuplicateSlugsAndBrokenDocuments) {
  const auto twice = parse_catalog(json{{"schema", 1}, {"models", {one_model(), one_model()}}}.dump());
  EXPECT_FALSE(twice.ok());
  EXPECT_NE(twice.error.find("twice"), std::string::npos);
  EXPECT_FALSE(parse_catalog("{").ok());
  EXPECT_FALSE(parse_catalog(R"({"schema": 2, "models": []})").ok());
}

TEST(Catalog, DatesRoundTripAndInvalidOnesAreRefused) {
  std::int32_t days = 0;
  ASSERT_TRUE(mm::core::parse_iso_date("1970-01-01", days));
  EXPECT_EQ(days, 0);
  ASSERT_TRUE(mm::core::parse_iso_date("2024-02-29", days));
  EXPECT_EQ(mm::core::format_iso_date(days), "2024-02-29");
  EXPECT_FALSE(mm::core::parse_iso_date("2023-02-29", days));
  EXPECT_FALSE(mm::core::parse_iso_date("2023-13-01", days));
  EXPECT_FALSE(mm::core::parse_iso_date("23-1-1", days));
}

TEST(Catalog, ScaledCatalogsHaveUniqueSlugsAndAreDeterministic) {
  const auto base = parse_catalog(mm::assets::catalog_json_text()).models;
  const auto scaled = mm::core::scaled_catalog(base, 1000);
  ASSERT_EQ(scaled.size(), 1000u);
  std::set<std::string> slugs;
  for (const auto& m : scaled) {
    EXPECT_TRUE(mm::core::is_valid_slug(m.slug)) << m.slug;
    slugs.insert(m.slug);
  }
  EXPECT_EQ(slugs.size(), 1000u);
  EXPECT_EQ(scaled[0].slug, base[0].slug);
  EXPECT_EQ(scaled[base.size()].slug, base[0].slug + "-2");
  EXPECT_EQ(mm::core::scaled_catalog(base, 1000)[999].baseline.calls, scaled[999].baseline.calls);
}
