// A call's tokens come from bundles (soonest expiry first), then a subscription's allowance, then the wallet.
#include <gtest/gtest.h>

#include "core/billing_sources.h"

using mm::core::AllowanceHolding;
using mm::core::BundleHolding;
using mm::core::ChargeModel;

TEST(BillingSources, BundlesSoonestExpiryFirstThenTheAllowanceThenTheWallet) {
  const std::vector<BundleHolding> bundles = {{"late", 500, 9'000}, {"expired", 1000, 1'000}, {"soon", 300, 5'000}};
  const AllowanceHolding allowance{"pro", 400, 0};
  const auto split = mm::core::split_call(ChargeModel::standard(2000), 1500, 2'000, 0, bundles, allowance);
  ASSERT_TRUE(split);
  ASSERT_EQ(split->parts.size(), 4u);
  EXPECT_EQ(split->parts[0].to_json(), (nlohmann::json{{"source", "bundle"}, {"id", "soon"}, {"tokens", 300}, {"cost_ucr", 0}}));
  EXPECT_EQ(split->parts[1].id, "late");
  EXPECT_EQ(split->parts[1].tokens, 500);
  EXPECT_EQ(split->parts[2].source, "subscription");
  EXPECT_EQ(split->parts[2].tokens, 400);
  EXPECT_EQ(split->parts[3].to_json(), (nlohmann::json{{"source", "wallet"}, {"tokens", 300}, {"cost_ucr", 600}}));
  EXPECT_EQ(split->wallet_ucr, 600);
}

TEST(BillingSources, ACallCoveredByABundleCostsTheWalletNothing) {
  const auto split = mm::core::split_call(ChargeModel::standard(2000), 100, 0, 0, {{"b", 100, 10}}, std::nullopt);
  ASSERT_TRUE(split);
  ASSERT_EQ(split->parts.size(), 1u);
  EXPECT_EQ(split->parts[0].source, "bundle");
  EXPECT_EQ(split->wallet_ucr, 0);
}

TEST(BillingSources, OverageIsDiscountedAndPricedOnTheMonthsWalletTokens) {
  ChargeModel graduated;
  graduated.type = ChargeModel::Type::Graduated;
  graduated.ranges = {{0, 1000, 1000, 0}, {1001, std::nullopt, 500, 0}};
  // 900 wallet tokens already this month; 100 from the allowance, 300 from the wallet: 100 at $0.001/1K and
  // 200 at $0.0005/1K = 200 µcr, 25% off = 150.
  const auto split = mm::core::split_call(graduated, 400, 0, 900, {}, AllowanceHolding{"pro", 100, 2500});
  ASSERT_TRUE(split);
  EXPECT_EQ(split->parts.back().tokens, 300);
  EXPECT_EQ(split->wallet_ucr, 150);
  EXPECT_FALSE(mm::core::split_call(graduated, 0, 0, 0, {}, std::nullopt));
}
