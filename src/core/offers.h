// What owners sell besides pay-as-you-go (billing plans): token bundles (prepaid packs for one model) and
// subscription plans (a monthly fee with included tokens on the models they cover). Plain values with their
// own validators, one message per bad field; the ledger records offers, purchases and subscriptions.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::core {

using OfferErrors = std::map<std::string, std::string>;  // field -> what is wrong with it

struct BundleOffer {
  std::string id;          // "bundle-<n>", numbered in the order offered
  std::string slug;        // the model its tokens are for
  std::string offered_by;  // the owner's profile
  std::int64_t tokens = 0;
  Micros price_ucr = 0;
  std::int64_t valid_days = 0;  // from the purchase
};

struct PlanOffer {
  std::string id;  // "plan-<n>"
  std::string name;
  std::string offered_by;  // the profile that offered it (for a platform plan: who acted for the platform)
  // Offered by the platform (the marketplace) rather than an owner: its fees go to platform:plans, which pays
  // each model's owner its list price for the included tokens used on it (less the platform's fee), and it
  // may cover any model ("all": every model on the marketplace). It never discounts an owner's price.
  bool platform = false;
  // A platform plan's payout: per 1K included tokens used, each model's list price up to this (so an owner
  // cannot raise what the platform pays by raising a price). $0.00 to $1.00.
  Micros payout_per_1k_ucr = 0;
  Micros fee_ucr = 0;  // per monthly period
  std::int64_t included_tokens = 0;  // per period, on the covered models
  bool all_models = false;           // every model of the owner (or, for the platform, of the marketplace)
  std::vector<std::string> models;   // otherwise these (the owner's; for the platform, any)
  std::int32_t overage_discount_bps = 0;  // off pay-as-you-go beyond the included tokens, on covered models
  std::int64_t trial_days = 0;            // free days before the first paid period (once per buyer and plan)

  bool covers(const std::string& slug, const std::string& owner_profile) const;
};

inline constexpr std::int64_t kMaxBundleTokens = 1'000'000'000;
inline constexpr Micros kMaxOfferPriceUcr = 10'000 * kMicrosPerCredit;  // $10,000.00
inline constexpr std::int64_t kMaxValidDays = 3650;
inline constexpr std::int64_t kMaxTrialDays = 365;
inline constexpr std::size_t kMaxPlanModels = 100;
inline constexpr Micros kMaxPayoutPer1kUcr = 1'000'000;  // $1.00, the highest listing price
inline constexpr std::int64_t kDayMs = 86'400'000;

// Reads the fields of an offer (the command's or a record's), checking each: a missing field or one of
// another JSON type is an error of its own. `slug`, `offered_by` and `id` are left to the caller.
OfferErrors read_bundle_offer(const nlohmann::json& doc, BundleOffer& out);
OfferErrors read_plan_offer(const nlohmann::json& doc, PlanOffer& out);

// The fields as they are recorded and shown (without id and owner).
nlohmann::json bundle_terms(const BundleOffer& offer);
nlohmann::json plan_terms(const PlanOffer& offer);

}  // namespace mm::core
