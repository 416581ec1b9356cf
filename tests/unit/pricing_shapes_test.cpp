// The sandbox's side-by-side shapes, priced by the billing engine, against hand-computed months.
#include <gtest/gtest.h>

#include "core/pricing_shapes.h"

using namespace mm::core;

TEST(PricingShapes, EachShapePricesAMonthAsComputedByHand) {
  const std::vector<PricingShape> shapes = example_shapes(2000);  // $0.002 per 1K tokens
  ASSERT_EQ(shapes.size(), 6u);
  EXPECT_EQ(month_cost(shapes[0], 2'000'000), 4'000'000);               // 2M × $0.002/1K
  EXPECT_EQ(month_cost(shapes[1], 2'000'000), 2'000'000 + 1'400'000);   // 1M at 100%, 1M at 70%
  EXPECT_EQ(month_cost(shapes[2], 2'000'000), 2'800'000);               // all 2M at 70%
  EXPECT_EQ(month_cost(shapes[3], 1'000'000), 10 * 200'000);            // 950K billable: 10 packages of 100K
  EXPECT_EQ(month_cost(shapes[3], 50'000), 0);                          // free
  EXPECT_EQ(month_cost(shapes[4], 1'500'000), 2 * 1'600'000);           // two bundles of 1M at 80%
  EXPECT_EQ(month_cost(shapes[5], 1'500'000), 1'000'000 + 800'000);     // fee, 1M included, 500K at 80%
  EXPECT_EQ(month_cost(shapes[5], 0), 1'000'000);                       // the fee is due anyway
  // Beyond one call's 10M tokens the month is several calls; tiers count the whole month.
  EXPECT_EQ(month_cost(shapes[2], 25'000'000), 20'000'000);  // 25M at 40%: $0.0008 per 1K
  EXPECT_EQ(month_cost(shapes[0], kMaxShapeMonthTokens + 1), std::nullopt);
}

TEST(PricingShapes, AShapeOfYourOwnDrawsOnItsBundlesThenItsAllowanceThenTheWalletAtItsChargeModel) {
  // Two bundles of 100K tokens for $0.10 each a month, a $1.00 subscription with 300K tokens included and
  // 50% off beyond, and graduated tiers for the wallet: $0.002/1K up to 100K, then $0.001/1K.
  PricingShape mine;
  mine.charge.type = ChargeModel::Type::Graduated;
  mine.charge.ranges = {{0, 100'000, 2000, 0}, {100'001, std::nullopt, 1000, 0}};
  mine.bundle_tokens = 100'000;
  mine.bundle_ucr = 100'000;
  mine.bundles_per_month = 2;
  mine.fee_ucr = 1'000'000;
  mine.included_tokens = 300'000;
  mine.overage_discount_bps = 5000;
  // 50K: from the bundles. The bundles and the fee are paid anyway.
  EXPECT_EQ(month_cost(mine, 50'000), 200'000 + 1'000'000);
  // 700K: 200K bundles, 300K included, 200K from the wallet: 100K × $0.002 + 100K × $0.001 = $0.30, half off.
  EXPECT_EQ(month_cost(mine, 700'000), 200'000 + 1'000'000 + 150'000);
  // The same month split into calls of at most 10M tokens each: 25M tokens.
  EXPECT_EQ(month_cost(mine, 25'000'000), 200'000 + 1'000'000 + (200'000 + 24'400'000) / 2);
}
