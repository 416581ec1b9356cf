// UTC calendar arithmetic against known dates (checked with `date -u -d @<seconds>`).
#include <gtest/gtest.h>

#include "core/calendar.h"

using mm::core::CivilDate;

namespace {
constexpr std::int64_t kDay = 86'400'000;
std::int64_t at(std::int64_t year, int month, int day, std::int64_t ms_of_day = 0) {
  return mm::core::days_from_civil(CivilDate{year, month, day}) * kDay + ms_of_day;
}
}  // namespace

TEST(Calendar, DaysAndDatesAgreeWithKnownDates) {
  EXPECT_EQ(mm::core::days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(mm::core::days_from_civil({2000, 3, 1}), 11'017);
  EXPECT_EQ(at(2026, 11, 25), 1'795'564'800'000);  // date -u -d 2026-11-25 +%s → 1795564800
  EXPECT_EQ(mm::core::days_from_civil({1969, 12, 31}), -1);
  for (std::int64_t day = -800'000; day <= 800'000; day += 997) {
    const CivilDate date = mm::core::civil_from_days(day);
    ASSERT_EQ(mm::core::days_from_civil(date), day);
    ASSERT_GE(date.day, 1);
    ASSERT_LE(date.day, mm::core::days_in_month(date.year, date.month));
  }
  EXPECT_EQ(mm::core::days_in_month(2024, 2), 29);
  EXPECT_EQ(mm::core::days_in_month(1900, 2), 28);
  EXPECT_EQ(mm::core::days_in_month(2000, 2), 29);
}

TEST(Calendar, MonthsOfCallsAndTheirStarts) {
  const std::int64_t last_ms_of_november = at(2026, 12, 1) - 1;
  EXPECT_EQ(mm::core::utc_month_index(last_ms_of_november), 2026 * 12 + 10);
  EXPECT_EQ(mm::core::utc_month_index(at(2026, 12, 1)), 2026 * 12 + 11);
  EXPECT_EQ(mm::core::utc_month_start_ms(2026 * 12 + 11), at(2026, 12, 1));
  EXPECT_EQ(mm::core::utc_month_start_ms(2027 * 12), at(2027, 1, 1));
  EXPECT_EQ(mm::core::utc_month_index(-1), 1969 * 12 + 11);
}

TEST(Calendar, AddingMonthsKeepsTheDayOrTakesTheMonthsLast) {
  const std::int64_t noon = 12 * 3'600'000;
  EXPECT_EQ(mm::core::add_utc_months(at(2026, 1, 31, noon), 1), at(2026, 2, 28, noon));
  EXPECT_EQ(mm::core::add_utc_months(at(2028, 1, 31, noon), 1), at(2028, 2, 29, noon));
  EXPECT_EQ(mm::core::add_utc_months(at(2026, 1, 31, noon), 3), at(2026, 4, 30, noon));
  EXPECT_EQ(mm::core::add_utc_months(at(2026, 11, 25), 2), at(2027, 1, 25));
  EXPECT_EQ(mm::core::add_utc_months(at(2026, 3, 15), -3), at(2025, 12, 15));
  EXPECT_EQ(mm::core::add_utc_months(at(2026, 3, 15), 0), at(2026, 3, 15));
}

TEST(Calendar, ShortDatesNameTheMonthAndDay) {
  EXPECT_EQ(mm::core::format_short_date(mm::core::days_from_civil({2027, 1, 1})), "Jan 1");
  EXPECT_EQ(mm::core::format_short_date(mm::core::days_from_civil({2024, 2, 29})), "Feb 29");
  EXPECT_EQ(mm::core::format_short_date(mm::core::days_from_civil({1969, 12, 31})), "Dec 31");
}
