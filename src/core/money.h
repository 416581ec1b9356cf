// Money is int64 micro-credits (µcr): 1 credit = $1.00 = 1,000,000 µcr. No floating point on any money
// path; doubles appear only where amounts are drawn (charts). One function formats every amount shown.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mm::core {

using Micros = std::int64_t;
inline constexpr Micros kMicrosPerCredit = 1'000'000;

// "$25.00", "$0.0022", "-$0.01", "$1,234.50": at least two decimals, more only when the amount needs them
// (up to the full six), thousands separated by commas.
std::string format_ucr(Micros amount);

// Parses what format_ucr prints and what a person types: "$25", "25.5", "0.0022", "-$0.01", "1,234.50".
// Returns nullopt for anything else (more than six decimals, garbage, out of int64 range).
std::optional<Micros> parse_ucr(std::string_view text);

// Overflow-checked arithmetic: nullopt instead of wrapping around.
std::optional<Micros> checked_add(Micros a, Micros b);
std::optional<Micros> checked_mul(Micros a, Micros b);

}  // namespace mm::core
