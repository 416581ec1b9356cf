#include "core/billing_sources.h"

#include <algorithm>

#include "core/pricing.h"

namespace mm::core {

nlohmann::json BilledPart::to_json() const {
  nlohmann::json doc = {{"source", source}, {"tokens", tokens}, {"cost_ucr", cost_ucr}};
  if (!id.empty()) doc["id"] = id;
  return doc;
}

std::optional<CallSplit> split_call(const ChargeModel& model, std::int64_t tokens, std::int64_t now_ms,
                                    std::int64_t month_wallet_tokens, std::vector<BundleHolding> bundles,
                                    const std::optional<AllowanceHolding>& allowance) {
  if (tokens < 1 || tokens > kMaxTokensPerCall) return std::nullopt;
  CallSplit split;
  std::int64_t left = tokens;
  // Soonest expiry first; ties by purchase id, so every replay draws the same way.
  std::sort(bundles.begin(), bundles.end(), [](const BundleHolding& a, const BundleHolding& b) {
    return a.expires_ms != b.expires_ms ? a.expires_ms < b.expires_ms : a.bundle_id < b.bundle_id;
  });
  for (const BundleHolding& bundle : bundles) {
    if (left == 0) break;
    if (bundle.tokens_left <= 0 || now_ms >= bundle.expires_ms) continue;
    const std::int64_t drawn = std::min(left, bundle.tokens_left);
    split.parts.push_back({"bundle", bundle.bundle_id, drawn, 0});
    left -= drawn;
  }
  if (left > 0 && allowance && allowance->tokens_left > 0) {
    const std::int64_t drawn = std::min(left, allowance->tokens_left);
    split.parts.push_back({"subscription", allowance->plan_id, drawn, 0});
    left -= drawn;
  }
  if (left > 0) {
    const std::optional<ChargeQuote> quote = quote_call(model, month_wallet_tokens, left);
    if (!quote) return std::nullopt;
    Micros cost = quote->charge_ucr;
    // A subscriber's discount on what the wallet pays beyond the allowance, a share in basis points rounded
    // down as the platform fee is — on a volume true-up's credit back too, so a discount never pays out.
    const std::int32_t discount = allowance ? std::clamp<std::int32_t>(allowance->overage_discount_bps, 0, 10000) : 0;
    if (discount > 0) cost -= cost >= 0 ? platform_fee(cost, discount) : -platform_fee(-cost, discount);
    split.parts.push_back({"wallet", "", left, cost});
    split.wallet_ucr = cost;
    split.true_up_ucr = quote->true_up_ucr;
  }
  return split;
}

}  // namespace mm::core
