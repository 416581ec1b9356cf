#include "core/pricing_shapes.h"

#include <algorithm>

#include "core/billing_sources.h"
#include "core/pricing.h"

namespace mm::core {

std::optional<Micros> month_cost(const PricingShape& shape, std::int64_t month_tokens) {
  if (month_tokens < 0 || month_tokens > kMaxShapeMonthTokens || shape.bundles_per_month < 0) return std::nullopt;
  if (shape.bundle_tokens > 0 && shape.bundles_per_month == 0) {
    const std::int64_t bundles = (month_tokens + shape.bundle_tokens - 1) / shape.bundle_tokens;
    return checked_mul(bundles, shape.bundle_ucr);
  }
  std::optional<Micros> total = 0;
  std::vector<BundleHolding> bundles;
  if (shape.bundle_tokens > 0) {
    const std::optional<std::int64_t> tokens = checked_mul(shape.bundles_per_month, shape.bundle_tokens);
    total = checked_mul(shape.bundles_per_month, shape.bundle_ucr);
    if (!tokens || !total) return std::nullopt;
    bundles.push_back({"bundles", *tokens, INT64_MAX});
  }
  const bool subscribed = shape.fee_ucr > 0 || shape.included_tokens > 0;
  std::optional<AllowanceHolding> allowance;
  if (subscribed) allowance = AllowanceHolding{"plan", shape.included_tokens, shape.overage_discount_bps};
  if (subscribed) total = checked_add(*total, shape.fee_ucr);
  std::int64_t wallet_tokens = 0;  // towards the charge model's tiers
  for (std::int64_t left = month_tokens; left > 0 && total;) {
    const std::int64_t call = std::min(left, kMaxTokensPerCall);
    const std::optional<CallSplit> split = split_call(shape.charge, call, 0, wallet_tokens, bundles, allowance);
    if (!split) return std::nullopt;
    for (const BilledPart& part : split->parts) {
      if (part.source == "wallet") wallet_tokens += part.tokens;
      if (part.source == "subscription") allowance->tokens_left -= part.tokens;
      if (part.source == "bundle") bundles.front().tokens_left -= part.tokens;
    }
    total = checked_add(*total, split->wallet_ucr);
    left -= call;
  }
  return total;
}

std::vector<PricingShape> example_shapes(Micros price) {
  auto tiers = [&](ChargeModel::Type type) {
    ChargeModel charge;
    charge.type = type;
    charge.ranges = {{0, 1'000'000, price, 0}, {1'000'001, 10'000'000, price * 7 / 10, 0}, {10'000'001, std::nullopt, price * 4 / 10, 0}};
    return charge;
  };
  ChargeModel package;
  package.type = ChargeModel::Type::Package;
  package.package_tokens = 100'000;
  package.package_ucr = price * 100;
  package.free_tokens = 50'000;
  std::vector<PricingShape> shapes;
  shapes.push_back({"Pay as you go", ChargeModel::standard(price), 0, 0, 0, 0, 0, 0});
  shapes.push_back({"Graduated tiers", tiers(ChargeModel::Type::Graduated), 0, 0, 0, 0, 0, 0});
  shapes.push_back({"Volume tiers", tiers(ChargeModel::Type::Volume), 0, 0, 0, 0, 0, 0});
  shapes.push_back({"Packages, 50K free", package, 0, 0, 0, 0, 0, 0});
  shapes.push_back({"Bundles of 1M", ChargeModel::standard(price), 1'000'000, price * 800, 0, 0, 0, 0});
  shapes.push_back({"Subscription", ChargeModel::standard(price), 0, 0, 0, price * 500, 1'000'000, 2000});
  return shapes;
}

}  // namespace mm::core
