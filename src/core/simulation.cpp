#include "core/simulation.h"

#include <algorithm>
#include <cmath>

#include "core/calendar.h"
#include "core/listing.h"
#include "core/loyalty.h"
#include "core/offers.h"
#include "core/sha256.h"

namespace mm::core {

using nlohmann::json;

// --- [SECTION] Randomness -----------------------------------------------------------------------------------

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SplitMix64::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::int64_t SplitMix64::below(std::int64_t n) { return n <= 1 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }

bool SplitMix64::chance_bps(std::int64_t bps) { return below(10'000) < bps; }

double SplitMix64::normal() {
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += unit();
  return sum - 6.0;
}

std::int64_t SplitMix64::log_normal(std::int64_t median, std::int64_t spread_bps, std::int64_t high) {
  const double value = static_cast<double>(median) * portable_exp(normal() * static_cast<double>(spread_bps) / 10'000.0);
  if (!(value < static_cast<double>(high))) return high;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(value + 0.5));
}

double portable_exp(double x) {
  x = std::max(-40.0, std::min(40.0, x));
  // x = n ln2 + r with |r| ≤ ln2 / 2; ln2 in two parts so that n ln2 is exact enough.
  const double n = std::floor(x * 1.4426950408889634 + 0.5);
  const double r = (x - n * 0.693145751953125) - n * 1.4286068203094173e-06;
  double term = 1, sum = 1;
  for (int k = 1; k <= 14; ++k) {
    term = term * r / k;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

// --- [SECTION] Scenarios ------------------------------------------------------------------------------------

namespace {

using Fields = std::map<std::string, std::string>;

// A whole number from `low` to `high` at `key`, or the default when absent; otherwise a message for the field.
std::int64_t whole(const json& doc, const std::string& key, std::int64_t fallback, std::int64_t low, std::int64_t high,
                   const std::string& range, Fields& fields, const std::string& prefix = "") {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<std::int64_t>() < low || it->get<std::int64_t>() > high) {
    fields[prefix + key] = "Expected " + range + ".";
    return fallback;
  }
  return it->get<std::int64_t>();
}

const json& object_at(const json& doc, const std::string& key, Fields& fields) {
  static const json empty = json::object();
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return empty;
  if (!it->is_object()) {
    fields[key] = "Expected an object.";
    return empty;
  }
  return *it;
}

ChargeModel scaled(ChargeModel charge, std::int64_t bps) {
  auto scale = [&](Micros amount) { return amount * bps / 10'000; };  // amounts ≤ $1,000, bps ≤ 100,000: no overflow
  charge.price_per_1k_ucr = std::max<Micros>(1, scale(charge.price_per_1k_ucr));
  for (ChargeRange& range : charge.ranges) {
    range.per_1k_ucr = scale(range.per_1k_ucr);
    range.flat_ucr = scale(range.flat_ucr);
  }
  charge.package_ucr = scale(charge.package_ucr);
  return charge;
}

}  // namespace

ScenarioRead read_scenario(const json& doc, const std::vector<Model>& catalog) {
  ScenarioRead out;
  Fields& f = out.fields;
  if (!doc.is_object()) {
    f["scenario"] = "A scenario is an object of fields (every one optional), e.g. {\"seed\": 42, \"days\": 30}.";
    return out;
  }
  Scenario s;
  s.seed = static_cast<std::uint64_t>(whole(doc, "seed", 1, 0, 9'007'199'254'740'991, "a whole number from 0 to 2^53 − 1", f));
  s.days = whole(doc, "days", s.days, 1, kMaxScenarioDays, "a whole number of days from 1 to 365", f);
  if (const auto it = doc.find("start_date"); it != doc.end() && !it->is_null()) {
    std::int32_t day = 0;
    if (it->is_string() && parse_iso_date(it->get<std::string>(), day) && day >= 0) s.start_day = day;
    else f["start_date"] = "Expected a date as YYYY-MM-DD, e.g. \"2027-01-01\".";
  }
  if (const auto it = doc.find("models"); it != doc.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      s.model_count = whole(doc, "models", s.model_count, 1, static_cast<std::int64_t>(catalog.size()),
                            "a number of catalog models from 1 to " + std::to_string(catalog.size()), f);
    } else if (it->is_array() && !it->empty()) {
      for (const json& slug : *it) {
        const bool known = slug.is_string() && std::any_of(catalog.begin(), catalog.end(), [&](const Model& m) {
                             return m.slug == slug.get<std::string>();
                           });
        if (!known) {
          f["models"] = "\"" + (slug.is_string() ? slug.get<std::string>() : slug.dump()) + "\" is not a catalog model.";
          break;
        }
        if (std::find(s.models.begin(), s.models.end(), slug.get<std::string>()) == s.models.end())
          s.models.push_back(slug.get<std::string>());
      }
    } else {
      f["models"] = "Expected how many catalog models (e.g. 8) or a list of their slugs.";
    }
  }
  s.price_bps = whole(doc, "price_bps", s.price_bps, 100, 100'000, "basis points of each model's price from 100 (1%) to 100,000 (10×)", f);
  if (const auto it = doc.find("charge_model"); it != doc.end() && !it->is_null()) {
    const ParsedChargeModel parsed = parse_charge_model(*it);
    for (const auto& [field, message] : parsed.errors) f["charge_model." + field] = message;
    s.charge_model = parsed.model;
  }
  if (const auto it = doc.find("bundle"); it != doc.end() && !it->is_null()) {
    BundleOffer offer;
    for (const auto& [field, message] : read_bundle_offer(*it, offer)) f["bundle." + field] = message;
    s.bundle = bundle_terms(offer);
    s.bundle->erase("slug");
  }
  if (const auto it = doc.find("plan"); it != doc.end() && !it->is_null()) {
    json terms = it->is_object() ? *it : json::object();
    if (!terms.contains("name")) terms["name"] = "Plan";
    terms["models"] = "all";
    PlanOffer offer;
    for (const auto& [field, message] : read_plan_offer(terms, offer)) f["plan." + field] = message;
    s.plan = plan_terms(offer);
  }
  const json& policy = object_at(doc, "policy", f);
  s.policy.platform_fee_bps = static_cast<std::int32_t>(
      whole(policy, "platform_fee_bps", s.policy.platform_fee_bps, 0, kMaxPlatformFeeBps, "basis points from 0 to 10,000", f, "policy."));
  s.policy.min_charge_ucr = whole(policy, "min_charge_ucr", 0, 0, kMaxMinChargeUcr, "µcr from $0.00 to $1.00", f, "policy.");
  if (const auto it = policy.find("loyalty"); it != policy.end() && !it->is_null() && !(it->is_array() && it->empty())) {
    Fields errors;
    if (const auto tiers = read_loyalty(*it, &errors)) s.policy.loyalty = *tiers;
    else f["policy.loyalty"] = errors.empty() ? "Expected [{min_spend_ucr, cashback_bps}, …]." : errors.begin()->second;
  }
  s.buyers = whole(doc, "buyers", s.buyers, 1, kMaxScenarioBuyers, "a whole number of buyers from 1 to 100,000", f);
  s.arrivals_per_day = whole(doc, "arrivals_per_day", 0, 0, 10'000, "a whole number from 0 to 10,000", f);
  s.starting_ucr = whole(doc, "starting_ucr", s.starting_ucr, 0, kMaxTopUpUcr, "µcr from $0.00 to $10,000", f);
  const json& top_up = object_at(doc, "top_up", f);
  s.top_up_bps = whole(top_up, "probability_bps", 0, 0, 10'000, "basis points from 0 to 10,000", f, "top_up.");
  s.top_up_ucr = whole(top_up, "amount_ucr", s.top_up_ucr, 1, kMaxTopUpUcr, "µcr from $0.000001 to $10,000", f, "top_up.");
  const json& demand = object_at(doc, "demand", f);
  s.active_bps = whole(demand, "active_bps", s.active_bps, 0, 10'000, "basis points from 0 to 10,000", f, "demand.");
  s.demand_median_tokens = whole(demand, "median_tokens", s.demand_median_tokens, 1, kMaxTokensPerCall,
                                 "tokens from 1 to 10,000,000", f, "demand.");
  s.demand_spread_bps = whole(demand, "spread_bps", s.demand_spread_bps, 0, 30'000, "basis points from 0 to 30,000", f, "demand.");
  s.calls_per_day = whole(demand, "calls_per_day", s.calls_per_day, 1, 20, "a whole number from 1 to 20", f, "demand.");
  const json& willingness = object_at(doc, "willingness", f);
  s.willingness_median_per_1k_ucr = whole(willingness, "median_per_1k_ucr", s.willingness_median_per_1k_ucr, 1,
                                          kMaxListingPriceUcr, "µcr per 1K tokens from 1 to $1.00", f, "willingness.");
  s.willingness_spread_bps =
      whole(willingness, "spread_bps", s.willingness_spread_bps, 0, 30'000, "basis points from 0 to 30,000", f, "willingness.");
  s.price_sensitivity_bps = whole(doc, "price_sensitivity_bps", s.price_sensitivity_bps, 0, 10'000, "basis points from 0 to 10,000", f);
  if (const auto it = doc.find("categories"); it != doc.end() && !it->is_null()) {
    const std::vector<std::string>& known = listing_categories();
    if (it->is_array()) {
      for (const json& c : *it)
        if (!c.is_string() || std::find(known.begin(), known.end(), c.get<std::string>()) == known.end()) f["categories"] = "\"" + (c.is_string() ? c.get<std::string>() : c.dump()) + "\" is not a category.";
        else s.categories.push_back(c.get<std::string>());
    } else {
      f["categories"] = "Expected a list of categories.";
    }
  }
  static const char* const kKnown[] = {"seed", "days", "start_date", "models", "price_bps", "charge_model", "bundle", "plan",
                                       "policy", "buyers", "arrivals_per_day", "starting_ucr", "top_up", "demand",
                                       "willingness", "price_sensitivity_bps", "categories"};
  for (const auto& item : doc.items())
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; }))
      f[item.key()] = "Not a scenario field.";
  // Every chosen model's prices, scaled, must stay within what a charge model may be: never silently not applied.
  for (std::size_t i = 0; i < catalog.size() && f.empty(); ++i) {
    const Model& m = catalog[i];
    const bool chosen = s.models.empty() ? static_cast<std::int64_t>(i) < s.model_count
                                         : std::find(s.models.begin(), s.models.end(), m.slug) != s.models.end();
    if (!chosen) continue;
    ChargeModel charge = s.charge_model ? *s.charge_model : charge_model_of(m);
    if (!s.charge_model && charge.type == ChargeModel::Type::Standard)
      charge.price_per_1k_ucr = std::clamp<Micros>(m.price_per_1k_ucr, 1, kMaxListingPriceUcr);
    if (!check_charge_model(scaled(charge, s.price_bps)).empty())
      f["price_bps"] = "At " + std::to_string(s.price_bps / 100) + "% of list, " + m.name +
                       "'s prices pass what a model may charge ($1.00 per 1K tokens, $1,000 flat or a package): lower it.";
  }
  if (f.empty() && expected_calls(s) > kMaxScenarioCalls)
    f["size"] = "About " + std::to_string(expected_calls(s)) +
                " calls: the limit is 20,000,000. Fewer buyers, new buyers, days, calls a day or active days.";
  if (f.empty() && !s.categories.empty()) {
    bool any = false;  // a preferred category among the scenario's models
    for (std::size_t i = 0; i < catalog.size() && !any; ++i) {
      const bool chosen = s.models.empty() ? static_cast<std::int64_t>(i) < s.model_count
                                           : std::find(s.models.begin(), s.models.end(), catalog[i].slug) != s.models.end();
      any = chosen && std::find(s.categories.begin(), s.categories.end(), catalog[i].category) != s.categories.end();
    }
    if (!any) f["categories"] = "None of the scenario's models is in these categories: no buyer would find a model.";
  }
  if (f.empty()) out.scenario = std::move(s);
  return out;
}

json scenario_json(const Scenario& s) {
  return {{"seed", s.seed},
          {"days", s.days},
          {"start_date", format_iso_date(static_cast<std::int32_t>(s.start_day))},
          {"models", s.models.empty() ? json(s.model_count) : json(s.models)},
          {"price_bps", s.price_bps},
          {"charge_model", s.charge_model ? s.charge_model->to_json() : json(nullptr)},
          {"bundle", s.bundle ? *s.bundle : json(nullptr)},
          {"plan", s.plan ? *s.plan : json(nullptr)},
          {"policy",
           {{"platform_fee_bps", s.policy.platform_fee_bps},
            {"min_charge_ucr", s.policy.min_charge_ucr},
            {"loyalty", loyalty_json(s.policy.loyalty)}}},
          {"buyers", s.buyers},
          {"arrivals_per_day", s.arrivals_per_day},
          {"starting_ucr", s.starting_ucr},
          {"top_up", {{"probability_bps", s.top_up_bps}, {"amount_ucr", s.top_up_ucr}}},
          {"demand",
           {{"active_bps", s.active_bps},
            {"median_tokens", s.demand_median_tokens},
            {"spread_bps", s.demand_spread_bps},
            {"calls_per_day", s.calls_per_day}}},
          {"willingness", {{"median_per_1k_ucr", s.willingness_median_per_1k_ucr}, {"spread_bps", s.willingness_spread_bps}}},
          {"price_sensitivity_bps", s.price_sensitivity_bps},
          {"categories", s.categories}};
}

// --- [SECTION] Running one ----------------------------------------------------------------------------------

namespace {

const char* const kSeries[] = {"calls",         "tokens",          "active_buyers",     "new_buyers",
                               "churned_buyers", "buyer_spend_ucr", "owner_calls_ucr",   "owner_bundles_ucr",
                               "owner_subscriptions_ucr", "platform_revenue_ucr", "loyalty_cashback_ucr",
                               "wallet_avg_ucr", "wallet_p10_ucr",  "wallet_p50_ucr",    "wallet_p90_ucr",
                               "refused_insufficient", "top_ups_ucr", "renewals",        "expiries",
                               "bundles_bought", "subscriptions"};

// A stream of its own for (seed, a, b): a buyer's traits, a buyer's day. Two scenarios on one seed draw the
// same population and the same days, whatever their prices made buyers do before.
SplitMix64 stream(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  SplitMix64 mix{seed ^ (a * 0xD1B54A32D192ED03ULL) ^ (b * 0x8CB92BA72F3D8DD7ULL)};
  mix.next();
  return mix;
}

}  // namespace

Simulation::Simulation(Scenario scenario, const std::vector<Model>& catalog, bool keep_records)
    : scenario_(std::move(scenario)), ledger_([&] {
        LedgerPolicy policy;
        policy.welcome_grant_ucr = scenario_.starting_ucr;
        policy.pricing = scenario_.policy;
        policy.simulated = true;
        return policy;
      }()),
      keep_records_(keep_records) {
  for (const char* name : kSeries) series_[name];
  clock_ms_ = scenario_.start_day * kDayMs;
  // The market: each catalog owner lists its models (their own charge models, or the scenario's) and offers
  // the scenario's bundle and plan on them.
  std::vector<const Model*> chosen;
  for (const Model& m : catalog)
    if (scenario_.models.empty() ? static_cast<std::int64_t>(chosen.size()) < scenario_.model_count
                                 : std::find(scenario_.models.begin(), scenario_.models.end(), m.slug) != scenario_.models.end())
      chosen.push_back(&m);
  for (const Model* m : chosen) {
    const std::string email = "owner-" + slug_from_name(m->owner) + "@sim.example";
    const std::string owner = Ledger::profile_id_for(email);
    if (!ledger_.profile(owner)) {
      commit(ledger_.create_profile(email, m->owner, "", "email", next_time(), ""));
      owners_.push_back(owner);
    }
    ListingDraft draft{m->name, m->slug, m->category, m->tags, std::clamp<Micros>(m->price_per_1k_ucr, 1, kMaxListingPriceUcr),
                       m->latency_ms, m->description};
    if (!commit(ledger_.list_model(owner, draft, next_time(), "", [](const std::string&) { return false; }))) continue;
    ChargeModel charge = scenario_.charge_model ? *scenario_.charge_model : charge_model_of(*m);
    if (!scenario_.charge_model && charge.type == ChargeModel::Type::Standard) charge.price_per_1k_ucr = draft.price_per_1k_ucr;
    commit(ledger_.set_charge_model(owner, m->slug, scaled(charge, scenario_.price_bps).to_json(), next_time(), ""));
    Listed listed{*ledger_.listing(m->slug), ""};
    if (scenario_.bundle) {
      const Outcome offered = ledger_.offer_bundle(owner, m->slug, *scenario_.bundle, next_time(), "");
      if (commit(offered)) listed.bundle_id = offered.data.value("bundle_id", "");
    }
    models_.push_back(std::move(listed));
  }
  if (scenario_.plan && !models_.empty()) {
    if (scenario_.plan->value("platform", false)) {
      const Outcome offered = ledger_.offer_plan(owners_.front(), *scenario_.plan, next_time(), "");
      if (commit(offered)) plan_id_ = offered.data.value("plan_id", "");
    } else {
      for (const std::string& owner : owners_) {
        const Outcome offered = ledger_.offer_plan(owner, *scenario_.plan, next_time(), "");
        if (commit(offered)) owner_plan_[owner] = offered.data.value("plan_id", "");
      }
    }
  }
}

bool Simulation::commit(const Outcome& outcome) {
  if (!outcome.record) return outcome.ok();
  ledger_.apply_checked(*outcome.record);
  if (keep_records_) records_.push_back(*outcome.record);
  return true;
}

std::int64_t Simulation::next_time() {
  const std::int64_t now = clock_ms_ + commands_today_++;
  settle(now);
  return now;
}

void Simulation::settle(std::int64_t now) {
  // Renewals and expiries due by now are recorded first, as dispatch does before every command.
  while (const std::optional<std::int64_t> due = ledger_.next_due_ms()) {
    if (*due > now) break;
    const Outcome event = ledger_.due_event(now);
    if (event.record && event.record->kind == "expire") ++today_.expiries;
    if (event.record && event.record->data.value("result", "") == "renewed") ++today_.renewals;  // paid
    commit(event);
  }
}

void Simulation::arrive(std::int64_t index) {
  if (models_.empty()) return;
  SplitMix64 traits = stream(scenario_.seed, 1, static_cast<std::uint64_t>(index));
  Buyer buyer;
  const std::string email = "buyer-" + std::to_string(index) + "@sim.example";
  buyer.profile = Ledger::profile_id_for(email);
  buyer.joined_day = day_;
  buyer.willingness_per_1k_ucr =
      traits.log_normal(scenario_.willingness_median_per_1k_ucr, scenario_.willingness_spread_bps, kMaxListingPriceUcr);
  std::vector<std::size_t> liked;
  for (std::size_t i = 0; i < models_.size(); ++i)
    if (scenario_.categories.empty() || std::find(scenario_.categories.begin(), scenario_.categories.end(),
                                                  models_[i].model.category) != scenario_.categories.end())
      liked.push_back(i);
  if (liked.empty()) return;
  buyer.favourite = liked[static_cast<std::size_t>(traits.below(static_cast<std::int64_t>(liked.size())))];
  commit(ledger_.create_profile(email, "Buyer " + std::to_string(index), "", "email", next_time(), ""));
  const Model& model = models_[buyer.favourite].model;
  commit(ledger_.unlock(buyer.profile, model, next_time(), ""));
  // A plan is worth it when a month of expected pay-as-you-go calls costs more than its fee.
  const std::string plan = plan_id_.empty() ? (owner_plan_.count(model.owner_profile) ? owner_plan_[model.owner_profile] : "") : plan_id_;
  if (const PlanOffer* offer = plan.empty() ? nullptr : ledger_.plan_offer(plan)) {
    const std::int64_t month_tokens = scenario_.demand_median_tokens * 30 * scenario_.active_bps / 10'000;
    const Micros expected = call_cost(std::max<std::int64_t>(1, month_tokens), model.price_per_1k_ucr).value_or(0);
    if (expected >= offer->fee_ucr && commit(ledger_.subscribe(buyer.profile, plan, next_time(), ""))) ++today_.subscriptions;
  }
  buyers_.push_back(std::move(buyer));
  ++today_.new_buyers;
}

std::optional<std::size_t> Simulation::cheaper_in_category(std::size_t current) const {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < models_.size(); ++i)
    if (models_[i].model.category == models_[current].model.category &&
        models_[i].model.price_per_1k_ucr < (best ? models_[*best] : models_[current]).model.price_per_1k_ucr)
      best = i;
  return best;
}

void Simulation::act(Buyer& buyer, std::int64_t index) {
  SplitMix64 today = stream(scenario_.seed, 2 + static_cast<std::uint64_t>(day_), static_cast<std::uint64_t>(index));
  if (!today.chance_bps(scenario_.active_bps)) return;
  ++today_.active_buyers;
  const std::int64_t tokens_today =
      today.log_normal(scenario_.demand_median_tokens, scenario_.demand_spread_bps, kMaxTokensPerCall * scenario_.calls_per_day);
  // A bundle is worth it when it is cheaper per 1K than the model's list price and none is held.
  Listed& listed = models_[buyer.favourite];
  if (const BundleOffer* bundle = listed.bundle_id.empty() ? nullptr : ledger_.bundle_offer(listed.bundle_id)) {
    const bool cheaper = bundle->price_ucr * 1000 < listed.model.price_per_1k_ucr * bundle->tokens;
    const ProfileActivity* mine = ledger_.activity(buyer.profile);
    const bool holding = mine && std::any_of(mine->bundles.begin(), mine->bundles.end(), [&](const HeldBundle& held) {
                           return held.slug == listed.model.slug && held.tokens_left > 0 && !held.expired;
                         });
    if (cheaper && !holding &&
        commit(ledger_.buy_bundle(buyer.profile, bundle->id, next_time(), "")))
      ++today_.bundles_bought;
  }
  for (std::int64_t call = 0; call < scenario_.calls_per_day && !buyer.churned; ++call) {
    // Each call's own draws: A and B on one seed draw alike call by call, whatever earlier calls did.
    SplitMix64 dice = stream(scenario_.seed, 1'000'000 + static_cast<std::uint64_t>(day_),
                             static_cast<std::uint64_t>(index) * 64 + static_cast<std::uint64_t>(call));
    std::int64_t tokens = std::max<std::int64_t>(1, std::min(kMaxTokensPerCall, tokens_today / scenario_.calls_per_day));
    const std::int64_t at = next_time();
    UseDecision use = ledger_.decide_use(buyer.profile, models_[buyer.favourite].model, tokens, at);
    std::int64_t used_at = at;
    // Price-sensitive buyers compare what this call costs them per 1K with what they will pay.
    if (use.ok() && use.cost_ucr * 1000 > buyer.willingness_per_1k_ucr * tokens &&
        dice.chance_bps(scenario_.price_sensitivity_bps)) {
      const std::int64_t reaction = dice.below(3);
      const std::optional<std::size_t> cheaper = cheaper_in_category(buyer.favourite);
      if (reaction == 2) {
        buyer.churned = true;
        ++today_.churned_buyers;
        return;
      }
      if (reaction == 1 && cheaper) {
        buyer.favourite = *cheaper;
        commit(ledger_.unlock(buyer.profile, models_[buyer.favourite].model, next_time(), ""));
      } else {
        tokens = std::max<std::int64_t>(1, tokens / 2);
      }
      used_at = next_time();
      use = ledger_.decide_use(buyer.profile, models_[buyer.favourite].model, tokens, used_at);
    }
    if (!use.ok() && use.error == "insufficient_credits") {
      ++today_.refused_insufficient;
      if (!dice.chance_bps(scenario_.top_up_bps)) {  // broke, and no top-up: gone
        buyer.churned = true;
        ++today_.churned_buyers;
        return;
      }
      commit(ledger_.top_up(buyer.profile, scenario_.top_up_ucr, next_time(), ""));
      today_.top_ups_ucr += scenario_.top_up_ucr;
      used_at = next_time();
      use = ledger_.decide_use(buyer.profile, models_[buyer.favourite].model, tokens, used_at);
    }
    if (use.ok()) {
      const std::string& slug = models_[buyer.favourite].model.slug;
      if (keep_records_) records_.push_back(ledger_.use_record(buyer.profile, slug, use, used_at, ""));
      ledger_.commit_use(buyer.profile, slug, used_at, use);
      ++today_.calls;
      today_.tokens += tokens;
    }
  }
}

void Simulation::step(std::int64_t units) {
  if (done()) return;
  if (!day_open_) {
    today_ = {};
    clock_ms_ = (scenario_.start_day + day_) * kDayMs;
    commands_today_ = 0;
    next_time();  // the day's due events first
    arrivals_today_ = day_ == 0 ? scenario_.buyers : scenario_.arrivals_per_day;
    arrived_today_ = 0;
    next_buyer_ = 0;
    day_open_ = true;
  }
  for (; units > 0; --units) {
    if (arrived_today_ < arrivals_today_) {  // arrivals, then every buyer's day (today's new ones too)
      arrive(arrived_++);
      ++arrived_today_;
    } else if (next_buyer_ < buyers_.size()) {
      if (!buyers_[next_buyer_].churned) act(buyers_[next_buyer_], static_cast<std::int64_t>(next_buyer_));
      ++next_buyer_;
    } else {
      close_day();
      ++day_;
      day_open_ = false;
      return;
    }
  }
}

void Simulation::run_day() {
  for (const std::int64_t day = day_; !done() && day_ == day;) step(INT64_MAX);
}

double Simulation::progress() const {
  if (scenario_.days == 0) return 1;
  double within = 0;
  if (day_open_) {
    const double work = static_cast<double>(arrivals_today_) + static_cast<double>(buyers_.size()) + 1;
    within = (static_cast<double>(arrived_today_) + static_cast<double>(next_buyer_)) / work;
  }
  return (static_cast<double>(day_) + within) / static_cast<double>(scenario_.days);
}

std::int64_t expected_calls(const Scenario& s) {
  const std::int64_t buyer_days = s.buyers * s.days + s.arrivals_per_day * s.days * (s.days - 1) / 2;
  return buyer_days * s.calls_per_day * s.active_bps / 10'000;
}

void Simulation::close_day() {
  settle((scenario_.start_day + day_ + 1) * kDayMs - 1);  // what falls due later today, today
  Micros owner = 0, calls = 0, bundles = 0, subs = 0;
  for (const std::string& o : owners_) {
    owner += ledger_.balance(revenue_account(o));
    const RevenueBySource by = ledger_.revenue_by_source(revenue_account(o));
    calls += by.calls_ucr;
    bundles += by.bundles_ucr;
    subs += by.subscriptions_ucr;
  }
  const Micros platform = ledger_.balance(kPlatformFeesAccount) + ledger_.balance(kPlatformPlansAccount);
  const Micros loyalty = ledger_.balance(kLoyaltyAccount);  // cashback paid: below zero
  std::vector<Micros> wallets;
  for (const Buyer& b : buyers_)
    if (!b.churned) wallets.push_back(ledger_.balance(wallet_account(b.profile)));
  std::sort(wallets.begin(), wallets.end());
  Micros sum = 0;
  for (Micros w : wallets) sum += w;
  auto at = [&](std::size_t pct) { return wallets.empty() ? 0 : wallets[(wallets.size() - 1) * pct / 100]; };
  const std::map<std::string, std::int64_t> counted = {
      {"calls", today_.calls},           {"tokens", today_.tokens},
      {"active_buyers", today_.active_buyers}, {"new_buyers", today_.new_buyers},
      {"churned_buyers", today_.churned_buyers}, {"refused_insufficient", today_.refused_insufficient},
      {"top_ups_ucr", today_.top_ups_ucr}, {"renewals", today_.renewals},
      {"expiries", today_.expiries},     {"bundles_bought", today_.bundles_bought},
      {"subscriptions", today_.subscriptions}};
  for (const char* name : kSeries) {
    const std::string key = name;
    std::int64_t value = counted.count(key) ? counted.at(key) : 0;
    if (key == "buyer_spend_ucr") value = (owner - last_owner_) + (platform - last_platform_) + (loyalty - last_loyalty_);
    if (key == "owner_calls_ucr") value = calls - last_calls_;
    if (key == "owner_bundles_ucr") value = bundles - last_bundles_;
    if (key == "owner_subscriptions_ucr") value = subs - last_subs_;
    if (key == "platform_revenue_ucr") value = (platform - last_platform_) + (loyalty - last_loyalty_);
    if (key == "loyalty_cashback_ucr") value = last_loyalty_ - loyalty;
    if (key == "wallet_avg_ucr") value = wallets.empty() ? 0 : sum / static_cast<Micros>(wallets.size());
    if (key == "wallet_p10_ucr") value = at(10);
    if (key == "wallet_p50_ucr") value = at(50);
    if (key == "wallet_p90_ucr") value = at(90);
    series_[key].push_back(value);
  }
  last_owner_ = owner, last_platform_ = platform, last_loyalty_ = loyalty;
  last_calls_ = calls, last_bundles_ = bundles, last_subs_ = subs;
}

SimulationResult Simulation::result() const {
  SimulationResult out;
  out.days = day_;
  out.series = series_;
  auto total = [&](const char* name) {
    std::int64_t sum = 0;
    for (std::int64_t v : series_.at(name)) sum += v;
    return sum;
  };
  out.totals = {{"calls", total("calls")},
                {"tokens", total("tokens")},
                {"buyer_spend_ucr", total("buyer_spend_ucr")},
                {"owner_revenue_ucr", last_owner_},
                {"owner_calls_ucr", last_calls_},
                {"owner_bundles_ucr", last_bundles_},
                {"owner_subscriptions_ucr", last_subs_},
                {"platform_revenue_ucr", last_platform_ + last_loyalty_},
                {"loyalty_cashback_ucr", -last_loyalty_},
                {"buyers", static_cast<std::int64_t>(buyers_.size())},
                {"buyers_churned", total("churned_buyers")},
                {"refused_insufficient", total("refused_insufficient")},
                {"top_ups_ucr", total("top_ups_ucr")},
                {"renewals", total("renewals")},
                {"expiries", total("expiries")}};
  out.models = json::array();
  for (const Listed& listed : models_) {
    const ModelActivity* activity = ledger_.model_activity(listed.model.slug);
    out.models.push_back({{"slug", listed.model.slug},
                          {"name", listed.model.name},
                          {"calls", activity ? activity->calls : 0},
                          {"tokens", activity ? activity->tokens : 0},
                          {"owner_revenue_ucr", activity ? activity->revenue_ucr : 0}});
  }
  out.fingerprint = sha256_hex(json({{"scenario", scenario_json(scenario_)}, {"days", out.days}, {"series", out.series},
                                     {"totals", out.totals}, {"models", out.models}})
                                   .dump());
  return out;
}

json SimulationResult::to_json() const {
  return {{"fingerprint", fingerprint}, {"days", days}, {"totals", totals}, {"series", series}, {"models", models}};
}

SimulationResult simulate(const Scenario& scenario, const std::vector<Model>& catalog) {
  Simulation run(scenario, catalog);
  while (!run.done()) run.run_day();
  return run.result();
}

const std::vector<ScenarioPreset>& scenario_presets() {
  static const std::vector<ScenarioPreset> presets = {
      {"Pay as you go", {{"seed", 42}, {"days", 90}, {"buyers", 500}, {"arrivals_per_day", 5}}},
      {"Graduated discounts",
       {{"seed", 42},
        {"days", 90},
        {"buyers", 500},
        {"arrivals_per_day", 5},
        {"charge_model",
         {{"type", "graduated"},
          {"ranges",
           {{{"from_tokens", 0}, {"to_tokens", 20'000}, {"per_1k_ucr", 4000}, {"flat_ucr", 0}},
            {{"from_tokens", 20'001}, {"to_tokens", 100'000}, {"per_1k_ucr", 2500}, {"flat_ucr", 0}},
            {{"from_tokens", 100'001}, {"to_tokens", nullptr}, {"per_1k_ucr", 1500}, {"flat_ucr", 0}}}}}}}},
      {"Bundles",
       {{"seed", 42},
        {"days", 90},
        {"buyers", 500},
        {"arrivals_per_day", 5},
        {"bundle", {{"tokens", 50'000}, {"price_ucr", 80'000}, {"valid_days", 30}}}}},
      {"Subscription with overage",
       {{"seed", 42},
        {"days", 90},
        {"buyers", 500},
        {"arrivals_per_day", 5},
        {"plan", {{"name", "Pro"}, {"fee_ucr", 150'000}, {"included_tokens", 60'000}, {"overage_discount_bps", 2000}, {"trial_days", 7}}}}},
      {"Loyalty cashback",
       {{"seed", 42},
        {"days", 90},
        {"buyers", 500},
        {"arrivals_per_day", 5},
        {"policy",
         {{"loyalty", {{{"min_spend_ucr", 200'000}, {"cashback_bps", 300}}, {{"min_spend_ucr", 1'000'000}, {"cashback_bps", 800}}}}}}}},
  };
  return presets;
}

json compare_results(const SimulationResult& a, const SimulationResult& b) {
  // Over the days both ran (a 20-day A against a 90-day B compares their first 20 days).
  const std::int64_t days = std::min(a.days, b.days);
  auto sum = [&](const SimulationResult& r, const std::string& name) {
    std::int64_t total = 0;
    const std::vector<std::int64_t>& values = r.series.at(name);
    for (std::int64_t d = 0; d < days && d < static_cast<std::int64_t>(values.size()); ++d) total += values[static_cast<std::size_t>(d)];
    return total;
  };
  auto last = [&](const SimulationResult& r, const std::string& name) {
    const std::vector<std::int64_t>& values = r.series.at(name);
    return days > 0 && static_cast<std::int64_t>(values.size()) >= days ? values[static_cast<std::size_t>(days - 1)] : 0;
  };
  auto change_bps = [](std::int64_t from, std::int64_t to) -> json {
    if (from == 0) return to == 0 ? json(0) : json(nullptr);
    const std::int64_t delta = to - from, base = from < 0 ? -from : from;  // (|values| < 2^62: no overflow)
    if (delta > -900'000'000'000'000 && delta < 900'000'000'000'000) return delta * 10'000 / base;
    return delta / std::max<std::int64_t>(1, base / 10'000);
  };
  json changes = json::object();
  for (const auto& [name, values] : a.series)
    if (b.series.count(name)) changes[name] = name.rfind("wallet_", 0) == 0 || name == "active_buyers"
                                                  ? change_bps(last(a, name), last(b, name))
                                                  : change_bps(sum(a, name), sum(b, name));
  auto owners = [&](const SimulationResult& r) {
    return sum(r, "owner_calls_ucr") + sum(r, "owner_bundles_ucr") + sum(r, "owner_subscriptions_ucr");
  };
  const json owner = change_bps(owners(a), owners(b));
  const json platform = change_bps(sum(a, "platform_revenue_ucr"), sum(b, "platform_revenue_ucr"));
  const json buyers = change_bps(last(a, "active_buyers"), last(b, "active_buyers"));
  changes["owner_revenue_ucr"] = owner;
  auto percent = [](const json& bps, const std::string& more, const std::string& fewer) {
    if (!bps.is_number_integer()) return "more (from nothing)" + (more.empty() ? "" : " " + more);
    const std::int64_t v = bps.get<std::int64_t>();
    const std::string word = v >= 0 ? more : fewer;
    const std::string sign = word.empty() ? (v >= 0 ? "+" : "-") : "";  // "+18%", or "7% fewer buyers"
    return sign + std::to_string((v < 0 ? -v : v) / 100) + "%" + (word.empty() ? "" : " " + word);
  };
  const std::string sentence = "B earns owners " + percent(owner, "", "") + " and the platform " + percent(platform, "", "") +
                               ", with " + percent(buyers, "more active buyers", "fewer active buyers") + " by day " +
                               std::to_string(days) + ".";
  return {{"days", days}, {"change_bps", changes}, {"active_buyers_change_bps", buyers}, {"summary", sentence}};
}

}  // namespace mm::core
