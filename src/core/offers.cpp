#include "core/offers.h"

#include <algorithm>
#include <optional>

namespace mm::core {
namespace {

using nlohmann::json;

// A whole number from `low` to `high`, or an error for the field. Absent with a fallback: the fallback.
std::int64_t whole_number(const json& doc, const char* key, std::int64_t low, std::int64_t high, const std::string& range,
                          OfferErrors& errors, std::optional<std::int64_t> fallback = std::nullopt) {
  const auto it = doc.is_object() ? doc.find(key) : doc.end();
  if (!doc.is_object() || it == doc.end()) {
    if (!fallback) errors[key] = "Required: " + range + ".";
    return fallback.value_or(0);
  }
  if (!it->is_number_integer() || it->get<std::int64_t>() < low || it->get<std::int64_t>() > high) {
    errors[key] = "Expected " + range + ".";
    return 0;
  }
  return it->get<std::int64_t>();
}

}  // namespace

bool PlanOffer::covers(const std::string& slug, const std::string& owner_profile) const {
  if (all_models) return platform || owner_profile == offered_by;
  return std::find(models.begin(), models.end(), slug) != models.end();
}

OfferErrors read_bundle_offer(const json& doc, BundleOffer& out) {
  OfferErrors errors;
  out.tokens = whole_number(doc, "tokens", 1, kMaxBundleTokens, "a whole number of tokens from 1 to 1,000,000,000", errors);
  out.price_ucr = whole_number(doc, "price_ucr", 0, kMaxOfferPriceUcr, "a price in µcr from $0.00 to $10,000.00", errors);
  out.valid_days = whole_number(doc, "valid_days", 1, kMaxValidDays, "a whole number of days from 1 to 3,650", errors);
  return errors;
}

OfferErrors read_plan_offer(const json& doc, PlanOffer& out) {
  OfferErrors errors;
  const auto name = doc.is_object() ? doc.find("name") : doc.end();
  out.name.clear();
  if (name != doc.end() && name->is_string()) out.name = name->get<std::string>();
  const auto not_space = [](unsigned char c) { return c > ' '; };
  out.name.erase(out.name.begin(), std::find_if(out.name.begin(), out.name.end(), not_space));
  out.name.erase(std::find_if(out.name.rbegin(), out.name.rend(), not_space).base(), out.name.end());
  if (out.name.empty() || out.name.size() > 60) errors["name"] = "A plan needs a name of 1 to 60 characters.";
  out.fee_ucr = whole_number(doc, "fee_ucr", 0, kMaxOfferPriceUcr, "a monthly fee in µcr from $0.00 to $10,000.00", errors);
  out.included_tokens =
      whole_number(doc, "included_tokens", 0, kMaxBundleTokens, "a whole number of tokens from 0 to 1,000,000,000", errors);
  out.overage_discount_bps = static_cast<std::int32_t>(
      whole_number(doc, "overage_discount_bps", 0, 10000, "basis points from 0 to 10,000 (100%)", errors, 0));
  out.trial_days = whole_number(doc, "trial_days", 0, kMaxTrialDays, "a whole number of days from 0 to 365", errors, 0);
  const auto platform = doc.is_object() ? doc.find("platform") : doc.end();
  out.platform = platform != doc.end() && *platform == true;
  if (platform != doc.end() && !platform->is_boolean())
    errors["platform"] = "true for a plan the platform offers on any models; leave it out for a plan on your own models.";
  out.payout_per_1k_ucr = 0;
  if (out.platform)
    out.payout_per_1k_ucr = whole_number(doc, "payout_per_1k_ucr", 0, kMaxPayoutPer1kUcr,
                                         "the most the platform pays owners per 1K included tokens, in µcr from $0.00 "
                                         "to $1.00",
                                         errors);
  else if (doc.is_object() && doc.contains("payout_per_1k_ucr"))
    errors["payout_per_1k_ucr"] = "Only a platform plan pays owners for included tokens (add platform: true).";
  if (out.platform && out.overage_discount_bps != 0)
    errors["overage_discount_bps"] =
        "A platform plan cannot discount what owners charge: its overage is billed at each model's own price (0%).";
  out.all_models = false;
  out.models.clear();
  const auto models = doc.is_object() ? doc.find("models") : doc.end();
  if (models != doc.end() && *models == "all") {
    out.all_models = true;
  } else if (models != doc.end() && models->is_array() && !models->empty() && models->size() <= kMaxPlanModels &&
             std::all_of(models->begin(), models->end(), [](const json& m) { return m.is_string(); })) {
    for (const json& m : *models)
      if (std::find(out.models.begin(), out.models.end(), m.get<std::string>()) == out.models.end())
        out.models.push_back(m.get<std::string>());
  } else {
    errors["models"] = out.platform ? "The models a platform plan covers: \"all\" (every model on the marketplace) or a list "
                                      "of 1 to 100 models' slugs."
                                    : "The models a plan covers: \"all\" (every model of yours) or a list of 1 to 100 of "
                                      "your models' slugs.";
  }
  return errors;
}

json bundle_terms(const BundleOffer& offer) {
  return {{"slug", offer.slug}, {"tokens", offer.tokens}, {"price_ucr", offer.price_ucr}, {"valid_days", offer.valid_days}};
}

json plan_terms(const PlanOffer& offer) {
  json terms = {{"name", offer.name},
          {"fee_ucr", offer.fee_ucr},
          {"included_tokens", offer.included_tokens},
          {"models", offer.all_models ? json("all") : json(offer.models)},
          {"overage_discount_bps", offer.overage_discount_bps},
          {"trial_days", offer.trial_days}};
  if (offer.platform) {
    terms["platform"] = true;
    terms["payout_per_1k_ucr"] = offer.payout_per_1k_ucr;
  }  // (left out otherwise: owners' plans recorded before are unchanged)
  return terms;
}

}  // namespace mm::core
