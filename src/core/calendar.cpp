#include "core/calendar.h"

#include <algorithm>

namespace mm::core {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Floor division: days and months before 1970 round towards the past.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

// Counting in 400-year eras of 146,097 days that start on March 1, so the leap day ends each era's year.
CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719'468;  // days since 0000-03-01
  const std::int64_t era = floor_div(z, 146'097);
  const std::int64_t day_of_era = z - era * 146'097;                                                  // [0, 146096]
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;  // [0, 399]
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const std::int64_t march_month = (5 * day_of_year + 2) / 153;                                       // [0, 11], 0 = March
  CivilDate date;
  date.day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5 + 1);
  date.month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
  date.year = year_of_era + era * 400 + (date.month <= 2 ? 1 : 0);
  return date;
}

std::int64_t days_from_civil(const CivilDate& date) {
  const std::int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t march_month = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * march_month + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468;
}

int days_in_month(std::int64_t year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::int64_t utc_month_index(std::int64_t time_ms) {
  const CivilDate date = civil_from_days(floor_div(time_ms, kMsPerDay));
  return date.year * 12 + (date.month - 1);
}

std::int64_t utc_month_start_ms(std::int64_t month_index) {
  const CivilDate first{floor_div(month_index, 12), static_cast<int>(month_index - floor_div(month_index, 12) * 12) + 1, 1};
  return days_from_civil(first) * kMsPerDay;
}

std::int64_t add_utc_months(std::int64_t time_ms, std::int64_t months) {
  const std::int64_t days = floor_div(time_ms, kMsPerDay);
  const std::int64_t time_of_day = time_ms - days * kMsPerDay;
  const CivilDate date = civil_from_days(days);
  const std::int64_t index = date.year * 12 + (date.month - 1) + months;
  CivilDate target{floor_div(index, 12), static_cast<int>(index - floor_div(index, 12) * 12) + 1, 1};
  target.day = std::min(date.day, days_in_month(target.year, target.month));
  return days_from_civil(target) * kMsPerDay + time_of_day;
}

std::string format_short_date(std::int64_t days) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilDate date = civil_from_days(days);
  return std::string(kMonths[date.month - 1]) + " " + std::to_string(date.day);
}

}  // namespace mm::core
