// UTC calendar arithmetic for billing (billing plans): the month a call falls in (charge models count a
// buyer's tokens per calendar month), and subscription periods that renew on the same day each month.
// Times are milliseconds since 1970-01-01T00:00:00Z, as everywhere in the ledger; no time zones, no clock.
#pragma once
#include <cstdint>
#include <string>

namespace mm::core {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// Days since 1970-01-01 <-> the proleptic Gregorian date (any int64 day that fits a year in int64).
CivilDate civil_from_days(std::int64_t days);
std::int64_t days_from_civil(const CivilDate& date);
int days_in_month(std::int64_t year, int month);
// "Jan 12": a day's short name (chart ticks).
std::string format_short_date(std::int64_t days);

// year × 12 + (month − 1) of the UTC month `time_ms` falls in: consecutive months differ by one.
std::int64_t utc_month_index(std::int64_t time_ms);
// When that month begins (ms).
std::int64_t utc_month_start_ms(std::int64_t month_index);

// The same moment `months` calendar months later (or earlier), the day kept or, where the month is shorter,
// its last day: Jan 31 + 1 month = Feb 28 (29 in a leap year). For periods counted from a start, add from
// the start (start + k months), not from the previous period's end, so a Jan 31 start stays on month ends.
std::int64_t add_utc_months(std::int64_t time_ms, std::int64_t months);

}  // namespace mm::core
