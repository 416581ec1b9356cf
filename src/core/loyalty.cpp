#include "core/loyalty.h"

#include "core/pricing.h"

namespace mm::core {

std::map<std::string, std::string> check_loyalty(const std::vector<LoyaltyTier>& tiers) {
  std::map<std::string, std::string> errors;
  if (tiers.size() > kMaxLoyaltyTiers) {
    errors["tiers"] = "At most " + std::to_string(kMaxLoyaltyTiers) + " tiers.";
    return errors;
  }
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const std::string at = "tiers[" + std::to_string(i) + "].";
    if (tiers[i].min_spend_ucr < 0 || tiers[i].min_spend_ucr > 1'000'000 * kMicrosPerCredit)
      errors[at + "min_spend_ucr"] = "The spend is from $0.00 to $1,000,000.00.";
    else if (i > 0 && tiers[i].min_spend_ucr <= tiers[i - 1].min_spend_ucr)
      errors[at + "min_spend_ucr"] = "Each tier needs more spend than the one before.";
    if (tiers[i].cashback_bps < 0 || tiers[i].cashback_bps > 10000)
      errors[at + "cashback_bps"] = "Cashback is from 0% to 100%.";
    else if (i > 0 && tiers[i].cashback_bps < tiers[i - 1].cashback_bps)
      errors[at + "cashback_bps"] = "Cashback never drops as spend rises.";
  }
  return errors;
}

nlohmann::json LoyaltyStanding::to_json() const {
  return {{"tier", tier ? nlohmann::json(*tier) : nlohmann::json(nullptr)},
          {"cashback_bps", cashback_bps},
          {"to_next_tier_ucr", to_next_tier_ucr ? nlohmann::json(*to_next_tier_ucr) : nlohmann::json(nullptr)}};
}

LoyaltyStanding loyalty_standing(const std::vector<LoyaltyTier>& tiers, Micros spend) {
  LoyaltyStanding standing;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    if (spend >= tiers[i].min_spend_ucr) {
      standing.tier = i;
      standing.cashback_bps = tiers[i].cashback_bps;
    } else {
      standing.to_next_tier_ucr = tiers[i].min_spend_ucr - spend;
      break;
    }
  }
  return standing;
}

Micros cashback(Micros cost_ucr, std::int32_t cashback_bps) {
  if (cost_ucr <= 0 || cashback_bps <= 0) return 0;
  return platform_fee(cost_ucr, cashback_bps);  // the same rounding as any share in basis points: down
}

}  // namespace mm::core
