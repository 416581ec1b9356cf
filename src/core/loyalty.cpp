#include "core/loyalty.h"

#include <algorithm>

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

nlohmann::json loyalty_json(const std::vector<LoyaltyTier>& tiers) {
  nlohmann::json out = nlohmann::json::array();
  for (const LoyaltyTier& tier : tiers) out.push_back({{"min_spend_ucr", tier.min_spend_ucr}, {"cashback_bps", tier.cashback_bps}});
  return out;
}

std::optional<std::vector<LoyaltyTier>> read_loyalty(const nlohmann::json& doc, std::map<std::string, std::string>* errors) {
  std::map<std::string, std::string> found;
  std::vector<LoyaltyTier> tiers;
  if (!doc.is_array()) {
    found["tiers"] = "Loyalty tiers are a list of {min_spend_ucr, cashback_bps}.";
  } else {
    for (std::size_t i = 0; i < doc.size() && i <= kMaxLoyaltyTiers; ++i) {
      const nlohmann::json& item = doc[i];
      const std::string at = "tiers[" + std::to_string(i) + "].";
      LoyaltyTier tier;
      for (const char* key : {"min_spend_ucr", "cashback_bps"}) {
        const auto it = item.is_object() ? item.find(key) : item.end();
        const bool whole = item.is_object() && it != item.end() && it->is_number_integer();
        const std::int64_t value = whole ? it->get<std::int64_t>() : -1;
        if (!whole || value < 0 || value > 1'000'000 * kMicrosPerCredit) found[at + key] = "A whole number is expected.";
        else if (key[0] == 'm') tier.min_spend_ucr = value;
        else tier.cashback_bps = static_cast<std::int32_t>(std::min<std::int64_t>(value, 1'000'000));
      }
      tiers.push_back(tier);
    }
    for (auto& [field, message] : check_loyalty(tiers)) found.emplace(field, message);
    if (doc.size() > kMaxLoyaltyTiers) found["tiers"] = "At most " + std::to_string(kMaxLoyaltyTiers) + " tiers.";
  }
  if (errors) *errors = found;
  if (!found.empty()) return std::nullopt;
  return tiers;
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
