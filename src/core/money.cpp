#include "core/money.h"

#include <cctype>
#include <limits>

namespace mm::core {

std::string format_ucr(Micros amount) {
  const bool negative = amount < 0;
  // Work on the unsigned magnitude so INT64_MIN is formatted correctly too.
  const std::uint64_t magnitude =
      negative ? std::uint64_t(0) - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  const std::uint64_t whole = magnitude / kMicrosPerCredit;
  std::string fraction = std::to_string(magnitude % kMicrosPerCredit);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();

  std::string digits = std::to_string(whole);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return (negative ? "-$" : "$") + grouped + "." + fraction;
}

std::optional<Micros> parse_ucr(std::string_view text) {
  std::size_t i = 0;
  auto skip_spaces = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip_spaces();
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i < text.size() && text[i] == '$') ++i;

  std::uint64_t whole = 0;
  int whole_digits = 0;
  for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == ','); ++i) {
    if (text[i] == ',') continue;
    whole = whole * 10 + std::uint64_t(text[i] - '0');
    if (++whole_digits > 13) return std::nullopt;  // more digits never fit; 13 may not either (checked below)
  }
  std::uint64_t fraction = 0;
  int fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      if (++fraction_digits > 6) return std::nullopt;  // finer than a micro-credit
      fraction = fraction * 10 + std::uint64_t(text[i] - '0');
    }
  }
  skip_spaces();
  if (i != text.size() || whole_digits + fraction_digits == 0) return std::nullopt;
  for (int d = fraction_digits; d < 6; ++d) fraction *= 10;
  // 13 digits of credits times a million can exceed int64: an amount that does not fit is refused, never
  // wrapped around into another (negative) number.
  std::uint64_t total = 0;
  if (__builtin_mul_overflow(whole, std::uint64_t(kMicrosPerCredit), &total) ||
      __builtin_add_overflow(total, fraction, &total) || total > std::uint64_t(std::numeric_limits<Micros>::max()))
    return std::nullopt;
  const auto value = static_cast<Micros>(total);
  return negative ? -value : value;
}

std::optional<Micros> checked_add(Micros a, Micros b) {
  Micros out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<Micros> checked_mul(Micros a, Micros b) {
  Micros out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

}  // namespace mm::core
