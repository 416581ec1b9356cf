// The same month of tokens under different pricing shapes — pay as you go at a charge model, prepaid
// bundles, a subscription with included tokens and an overage discount — priced by the billing engine
// (core/charge_model, core/billing_sources), for the sandbox's side-by-side comparison.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/charge_model.h"

namespace mm::core {

struct PricingShape {
  std::string name;
  ChargeModel charge;                 // what the wallet pays per call, beyond bundles and included tokens
  std::int64_t bundle_tokens = 0;     // > 0: bundles of this size at this price are bought...
  Micros bundle_ucr = 0;
  std::int64_t bundles_per_month = 0;  // ...this many at the start of the month, drawn on first; 0: as many
                                       // as needed, so every token comes from bundles
  Micros fee_ucr = 0;                 // a monthly subscription fee (0 with no included tokens: none)
  std::int64_t included_tokens = 0;
  std::int32_t overage_discount_bps = 0;
};

inline constexpr std::int64_t kMaxShapeMonthTokens = 1'000'000'000;

// What `month_tokens` cost in one month under `shape`, the month's tokens made as calls of at most
// kMaxTokensPerCall (10M) each. nullopt when the shape cannot price them.
std::optional<Micros> month_cost(const PricingShape& shape, std::int64_t month_tokens);

// Six shapes around one price per 1K tokens: standard; graduated and volume tiers that drop to 70% after
// 1M tokens and 40% after 10M; packages of 100K tokens with 50K free; bundles of 1M tokens at 80%; and a
// subscription of 500K tokens' worth a month that includes 1M tokens, with 20% off beyond.
std::vector<PricingShape> example_shapes(Micros price_per_1k_ucr);

}  // namespace mm::core
