// Charge models (names as Lago uses them): how a model's tokens are priced over a buyer's calendar month.
// A pure library — no clock, no I/O, no UI — used by the ledger when it bills a call, by the model page and
// by the sandbox when they preview one, and by the simulator, so all of them agree to the micro-credit.
//
// Rounding, once for every model: an amount is the ceiling, to the µcr, of the exact amount for the month's
// tokens so far — per tier for `graduated`. A call pays the difference it makes to its month's total, so
// the calls of a month always add up to the month's price exactly. (`standard` keeps its per-call rule,
// ceil(tokens × price / 1000), which every call recorded so far was billed by; see core/pricing.h.)
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::core {

// One range of a graduated or volume model: tokens from_tokens..to_tokens of the month (to_tokens empty:
// no end). Contiguous like Lago's: the first starts at 0, each next one at the previous to_tokens + 1.
// Token n of the month (counted from 1) falls in the range with from_tokens ≤ n ≤ to_tokens, the first
// range taking token 1 too.
struct ChargeRange {
  std::int64_t from_tokens = 0;
  std::optional<std::int64_t> to_tokens;
  Micros per_1k_ucr = 0;  // per 1,000 tokens in the range
  Micros flat_ucr = 0;    // once a month, when the range is entered (graduated) or reached (volume)
};

struct ChargeModel {
  enum class Type { Standard, Graduated, Volume, Package };
  Type type = Type::Standard;
  Micros price_per_1k_ucr = 0;       // standard
  std::vector<ChargeRange> ranges;   // graduated, volume
  std::int64_t package_tokens = 0;   // package: tokens per package
  Micros package_ucr = 0;            //          price per package started
  std::int64_t free_tokens = 0;      //          free each month before the first package

  static ChargeModel standard(Micros price_per_1k_ucr);
  nlohmann::json to_json() const;
  bool operator==(const ChargeModel& other) const { return to_json() == other.to_json(); }
};

const char* type_name(ChargeModel::Type type);

// Field ("type", "price_per_1k_ucr", "ranges", "ranges[1].from_tokens", "package_tokens", ...) -> what is
// wrong with it, one message each. Empty when the model may be used.
using ChargeModelErrors = std::map<std::string, std::string>;
ChargeModelErrors check_charge_model(const ChargeModel& model);

// Reads the JSON form ({type: "standard", price_per_1k_ucr} | {type: "graduated"|"volume", ranges: [...]} |
// {type: "package", package_tokens, package_ucr, free_tokens}); every field is checked as above. A field of
// the wrong JSON type (a float, a string) is an error of its own, never a silent default.
struct ParsedChargeModel {
  std::optional<ChargeModel> model;
  ChargeModelErrors errors;
};
ParsedChargeModel parse_charge_model(const nlohmann::json& doc);

inline constexpr std::size_t kMaxChargeRanges = 10;
inline constexpr std::int64_t kMaxMonthTokens = 1'000'000'000'000;  // a bound that keeps every product in int64

// What 1,000 tokens cost at the model's first rate — its price per 1K, the first range's, or the package
// price per 1,000 tokens (rounded up) — for listing and sorting models by price. Billing uses quote_call.
Micros first_rate_per_1k_ucr(const ChargeModel& model);

// The month's price of its first `month_tokens` tokens (graduated, volume, package); nullopt for standard,
// a model that does not pass check_charge_model, or tokens out of range.
std::optional<Micros> month_total(const ChargeModel& model, std::int64_t month_tokens);

// What one call of `tokens` costs a buyer who already used `month_tokens_before` this month.
struct ChargeQuote {
  Micros charge_ucr = 0;   // what the call adds to the month's total: usage_ucr + true_up_ucr (below zero
                           // when a volume true-up credits back more than the call costs)
  Micros usage_ucr = 0;    // the call's own tokens (with the flat fee of a range it enters)
  Micros true_up_ucr = 0;  // volume only, when the call moves the month into another range: the month's
                           // earlier tokens repriced at that range (below zero: credited back)
};
std::optional<ChargeQuote> quote_call(const ChargeModel& model, std::int64_t month_tokens_before, std::int64_t tokens);

}  // namespace mm::core
