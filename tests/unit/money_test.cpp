#include "core/money.h"

#include <gtest/gtest.h>
#include <limits>

using mm::core::format_ucr;
using mm::core::parse_ucr;

TEST(Money, FormatsWholeAmountsWithTwoDecimals) {
  EXPECT_EQ(format_ucr(25'000'000), "$25.00");
  EXPECT_EQ(format_ucr(0), "$0.00");
  EXPECT_EQ(format_ucr(1'234'500'000), "$1,234.50");
}

TEST(Money, FormatsSubCentAmountsWithTheDigitsTheyNeed) {
  EXPECT_EQ(format_ucr(2'200), "$0.0022");
  EXPECT_EQ(format_ucr(1), "$0.000001");
  EXPECT_EQ(format_ucr(-10'000), "-$0.01");
}

TEST(Money, FormatsTheExtremesWithoutOverflow) {
  EXPECT_EQ(format_ucr(std::numeric_limits<std::int64_t>::min()), "-$9,223,372,036,854.775808");
  EXPECT_EQ(format_ucr(std::numeric_limits<std::int64_t>::max()), "$9,223,372,036,854.775807");
}

TEST(Money, ParsesWhatItFormatsAndWhatPeopleType) {
  for (std::int64_t v : {0LL, 1LL, 2'200LL, 25'000'000LL, -10'000LL, 1'234'500'000LL})
    EXPECT_EQ(parse_ucr(format_ucr(v)), v) << v;
  EXPECT_EQ(parse_ucr("25"), 25'000'000);
  EXPECT_EQ(parse_ucr(" 0.5 "), 500'000);
  EXPECT_EQ(parse_ucr("$.25"), 250'000);
}

TEST(Money, RejectsGarbageAndPrecisionBelowAMicroCredit) {
  EXPECT_FALSE(parse_ucr(""));
  EXPECT_FALSE(parse_ucr("$"));
  EXPECT_FALSE(parse_ucr("abc"));
  EXPECT_FALSE(parse_ucr("1.0000001"));
  EXPECT_FALSE(parse_ucr("1.2.3"));
  EXPECT_FALSE(parse_ucr("99999999999999"));
}

TEST(Money, CheckedArithmeticRefusesOverflow) {
  const auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(mm::core::checked_add(2, 3), 5);
  EXPECT_FALSE(mm::core::checked_add(max, 1));
  EXPECT_FALSE(mm::core::checked_mul(max / 2, 3));
  EXPECT_EQ(mm::core::checked_mul(-4, 5), -20);
}

// The defect: 13 digits of credits overflowed int64 and came back negative.
TEST(Money, AnAmountTooLargeToHoldIsRefusedNeverWrapped) {
  EXPECT_EQ(parse_ucr("9,223,372,036,854.775807"), std::numeric_limits<mm::core::Micros>::max());
  EXPECT_FALSE(parse_ucr("9,223,372,036,854.775808"));
  EXPECT_FALSE(parse_ucr("9,999,999,999,999"));
  EXPECT_FALSE(parse_ucr("9999999999999.999999"));
  EXPECT_FALSE(parse_ucr("-9999999999999"));
  EXPECT_EQ(parse_ucr("-9,223,372,036,854.775807"), -std::numeric_limits<mm::core::Micros>::max());
}
