// What a usage call costs and who gets what: the one place the arithmetic lives, used by the ledger when it
// bills a call and by the monetization sandbox when it previews one, so the two always agree.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/loyalty.h"
#include "core/money.h"

namespace mm::core {

// How calls are billed. The marketplace has one (stated defaults below, changed only by an explicit
// "policy" record); the sandbox has its own copy to play with.
struct PricingPolicy {
  std::int32_t platform_fee_bps = 1000;  // 10% of every call goes to the platform (rounded down to the µcr)
  Micros min_charge_ucr = 0;             // no standard pay-as-you-go call costs less than this; 0: no minimum
  std::vector<LoyaltyTier> loyalty;      // cashback by trailing 30-day spend; none by default
};

inline constexpr std::int32_t kMaxPlatformFeeBps = 10000;   // 100%
inline constexpr Micros kMaxMinChargeUcr = 1'000'000;       // $1.00 per call
inline constexpr std::int64_t kMaxTokensPerCall = 10'000'000;

// Cost of a call before any minimum: ceil(tokens × price_per_1k / 1000) µcr; nullopt on overflow or
// non-positive input.
std::optional<Micros> call_cost(std::int64_t tokens, Micros price_per_1k_ucr);
// Platform's share of `cost` under `fee_bps` (basis points), rounded down; the owner gets the rest.
Micros platform_fee(Micros cost, std::int32_t fee_bps);

struct CallPrice {
  Micros cost_ucr = 0;      // what the caller pays
  Micros platform_ucr = 0;  // to platform:fees
  Micros owner_ucr = 0;     // to the model owner's revenue account; cost = platform + owner
};
// The full split of one call under `policy`: cost = max(call_cost, minimum charge), fee on that cost.
std::optional<CallPrice> price_call(std::int64_t tokens, Micros price_per_1k_ucr, const PricingPolicy& policy);
// Why `policy` is out of range, or empty when it is fine.
std::string check_policy(const PricingPolicy& policy);

// The monetization sandbox: what a run of identical calls does to a balance.
struct SandboxInputs {
  Micros price_per_1k_ucr = 2000;
  std::int64_t tokens = 1000;
  Micros starting_ucr = 25'000'000;
  PricingPolicy policy;
};

struct SandboxPreview {
  std::string problem;          // why there is no preview (bad input); empty when the figures below hold
  CallPrice per_call;
  bool affordable = false;      // the starting credits cover one call
  Micros balance_after_one = 0; // starting credits minus one call (unchanged when unaffordable)
  std::int64_t calls_covered = 0;
  Micros owner_total_ucr = 0;   // over calls_covered calls
  Micros platform_total_ucr = 0;
  // Balance after 0, k, 2k, ... calls down to the last covered call (at most `max_points` + 1 points).
  std::vector<Micros> balance_curve;
  std::int64_t calls_per_point = 1;
};

SandboxPreview preview_calls(const SandboxInputs& inputs, std::size_t max_points = 120);

}  // namespace mm::core
