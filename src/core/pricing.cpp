#include "core/pricing.h"

#include <algorithm>

namespace mm::core {

std::optional<Micros> call_cost(std::int64_t tokens, Micros price_per_1k_ucr) {
  if (tokens <= 0 || price_per_1k_ucr <= 0) return std::nullopt;
  const auto product = checked_mul(tokens, price_per_1k_ucr);
  if (!product) return std::nullopt;
  return *product / 1000 + (*product % 1000 != 0 ? 1 : 0);  // round up to the micro-credit
}

Micros platform_fee(Micros cost, std::int32_t fee_bps) {
  // Split so cost × fee_bps cannot overflow for any int64 cost.
  return (cost / 10000) * fee_bps + (cost % 10000) * fee_bps / 10000;
}

std::string check_policy(const PricingPolicy& policy) {
  if (policy.platform_fee_bps < 0 || policy.platform_fee_bps > kMaxPlatformFeeBps)
    return "The platform fee is from 0% to 100%.";
  if (policy.min_charge_ucr < 0 || policy.min_charge_ucr > kMaxMinChargeUcr)
    return "The minimum charge is from $0.00 to $1.00 per call.";
  if (const auto bad = check_loyalty(policy.loyalty); !bad.empty()) return "Loyalty " + bad.begin()->first + ": " + bad.begin()->second;
  return "";
}

std::optional<CallPrice> price_call(std::int64_t tokens, Micros price_per_1k_ucr, const PricingPolicy& policy) {
  if (!check_policy(policy).empty()) return std::nullopt;
  const std::optional<Micros> raw = call_cost(tokens, price_per_1k_ucr);
  if (!raw) return std::nullopt;
  CallPrice price;
  price.cost_ucr = std::max(*raw, policy.min_charge_ucr);
  price.platform_ucr = platform_fee(price.cost_ucr, policy.platform_fee_bps);
  price.owner_ucr = price.cost_ucr - price.platform_ucr;
  return price;
}

SandboxPreview preview_calls(const SandboxInputs& in, std::size_t max_points) {
  SandboxPreview out;
  if (in.tokens < 1 || in.tokens > kMaxTokensPerCall) {
    out.problem = "Tokens per call are from 1 to 10,000,000.";
    return out;
  }
  if (in.price_per_1k_ucr < 1) {
    out.problem = "The price must be at least $0.000001 per 1K tokens.";
    return out;
  }
  if (in.starting_ucr < 0) {
    out.problem = "Starting credits cannot be negative.";
    return out;
  }
  if (const std::string bad = check_policy(in.policy); !bad.empty()) {
    out.problem = bad;
    return out;
  }
  const std::optional<CallPrice> price = price_call(in.tokens, in.price_per_1k_ucr, in.policy);
  if (!price) {
    out.problem = "This many tokens at this price cannot be priced.";
    return out;
  }
  out.per_call = *price;
  out.affordable = price->cost_ucr <= in.starting_ucr;
  out.balance_after_one = out.affordable ? in.starting_ucr - price->cost_ucr : in.starting_ucr;
  out.calls_covered = in.starting_ucr / price->cost_ucr;
  // Totals stay below the starting credits (calls × cost ≤ starting), so they cannot overflow.
  out.owner_total_ucr = out.calls_covered * price->owner_ucr;
  out.platform_total_ucr = out.calls_covered * price->platform_ucr;
  // At most `max_points` + 1 points whatever the credits: ceil(calls / points) without overflowing near
  // INT64_MAX, and steps counted rather than summed.
  const std::int64_t points = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::min<std::size_t>(max_points, 100'000)));
  out.calls_per_point = std::max<std::int64_t>(1, out.calls_covered / points + (out.calls_covered % points != 0));
  const std::int64_t steps = out.calls_covered / out.calls_per_point;
  for (std::int64_t step = 0; step <= steps; ++step)
    out.balance_curve.push_back(in.starting_ucr - step * out.calls_per_point * price->cost_ucr);
  if (steps * out.calls_per_point != out.calls_covered)
    out.balance_curve.push_back(in.starting_ucr - out.calls_covered * price->cost_ucr);
  return out;
}

}  // namespace mm::core
