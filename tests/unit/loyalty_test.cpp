// Loyalty tiers on the trailing 30-day spend: standing, progress to the next tier, cashback rounding, rules.
#include <gtest/gtest.h>

#include "core/loyalty.h"

using mm::core::LoyaltyTier;

TEST(Loyalty, StandingAndProgressFollowTheTrailingSpend) {
  const std::vector<LoyaltyTier> tiers = {{1'000'000, 100}, {5'000'000, 300}};
  auto standing = mm::core::loyalty_standing(tiers, 400'000);
  EXPECT_FALSE(standing.tier);
  EXPECT_EQ(standing.cashback_bps, 0);
  EXPECT_EQ(standing.to_next_tier_ucr, 600'000);
  standing = mm::core::loyalty_standing(tiers, 1'000'000);
  EXPECT_EQ(standing.tier, 0u);
  EXPECT_EQ(standing.cashback_bps, 100);
  EXPECT_EQ(standing.to_next_tier_ucr, 4'000'000);
  standing = mm::core::loyalty_standing(tiers, 9'000'000);
  EXPECT_EQ(standing.to_json(), (nlohmann::json{{"tier", 1}, {"cashback_bps", 300}, {"to_next_tier_ucr", nullptr}}));
  EXPECT_FALSE(mm::core::loyalty_standing({}, 9'000'000).tier);  // the default: no loyalty
}

TEST(Loyalty, CashbackIsRoundedDownAndNeverPaidOnACredit) {
  EXPECT_EQ(mm::core::cashback(1234, 300), 37);  // 3% of 1234 µcr = 37.02
  EXPECT_EQ(mm::core::cashback(-500, 300), 0);
  EXPECT_EQ(mm::core::cashback(1234, 0), 0);
}

TEST(Loyalty, EveryBadTierFieldGetsItsOwnMessage) {
  const auto errors = mm::core::check_loyalty({{1'000'000, 500}, {1'000'000, 200}, {-1, 20000}});
  EXPECT_EQ(errors.at("tiers[1].min_spend_ucr"), "Each tier needs more spend than the one before.");
  EXPECT_EQ(errors.at("tiers[1].cashback_bps"), "Cashback never drops as spend rises.");
  EXPECT_EQ(errors.at("tiers[2].min_spend_ucr"), "The spend is from $0.00 to $1,000,000.00.");
  EXPECT_EQ(errors.at("tiers[2].cashback_bps"), "Cashback is from 0% to 100%.");
  EXPECT_TRUE(mm::core::check_loyalty({{0, 0}, {100, 50}}).empty());
  EXPECT_EQ(mm::core::check_loyalty(std::vector<LoyaltyTier>(11)).count("tiers"), 1u);
}
