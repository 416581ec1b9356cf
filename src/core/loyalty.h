// Loyalty (billing plans): the marketplace's pricing policy may give cashback by the buyer's spend over the
// trailing 30 days, in tiers. A pure library like core/charge_model; the ledger posts the cashback to the
// buyer's wallet from platform:loyalty in the same record as the call.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::core {

struct LoyaltyTier {
  Micros min_spend_ucr = 0;        // trailing 30-day spend from which the tier applies
  std::int32_t cashback_bps = 0;   // share of each call's cost given back, rounded down to the µcr
};

// "Trailing 30-day spend": what the wallet paid on the 30 UTC days up to and including the day of the call,
// before the call itself.
inline constexpr std::int32_t kLoyaltyWindowDays = 30;
inline constexpr std::size_t kMaxLoyaltyTiers = 10;

// "tiers", "tiers[1].min_spend_ucr", "tiers[1].cashback_bps" -> what is wrong; empty when fine. Tiers go up
// in spend, strictly; cashback is from 0% to 100% and never drops as spend rises.
std::map<std::string, std::string> check_loyalty(const std::vector<LoyaltyTier>& tiers);

// [{min_spend_ucr, cashback_bps}, ...] <-> tiers. Reading gives nullopt for anything else or tiers that
// check_loyalty refuses (`errors`, when given, says which field).
nlohmann::json loyalty_json(const std::vector<LoyaltyTier>& tiers);
std::optional<std::vector<LoyaltyTier>> read_loyalty(const nlohmann::json& doc,
                                                     std::map<std::string, std::string>* errors = nullptr);

struct LoyaltyStanding {
  std::optional<std::size_t> tier;          // the tier reached (index), none below the first
  std::int32_t cashback_bps = 0;
  std::optional<Micros> to_next_tier_ucr;   // spend still needed for the next tier, if there is one
  nlohmann::json to_json() const;
};
LoyaltyStanding loyalty_standing(const std::vector<LoyaltyTier>& tiers, Micros trailing_spend_ucr);

// The cashback on a call of `cost_ucr` at `cashback_bps`: rounded down, nothing on a credit.
Micros cashback(Micros cost_ucr, std::int32_t cashback_bps);

}  // namespace mm::core
