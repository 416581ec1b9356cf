// Where a call's tokens come from (billing plans): the buyer's unexpired token bundles for the model first
// (the one expiring soonest first), then a subscription's included tokens, then the wallet at the model's
// charge model. A pure library like core/charge_model: the ledger bills with it, the model page previews
// with it, the simulator replays with it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/charge_model.h"

namespace mm::core {

// Tokens a buyer holds in one bundle bought for one model.
struct BundleHolding {
  std::string bundle_id;        // the purchase
  std::int64_t tokens_left = 0;
  std::int64_t expires_ms = 0;  // usable while now < expires_ms
};

// A subscription's included tokens left in the current period, for the models it covers.
struct AllowanceHolding {
  std::string plan_id;
  std::int64_t tokens_left = 0;
  std::int32_t overage_discount_bps = 0;  // off what the wallet pays for covered models beyond the allowance
};

// One part of a call: `source` is "bundle", "subscription" or "wallet"; `id` the bundle purchase or plan
// (empty for the wallet). Bundle and subscription tokens are prepaid: their cost is 0.
struct BilledPart {
  std::string source;
  std::string id;
  std::int64_t tokens = 0;
  Micros cost_ucr = 0;
  nlohmann::json to_json() const;
};

struct CallSplit {
  std::vector<BilledPart> parts;  // in the order drawn; tokens add up to the call's
  Micros wallet_ucr = 0;          // what the wallet pays: the wallet part's cost (below zero on a volume true-up)
  Micros true_up_ucr = 0;         // included in wallet_ucr (see ChargeQuote)
};

// Splits a call of `tokens` made at `now_ms`. `month_wallet_tokens` are the tokens this buyer already paid
// for from the wallet on this model this month (bundle and subscription tokens do not count towards a
// charge model's ranges). `allowance` only for a subscription that covers the model and is active. nullopt
// when the wallet part cannot be priced.
std::optional<CallSplit> split_call(const ChargeModel& model, std::int64_t tokens, std::int64_t now_ms,
                                    std::int64_t month_wallet_tokens, std::vector<BundleHolding> bundles,
                                    const std::optional<AllowanceHolding>& allowance);

}  // namespace mm::core
