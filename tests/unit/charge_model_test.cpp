// Charge models against hand-computed tables, their validation (one message per field), and the property
// the ledger relies on: however a month's tokens are split into calls, the calls add up to the month's price.
#include <gtest/gtest.h>

#include <random>

#include "core/charge_model.h"

using mm::core::ChargeModel;
using mm::core::ChargeRange;
using nlohmann::json;

namespace {

ChargeModel ranged(ChargeModel::Type type, std::vector<ChargeRange> ranges) {
  ChargeModel model;
  model.type = type;
  model.ranges = std::move(ranges);
  return model;
}

// Tokens 1-1000 at $0.001 per 1K, 1001-5000 at $0.0005 with a $0.002 flat fee, then $0.0001.
ChargeModel graduated() {
  return ranged(ChargeModel::Type::Graduated, {{0, 1000, 1000, 0}, {1001, 5000, 500, 2000}, {5001, std::nullopt, 100, 0}});
}
ChargeModel volume() {
  return ranged(ChargeModel::Type::Volume, {{0, 1000, 2000, 0}, {1001, 10000, 1000, 0}, {10001, std::nullopt, 500, 3000}});
}
ChargeModel package() {
  ChargeModel model;
  model.type = ChargeModel::Type::Package;
  model.package_tokens = 1000;
  model.package_ucr = 5000;
  model.free_tokens = 500;
  return model;
}

}  // namespace

TEST(ChargeModel, GraduatedPricesEachRangeItsOwnTokensAndChargesAFlatFeeOnEntering) {
  const ChargeModel model = graduated();
  EXPECT_EQ(mm::core::month_total(model, 0), 0);
  EXPECT_EQ(mm::core::month_total(model, 1000), 1000);
  EXPECT_EQ(mm::core::month_total(model, 1001), 1000 + 2000 + 1);  // the flat fee, and 1 token rounded up
  EXPECT_EQ(mm::core::month_total(model, 5000), 1000 + 2000 + 2000);
  EXPECT_EQ(mm::core::month_total(model, 6000), 5000 + 100);
  // A call from token 801 to 1200 spans two ranges: 200 × $0.001/1K + the flat fee + 200 × $0.0005/1K.
  const auto quote = mm::core::quote_call(model, 800, 400);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->charge_ucr, 200 + 2000 + 100);
  EXPECT_EQ(quote->usage_ucr, quote->charge_ucr);
  EXPECT_EQ(quote->true_up_ucr, 0);
}

TEST(ChargeModel, VolumePricesTheWholeMonthAtTheRangeReachedAndCreditsBackOnACheaperRange) {
  const ChargeModel model = volume();
  EXPECT_EQ(mm::core::month_total(model, 900), 1800);
  EXPECT_EQ(mm::core::month_total(model, 1100), 1100);
  // 900 tokens cost $0.0018; a call of 200 reaches the $0.001 range: it costs 200 tokens at that rate, and
  // the month's first 900 tokens are repriced from $0.0018 to $0.0009 in the same quote.
  const auto quote = mm::core::quote_call(model, 900, 200);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->usage_ucr, 200);
  EXPECT_EQ(quote->true_up_ucr, -900);
  EXPECT_EQ(quote->charge_ucr, -700);
  // Reaching a range with a flat fee: the fee is part of the repricing of the month.
  const auto third = mm::core::quote_call(model, 10000, 1);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->charge_ucr, *mm::core::month_total(model, 10001) - *mm::core::month_total(model, 10000));
  EXPECT_EQ(*mm::core::month_total(model, 10001), 3000 + 5001);
}

TEST(ChargeModel, PackageChargesPackagesStartedAfterTheFreeTokens) {
  const ChargeModel model = package();
  EXPECT_EQ(mm::core::month_total(model, 500), 0);
  EXPECT_EQ(mm::core::month_total(model, 501), 5000);
  EXPECT_EQ(mm::core::month_total(model, 1500), 5000);
  EXPECT_EQ(mm::core::month_total(model, 1501), 10000);
  EXPECT_EQ(mm::core::quote_call(model, 400, 200)->charge_ucr, 5000);
  EXPECT_EQ(mm::core::quote_call(model, 600, 900)->charge_ucr, 0);  // inside the package already paid for
}

TEST(ChargeModel, StandardKeepsItsPerCallRule) {
  const auto quote = mm::core::quote_call(ChargeModel::standard(1200), 123456, 1001);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->charge_ucr, 1202);  // ceil(1001 × 1200 / 1000), whatever came before in the month
  EXPECT_FALSE(mm::core::month_total(ChargeModel::standard(1200), 10));
}

TEST(ChargeModel, CallsAlwaysAddUpToTheMonthsPrice) {
  std::mt19937_64 random(20261125);
  for (const ChargeModel& model : {graduated(), volume(), package()}) {
    for (int month = 0; month < 200; ++month) {
      std::int64_t used = 0;
      mm::core::Micros billed = 0;
      const int calls = std::uniform_int_distribution<int>(1, 40)(random);
      for (int i = 0; i < calls; ++i) {
        const std::int64_t tokens = std::uniform_int_distribution<std::int64_t>(1, 2500)(random);
        const auto quote = mm::core::quote_call(model, used, tokens);
        ASSERT_TRUE(quote);
        EXPECT_EQ(quote->charge_ucr, quote->usage_ucr + quote->true_up_ucr);
        billed += quote->charge_ucr;
        used += tokens;
      }
      EXPECT_EQ(billed, mm::core::month_total(model, used)) << mm::core::type_name(model.type) << " " << used;
    }
  }
}

TEST(ChargeModel, JsonRoundTripsAndEveryBadFieldGetsItsOwnMessage) {
  for (const ChargeModel& model : {graduated(), volume(), package(), ChargeModel::standard(2000)}) {
    const auto parsed = mm::core::parse_charge_model(model.to_json());
    ASSERT_TRUE(parsed.model) << model.to_json().dump();
    EXPECT_EQ(*parsed.model, model);
  }
  const auto bad = mm::core::parse_charge_model(json::parse(R"({"type": "graduated", "ranges": [
      {"from_tokens": 1, "to_tokens": 100, "per_1k_ucr": 1000},
      {"from_tokens": 150, "to_tokens": null, "per_1k_ucr": -5},
      {"from_tokens": 200, "to_tokens": 300, "per_1k_ucr": 10.5, "flat_ucr": "2"}]})"));
  EXPECT_FALSE(bad.model);
  EXPECT_EQ(bad.errors.at("ranges[0].from_tokens"), "The first range starts at 0 tokens.");
  EXPECT_EQ(bad.errors.at("ranges[1].from_tokens"), "Starts right after the previous range: at 101 tokens.");
  EXPECT_EQ(bad.errors.at("ranges[1].to_tokens"), "Only the last range is open-ended.");
  EXPECT_EQ(bad.errors.at("ranges[1].per_1k_ucr"), "The price is from $0.00 to $1.00 per 1K tokens.");
  EXPECT_EQ(bad.errors.at("ranges[2].per_1k_ucr"), "A whole number is expected.");
  EXPECT_EQ(bad.errors.at("ranges[2].flat_ucr"), "A whole number is expected.");
  EXPECT_EQ(bad.errors.at("ranges[2].to_tokens"), "The last range is open-ended (no end).");
  EXPECT_EQ(mm::core::parse_charge_model(json{{"type", "tiered"}}).errors.at("type"),
            "The type is standard, graduated, volume or package.");
  EXPECT_EQ(mm::core::parse_charge_model(json{{"type", "package"}, {"package_ucr", 10}}).errors.at("package_tokens"),
            "Required.");
  EXPECT_TRUE(mm::core::parse_charge_model(json{{"type", "volume"}, {"ranges", json::array()}}).errors.count("ranges"));
  EXPECT_FALSE(mm::core::quote_call(graduated(), 0, 0));
  EXPECT_FALSE(mm::core::month_total(graduated(), mm::core::kMaxMonthTokens + 1));
}
