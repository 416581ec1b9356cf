// The ledger's billing plans: charge models on listings, token bundles, subscriptions, loyalty cashback on
// calls, and the events that fall due (renewals, expiries). Same rules as ledger.cpp: each operation derives
// its record from the current state and its own inputs, and replay derives it again the same way.
//
// [SECTION] Sharing an amount between owner and platform
// [SECTION] Operations (public: sealed)
// [SECTION] Charge models, bundles, plans
// [SECTION] Calls billed through plans
// [SECTION] Due events
// [SECTION] Applying billing records
// [SECTION] Queries and snapshots
#include <algorithm>

#include "core/calendar.h"
#include "core/ledger.h"

namespace mm::core {

using nlohmann::json;

// --- [SECTION] Sharing an amount between owner and platform ----------------------------------------------

namespace {

// The platform's fee on `amount` rounded down, and the owner's rest; a credit back (below zero) is shared
// the same way with the signs turned, so refunding a charge gives back what each side took from it.
CallPrice share(Micros amount, std::int32_t fee_bps) {
  CallPrice out;
  out.cost_ucr = amount;
  out.platform_ucr = amount >= 0 ? platform_fee(amount, fee_bps) : -platform_fee(-amount, fee_bps);
  out.owner_ucr = amount - out.platform_ucr;
  return out;
}

// Postings that move `amount` from `wallet` to an owner's revenue and the platform's fees (zero parts left out).
std::vector<Posting> sale_postings(const std::string& wallet, const std::string& revenue, const CallPrice& sale) {
  std::vector<Posting> postings;
  if (sale.cost_ucr != 0) postings.push_back({wallet, -sale.cost_ucr});
  if (sale.owner_ucr != 0) postings.push_back({revenue, sale.owner_ucr});
  if (sale.platform_ucr != 0) postings.push_back({kPlatformFeesAccount, sale.platform_ucr});
  return postings;
}

// A plan's fee: an owner's plan pays the owner (less the platform's fee), a platform plan pays platform:plans.
std::vector<Posting> plan_fee_postings(const std::string& wallet, const PlanOffer& plan, Micros fee, std::int32_t fee_bps) {
  if (plan.platform) return sale_postings(wallet, kPlatformPlansAccount, CallPrice{fee, 0, fee});
  return sale_postings(wallet, revenue_account(plan.offered_by), share(fee, fee_bps));
}

// Adds `amount` to the posting on `account`, or a new posting for it.
void post(std::vector<Posting>& postings, const std::string& account, Micros amount) {
  if (amount == 0) return;
  for (Posting& p : postings)
    if (p.account == account) {
      p.amount_ucr += amount;
      return;
    }
  postings.push_back({account, amount});
}

Outcome with_fields(Outcome out, const std::map<std::string, std::string>& fields) {
  out.data = {{"fields", fields}};
  return out;
}

std::string first_problem(const std::map<std::string, std::string>& fields) {
  return fields.begin()->second + (fields.size() > 1 ? " (and " + std::to_string(fields.size() - 1) + " more field(s) to fix)" : "");
}

}  // namespace

const char* status_name(Subscription::Status status) {
  switch (status) {
    case Subscription::Status::Trialing: return "trialing";
    case Subscription::Status::Active: return "active";
    case Subscription::Status::PastDue: return "past_due";
    case Subscription::Status::Ended: return "ended";
  }
  return "";
}

// --- [SECTION] Operations (public: sealed) ----------------------------------------------------------------

Outcome Ledger::set_charge_model(const std::string& profile_id, const std::string& slug, const json& model,
                                 std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_charge(profile_id, slug, model, time_ms, cmd_id));
}
Outcome Ledger::offer_bundle(const std::string& profile_id, const std::string& slug, const json& terms,
                             std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_bundle_offer(profile_id, slug, terms, time_ms, cmd_id));
}
Outcome Ledger::buy_bundle(const std::string& profile_id, const std::string& bundle_id, std::int64_t time_ms,
                           const std::string& cmd_id) const {
  return sealed(derive_bundle_buy(profile_id, bundle_id, time_ms, cmd_id));
}
Outcome Ledger::offer_plan(const std::string& profile_id, const json& terms, std::int64_t time_ms,
                           const std::string& cmd_id) const {
  return sealed(derive_plan_offer(profile_id, terms, time_ms, cmd_id));
}
Outcome Ledger::subscribe(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                          const std::string& cmd_id) const {
  return sealed(derive_subscribe(profile_id, plan_id, time_ms, cmd_id));
}
Outcome Ledger::cancel_subscription(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                                    const std::string& cmd_id) const {
  return sealed(derive_cancel(profile_id, plan_id, time_ms, cmd_id));
}

Outcome Ledger::due_event(std::int64_t now_ms) const {
  const std::optional<std::int64_t> due = next_due_ms();
  if (!due || *due > now_ms) return Outcome{};
  return sealed(derive_due_event());
}

Outcome Ledger::quote_use(const std::string& profile_id, const Model& model, std::int64_t tokens,
                          std::int64_t time_ms) const {
  return derive_use(profile_id, model.slug, find_model(model.slug), std::nullopt, tokens, time_ms, "");
}

// --- [SECTION] Charge models, bundles, plans --------------------------------------------------------------

Outcome Ledger::derive_charge(const std::string& profile_id, const std::string& slug, const json& model_json,
                              std::int64_t time_ms, const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to change how a model is priced.");
  const Model* mine = listing(slug);
  if (!mine || mine->owner_profile != profile_id)
    return refuse("not_owner", "Only the profile that listed \"" + slug + "\" can change how it is priced.");
  const ParsedChargeModel parsed = parse_charge_model(model_json);
  if (!parsed.model)
    return with_fields(refuse("invalid_charge_model", "The charge model was not changed: " + first_problem(parsed.errors)),
                       parsed.errors);
  Outcome out;
  out.record = make_record("charge", {{"profile", profile_id}, {"slug", slug}, {"charge_model", parsed.model->to_json()}},
                           {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_bundle_offer(const std::string& profile_id, const std::string& slug, const json& terms,
                                    std::int64_t time_ms, const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to offer bundles.");
  const Model* mine = listing(slug);
  if (!mine || mine->owner_profile != profile_id)
    return refuse("not_owner", "Only the profile that listed \"" + slug + "\" can offer bundles for it.");
  BundleOffer offer;
  if (const OfferErrors errors = read_bundle_offer(terms, offer); !errors.empty())
    return with_fields(refuse("invalid_bundle", "The bundle was not offered: " + first_problem(errors)), errors);
  offer.slug = slug;
  json data = bundle_terms(offer);
  data["profile"] = profile_id;
  data["bundle_id"] = "bundle-" + std::to_string(bundle_offers_.size() + 1);
  Outcome out;
  out.record = make_record("bundle_offer", std::move(data), {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_bundle_buy(const std::string& profile_id, const std::string& bundle_id, std::int64_t time_ms,
                                  const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to buy bundles.");
  const BundleOffer* offer = bundle_offer(bundle_id);
  if (!offer) return refuse("unknown_bundle", "There is no bundle offer \"" + bundle_id + "\".");
  const Model* model = find_model(offer->slug);
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || !mine->owned.count(offer->slug))
    return refuse("not_owned", "Unlock " + (model ? model->name : offer->slug) + " (free) before buying tokens for it.");
  const Micros balance_now = balance(wallet_account(profile_id));
  if (offer->price_ucr > balance_now)
    return refuse("insufficient_credits", "Not enough credits: this bundle costs " + format_ucr(offer->price_ucr) +
                                              " and your balance is " + format_ucr(balance_now) + ".");
  const CallPrice sale = share(offer->price_ucr, pricing_.platform_fee_bps);
  json data = bundle_terms(*offer);
  data.erase("valid_days");
  data["profile"] = profile_id;
  data["bundle_id"] = bundle_id;
  data["purchase"] = "purchase-" + std::to_string(bundle_purchases_ + 1);
  data["expires_ms"] = time_ms + offer->valid_days * kDayMs;
  data["balance_ucr"] = balance_now - offer->price_ucr;
  Outcome out;
  out.record = make_record("bundle_buy", std::move(data),
                           sale_postings(wallet_account(profile_id), revenue_account(offer->offered_by), sale), time_ms,
                           cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_plan_offer(const std::string& profile_id, const json& terms, std::int64_t time_ms,
                                  const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to offer a plan.");
  PlanOffer offer;
  OfferErrors errors = read_plan_offer(terms, offer);
  for (const std::string& slug : offer.models) {
    const Model* model = offer.platform ? find_model(slug) : listing(slug);
    if (!model || (!offer.platform && model->owner_profile != profile_id)) {
      errors["models"] = "\"" + slug + (offer.platform ? "\" is not a model on the marketplace." : "\" is not one of your listed models.");
      break;
    }
  }
  if (!errors.empty()) return with_fields(refuse("invalid_plan", "The plan was not offered: " + first_problem(errors)), errors);
  json data = plan_terms(offer);
  data["profile"] = profile_id;
  data["plan_id"] = "plan-" + std::to_string(plan_offers_.size() + 1);
  Outcome out;
  out.record = make_record("plan_offer", std::move(data), {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_subscribe(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                                 const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to subscribe.");
  const PlanOffer* plan = plan_offer(plan_id);
  if (!plan) return refuse("unknown_plan", "There is no plan \"" + plan_id + "\".");
  const ProfileActivity* mine = activity(profile_id);
  const Subscription* earlier = nullptr;
  if (mine) {
    const auto it = mine->subscriptions.find(plan_id);
    if (it != mine->subscriptions.end()) earlier = &it->second;
  }
  if (earlier && earlier->usable())
    return refuse("already_subscribed", "You are already subscribed to " + plan->name + ".");
  // A trial once per buyer and plan; a past-due subscription is paid now and starts a new period.
  const bool trial = plan->trial_days > 0 && !earlier;
  const Micros balance_now = balance(wallet_account(profile_id));
  const Micros fee = trial ? 0 : plan->fee_ucr;
  if (fee > balance_now)
    return refuse("insufficient_credits", "Not enough credits: the first month of " + plan->name + " costs " +
                                              format_ucr(fee) + " and your balance is " + format_ucr(balance_now) + ".");
  const std::int64_t period_end = trial ? time_ms + plan->trial_days * kDayMs : add_utc_months(time_ms, 1);
  Outcome out;
  out.record = make_record("subscribe",
                           {{"profile", profile_id},
                            {"plan_id", plan_id},
                            {"trial", trial},
                            {"fee_ucr", fee},
                            {"period_end_ms", period_end},
                            {"balance_ucr", balance_now - fee}},
                           plan_fee_postings(wallet_account(profile_id), *plan, fee, pricing_.platform_fee_bps), time_ms,
                           cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_cancel(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                              const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to cancel a subscription.");
  const PlanOffer* plan = plan_offer(plan_id);
  if (!plan) return refuse("unknown_plan", "There is no plan \"" + plan_id + "\".");
  const ProfileActivity* mine = activity(profile_id);
  const auto it = mine ? mine->subscriptions.find(plan_id) : std::map<std::string, Subscription>::const_iterator();
  if (!mine || it == mine->subscriptions.end() || it->second.status == Subscription::Status::Ended)
    return refuse("not_subscribed", "You are not subscribed to " + plan->name + ".");
  const Subscription& sub = it->second;
  if (sub.cancel_at_period_end) {
    Outcome out;  // already cancelled: nothing more to record
    out.data = {{"plan_id", plan_id}, {"ends_ms", sub.period_end_ms}, {"already_cancelled", true}};
    return out;
  }
  // A past-due subscription has nothing paid left to run: it ends now. Otherwise at the period's end.
  const std::int64_t ends = sub.status == Subscription::Status::PastDue ? time_ms : sub.period_end_ms;
  Outcome out;
  out.record = make_record("cancel", {{"profile", profile_id}, {"plan_id", plan_id}, {"ends_ms", ends}}, {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

// --- [SECTION] Calls billed through plans -----------------------------------------------------------------

bool Ledger::has_usable_bundle(const std::string& profile_id, const std::string& slug, std::int64_t time_ms) const {
  const ProfileActivity* mine = activity(profile_id);
  if (!mine) return false;
  return std::any_of(mine->bundles.begin(), mine->bundles.end(), [&](const HeldBundle& held) {
    return held.slug == slug && held.tokens_left > 0 && time_ms < held.expires_ms;
  });
}

std::optional<AllowanceHolding> Ledger::allowance_for(const std::string& profile_id, const Model& model,
                                                      std::int64_t time_ms) const {
  const ProfileActivity* mine = activity(profile_id);
  if (!mine) return std::nullopt;
  // The first covering subscription (by plan id) with tokens left; else the covering one with the best discount.
  std::optional<AllowanceHolding> best;
  for (const auto& [plan_id, sub] : mine->subscriptions) {
    const PlanOffer* plan = plan_offer(plan_id);
    if (!plan || !sub.usable() || time_ms >= sub.period_end_ms || !plan->covers(model.slug, model.owner_profile)) continue;
    const AllowanceHolding holding{plan_id, sub.tokens_left, plan->overage_discount_bps};
    if (holding.tokens_left > 0) return holding;
    if (!best || holding.overage_discount_bps > best->overage_discount_bps) best = holding;
  }
  return best;
}

UseDecision Ledger::decide_planned_use(const std::string& profile_id, const Model& model, const ChargeModel& charge,
                                       std::int64_t tokens, std::int64_t time_ms) const {
  const ProfileActivity& mine = *activity(profile_id);
  std::vector<BundleHolding> bundles;
  for (const HeldBundle& held : mine.bundles)
    if (held.slug == model.slug && held.tokens_left > 0 && time_ms < held.expires_ms)
      bundles.push_back({held.purchase_id, held.tokens_left, held.expires_ms});
  const std::optional<AllowanceHolding> allowance = allowance_for(profile_id, model, time_ms);
  // This month's wallet tokens on the model (since its charge model last changed).
  std::int64_t month_before = 0;
  Micros paid_before = 0;
  if (const auto it = mine.month_tokens.find(model.slug);
      it != mine.month_tokens.end() && it->second.month == utc_month_index(time_ms)) {
    month_before = it->second.tokens;
    paid_before = it->second.paid_ucr;
  }
  std::optional<CallSplit> split = split_call(charge, tokens, time_ms, month_before, bundles, allowance);
  if (!split) return UseDecision::refused("invalid_tokens", "This many tokens cannot be priced.");
  // A true-up never credits back more than the wallet paid for the month's tokens (a discount may have
  // lowered what was paid).
  if (split->wallet_ucr < -paid_before) split->wallet_ucr = split->parts.back().cost_ucr = -paid_before;
  // The policy's minimum charge is per pay-as-you-go call at a standard price (charge models set their own).
  if (charge.type == ChargeModel::Type::Standard && split->wallet_ucr > 0 && split->wallet_ucr < pricing_.min_charge_ucr)
    split->wallet_ucr = split->parts.back().cost_ucr = pricing_.min_charge_ucr;
  const Micros cost = split->wallet_ucr;
  const std::string wallet = wallet_account(profile_id);
  const Micros balance_now = balance(wallet);
  if (cost > balance_now)
    return UseDecision::refused("insufficient_credits", "Not enough credits: this call costs " + format_ucr(cost) +
                                                            " and your balance is " + format_ucr(balance_now) + ".");
  UseDecision out;
  out.decided_at_seq = last_seq_;
  out.cashback_ucr = pricing_.loyalty.empty()
                         ? 0
                         : cashback(cost, loyalty_standing(pricing_.loyalty, trailing_spend(profile_id, time_ms)).cashback_bps);
  out.tokens = tokens;
  out.price_per_1k_ucr = model.price_per_1k_ucr;
  out.cost_ucr = cost;
  out.balance_ucr = balance_now - cost + out.cashback_ucr;
  out.planned = true;
  if (charge.type != ChargeModel::Type::Standard) {
    out.charged_by = type_name(charge.type);  // the model's own charge model (the listing's, or the catalog's)
    out.month_tokens = month_before;
  }
  out.true_up_ucr = split->true_up_ucr;
  const std::string revenue = revenue_account_of(model);
  out.postings = sale_postings(wallet, revenue, share(cost, pricing_.platform_fee_bps));
  // Included tokens of a platform plan: the platform pays the owner the model's list price for them, up to
  // the plan's payout rate (less its fee) — not for an owner's own calls, which would pay the owner out of the
  // platform for using their own model.
  for (const BilledPart& part : split->parts) {
    const PlanOffer* plan = part.source == "subscription" ? plan_offer(part.id) : nullptr;
    if (!plan || !plan->platform || model.owner_profile == profile_id) continue;
    const Micros payout = call_cost(part.tokens, std::min(model.price_per_1k_ucr, plan->payout_per_1k_ucr)).value_or(0);
    if (payout == 0) continue;
    const CallPrice paid = share(payout, pricing_.platform_fee_bps);
    out.platform_payout_ucr = payout;
    post(out.postings, kPlatformPlansAccount, -payout);
    post(out.postings, revenue, paid.owner_ucr);
    post(out.postings, kPlatformFeesAccount, paid.platform_ucr);
  }
  if (out.cashback_ucr > 0) {
    out.postings.push_back({kLoyaltyAccount, -out.cashback_ucr});
    out.postings.push_back({wallet, out.cashback_ucr});
  }
  out.parts = std::move(split->parts);
  return out;
}

// --- [SECTION] Due events ---------------------------------------------------------------------------------

std::optional<std::int64_t> Ledger::next_due_ms() const {
  if (due_.empty()) return std::nullopt;
  return std::get<0>(*due_.begin());
}

void Ledger::schedule(std::int64_t due_ms, const std::string& profile_id, const std::string& kind, const std::string& key) {
  due_.emplace(due_ms, profile_id, kind, key);
}

Outcome Ledger::derive_due_event() const {
  if (due_.empty()) return refuse("not_due", "No event is due.");
  // (Plain references, not structured bindings: a lambda below captures one, which clang 14 refuses.)
  const std::int64_t due_ms = std::get<0>(*due_.begin());
  const std::string &profile_id = std::get<1>(*due_.begin()), &kind = std::get<2>(*due_.begin()),
                    &key = std::get<3>(*due_.begin());
  const ProfileActivity& mine = *activity(profile_id);
  Outcome out;
  if (kind == "expire") {
    const auto held = std::find_if(mine.bundles.begin(), mine.bundles.end(),
                                   [&](const HeldBundle& b) { return b.purchase_id == key; });
    out.record = make_record("expire",
                             {{"profile", profile_id}, {"purchase", key}, {"slug", held->slug}, {"tokens", held->tokens_left}},
                             {}, due_ms, "");
  } else {
    const Subscription& sub = mine.subscriptions.at(key);
    const PlanOffer& plan = *plan_offer(key);
    const Micros balance_now = balance(wallet_account(profile_id));
    // A trial's end starts the first paid period; later periods count from that start.
    const std::int64_t anchor = sub.status == Subscription::Status::Trialing ? due_ms : sub.anchor_ms;
    const std::int64_t periods = sub.status == Subscription::Status::Trialing ? 0 : sub.periods;
    std::string result = "renewed";
    if (sub.cancel_at_period_end) result = "ended";
    else if (plan.fee_ucr > balance_now) result = "past_due";
    const Micros fee = result == "renewed" ? plan.fee_ucr : 0;
    json data = {{"profile", profile_id},
                 {"plan_id", key},
                 {"result", result},
                 {"fee_ucr", fee},
                 {"balance_ucr", balance_now - fee}};
    if (result != "ended") data["period_end_ms"] = add_utc_months(anchor, periods + 1);
    out.record = make_record("renew", std::move(data),
                             plan_fee_postings(wallet_account(profile_id), plan, fee, pricing_.platform_fee_bps), due_ms, "");
  }
  out.data = result_of(*out.record);
  return out;
}

// --- [SECTION] Applying billing records -------------------------------------------------------------------

void Ledger::forget_month_tokens(const std::string& slug) {
  for (auto& [id, activity] : activity_) activity.month_tokens.erase(slug);
}

void Ledger::note_spend(ProfileActivity& mine, std::int64_t time_ms, Micros amount) {
  if (amount == 0) return;
  auto& log = mine.spend_by_day;
  const std::int32_t day = log.empty() ? day_of(time_ms) : std::max(day_of(time_ms), log.back().first);
  if (!log.empty() && log.back().first == day) log.back().second += amount;
  else log.emplace_back(day, (log.empty() ? 0 : log.back().second) + amount);
}

void Ledger::apply_billing_effects(const JournalRecord& r) {
  const json& d = r.data;
  const std::string profile_id = d.at("profile").get<std::string>();
  ProfileActivity& mine = activity_[profile_id];
  auto owner_share = [&]() {
    Micros owner = 0;
    for (const Posting& p : r.postings)
      if (p.account.rfind("revenue:", 0) == 0) owner += p.amount_ucr;
    return owner;
  };
  auto revenue_of = [&](const std::string& owner) -> RevenueBySource& { return revenue_sources_[revenue_account(owner)]; };
  if (r.kind == "charge") {
    Model& model = listings_[listing_index_.at(d.at("slug").get<std::string>())];
    const ChargeModel charge = *parse_charge_model(d.at("charge_model")).model;
    model.charge_model = charge.type == ChargeModel::Type::Standard ? std::nullopt : std::optional<ChargeModel>(charge);
    model.price_per_1k_ucr = first_rate_per_1k_ucr(charge);
    ++listings_version_;
    forget_month_tokens(model.slug);
  } else if (r.kind == "bundle_offer") {
    BundleOffer offer;
    read_bundle_offer(d, offer);
    offer.id = d.at("bundle_id").get<std::string>();
    offer.slug = d.at("slug").get<std::string>();
    offer.offered_by = profile_id;
    bundle_offers_.push_back(std::move(offer));
  } else if (r.kind == "plan_offer") {
    PlanOffer offer;
    read_plan_offer(d, offer);
    offer.id = d.at("plan_id").get<std::string>();
    offer.offered_by = profile_id;
    plan_offers_.push_back(std::move(offer));
  } else if (r.kind == "bundle_buy") {
    const BundleOffer& offer = *bundle_offer(d.at("bundle_id").get<std::string>());
    HeldBundle held{d.at("purchase").get<std::string>(), offer.id, offer.slug, offer.tokens, offer.tokens,
                    r.time_ms, d.at("expires_ms").get<std::int64_t>(), false};
    schedule(held.expires_ms, profile_id, "expire", held.purchase_id);
    mine.bundles.push_back(std::move(held));
    ++bundle_purchases_;
    mine.plans_spent_ucr += offer.price_ucr;
    note_spend(mine, r.time_ms, offer.price_ucr);
    revenue_of(offer.offered_by).bundles_ucr += owner_share();
  } else if (r.kind == "expire") {
    const std::string purchase = d.at("purchase").get<std::string>();
    for (HeldBundle& held : mine.bundles)
      if (held.purchase_id == purchase) {
        held.tokens_left = 0;
        held.expired = true;
      }
    due_.erase(due_.begin());
  } else if (r.kind == "subscribe" || r.kind == "renew") {
    const std::string plan_id = d.at("plan_id").get<std::string>();
    const PlanOffer& plan = *plan_offer(plan_id);
    const bool existed = mine.subscriptions.count(plan_id) > 0;
    Subscription& sub = mine.subscriptions[plan_id];
    if (r.kind == "renew") {
      due_.erase(due_.begin());
    } else {
      if (existed) due_.erase({sub.period_end_ms, profile_id, "renew", plan_id});  // a past-due one, paid again
      const bool trial = d.at("trial").get<bool>();
      sub = Subscription{plan_id, trial ? Subscription::Status::Trialing : Subscription::Status::Active, r.time_ms,
                         r.time_ms, trial ? 0 : 1, d.at("period_end_ms").get<std::int64_t>(), plan.included_tokens, false};
      schedule(sub.period_end_ms, profile_id, "renew", plan_id);
    }
    const std::string result = d.value("result", "renewed");
    if (r.kind == "renew") {
      if (result == "ended") {
        sub.status = Subscription::Status::Ended;
        sub.tokens_left = 0;
      } else {
        if (sub.status == Subscription::Status::Trialing) {
          sub.anchor_ms = r.time_ms;
          sub.periods = 0;
        }
        sub.periods += 1;
        sub.period_end_ms = d.at("period_end_ms").get<std::int64_t>();
        sub.status = result == "renewed" ? Subscription::Status::Active : Subscription::Status::PastDue;
        sub.tokens_left = result == "renewed" ? plan.included_tokens : 0;
        schedule(sub.period_end_ms, profile_id, "renew", plan_id);
      }
    }
    const Micros fee = d.at("fee_ucr").get<Micros>();
    mine.plans_spent_ucr += fee;
    note_spend(mine, r.time_ms, fee);
    if (!plan.platform) revenue_of(plan.offered_by).subscriptions_ucr += owner_share();
  } else if (r.kind == "cancel") {
    Subscription& sub = mine.subscriptions.at(d.at("plan_id").get<std::string>());
    if (sub.status == Subscription::Status::PastDue) {
      due_.erase({sub.period_end_ms, profile_id, "renew", sub.plan_id});
      sub.status = Subscription::Status::Ended;
      sub.period_end_ms = r.time_ms;
    } else {
      sub.cancel_at_period_end = true;
    }
  }
}

// --- [SECTION] Queries and snapshots ----------------------------------------------------------------------

namespace {
// Offers are numbered "<prefix><n>" in the order offered: the n-th is at n - 1.
template <typename Offer>
const Offer* numbered(const std::vector<Offer>& offers, const std::string& prefix, const std::string& id) {
  if (id.size() <= prefix.size() || id.size() > prefix.size() + 9 || id.compare(0, prefix.size(), prefix) != 0) return nullptr;
  std::size_t n = 0;
  for (std::size_t i = prefix.size(); i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return nullptr;
    n = n * 10 + static_cast<std::size_t>(id[i] - '0');
  }
  return n >= 1 && n <= offers.size() && offers[n - 1].id == id ? &offers[n - 1] : nullptr;
}
}  // namespace

const BundleOffer* Ledger::bundle_offer(const std::string& id) const { return numbered(bundle_offers_, "bundle-", id); }
const PlanOffer* Ledger::plan_offer(const std::string& id) const { return numbered(plan_offers_, "plan-", id); }

RevenueBySource Ledger::revenue_by_source(const std::string& account) const {
  const auto it = revenue_sources_.find(account);
  RevenueBySource by = it == revenue_sources_.end() ? RevenueBySource{} : it->second;
  // A revenue account is credited by calls, bundles and subscriptions only: calls are the rest.
  by.calls_ucr = balance(account) - by.bundles_ucr - by.subscriptions_ucr;
  return by;
}

Micros Ledger::trailing_spend(const std::string& profile_id, std::int64_t time_ms) const {
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || mine->spend_by_day.empty()) return 0;
  const auto& log = mine->spend_by_day;
  auto total_by = [&](std::int32_t day) {  // the running total at the end of `day`
    const auto it = std::upper_bound(log.begin(), log.end(), day, [](std::int32_t d, const auto& e) { return d < e.first; });
    return it == log.begin() ? Micros(0) : std::prev(it)->second;
  };
  const std::int32_t today = day_of(time_ms);
  return total_by(today) - total_by(today - kLoyaltyWindowDays);
}

LoyaltyStanding Ledger::loyalty(const std::string& profile_id, std::int64_t time_ms) const {
  return loyalty_standing(pricing_.loyalty, trailing_spend(profile_id, time_ms));
}

json Ledger::billing_json() const {
  json bundles = json::array(), plans = json::array(), sources = json::object(), holders = json::object();
  for (const BundleOffer& offer : bundle_offers_) {
    json item = bundle_terms(offer);
    item["id"] = offer.id;
    item["profile"] = offer.offered_by;
    bundles.push_back(std::move(item));
  }
  for (const PlanOffer& offer : plan_offers_) {
    json item = plan_terms(offer);
    item["id"] = offer.id;
    item["profile"] = offer.offered_by;
    plans.push_back(std::move(item));
  }
  for (const auto& [account, by] : revenue_sources_) sources[account] = {by.bundles_ucr, by.subscriptions_ucr};
  for (const auto& [id, mine] : activity_) {
    json held = json::array(), subs = json::object(), months = json::object();
    for (const HeldBundle& b : mine.bundles)
      held.push_back({b.purchase_id, b.bundle_id, b.slug, b.tokens, b.tokens_left, b.bought_ms, b.expires_ms, b.expired});
    for (const auto& [plan_id, sub] : mine.subscriptions)
      subs[plan_id] = {static_cast<int>(sub.status), sub.started_ms,    sub.anchor_ms,  sub.periods,
                       sub.period_end_ms,            sub.tokens_left,   sub.cancel_at_period_end};
    for (const auto& [slug, month] : mine.month_tokens) months[slug] = {month.month, month.tokens, month.paid_ucr};
    if (held.empty() && subs.empty() && months.empty() && mine.spend_by_day.empty() && mine.plans_spent_ucr == 0 &&
        mine.cashback_ucr == 0)
      continue;
    holders[id] = {{"bundles", held},           {"subscriptions", subs},          {"months", months},
                   {"spend", mine.spend_by_day}, {"plans_spent", mine.plans_spent_ucr}, {"cashback", mine.cashback_ucr}};
  }
  return {{"bundle_offers", bundles}, {"plan_offers", plans}, {"purchases", bundle_purchases_},
          {"revenue_sources", sources}, {"holders", holders}};
}

// Only called by from_json, inside its try: a missing or mistyped field throws and the snapshot is refused.
bool Ledger::billing_from_json(const json& doc) {
  for (const json& item : doc.at("bundle_offers")) {
    BundleOffer offer;
    if (!read_bundle_offer(item, offer).empty()) return false;
    offer.id = item.at("id").get<std::string>();
    offer.slug = item.at("slug").get<std::string>();
    offer.offered_by = item.at("profile").get<std::string>();
    bundle_offers_.push_back(std::move(offer));
  }
  for (const json& item : doc.at("plan_offers")) {
    PlanOffer offer;
    if (!read_plan_offer(item, offer).empty()) return false;
    offer.id = item.at("id").get<std::string>();
    offer.offered_by = item.at("profile").get<std::string>();
    plan_offers_.push_back(std::move(offer));
  }
  bundle_purchases_ = doc.at("purchases").get<std::int64_t>();
  for (const auto& [account, by] : doc.at("revenue_sources").items())
    revenue_sources_[account] = {0, by.at(0).get<Micros>(), by.at(1).get<Micros>()};
  for (const auto& [id, h] : doc.at("holders").items()) {
    ProfileActivity& mine = activity_[id];
    for (const json& b : h.at("bundles")) {
      HeldBundle held{b.at(0).get<std::string>(), b.at(1).get<std::string>(), b.at(2).get<std::string>(),
                      b.at(3).get<std::int64_t>(), b.at(4).get<std::int64_t>(), b.at(5).get<std::int64_t>(),
                      b.at(6).get<std::int64_t>(), b.at(7).get<bool>()};
      if (!held.expired) schedule(held.expires_ms, id, "expire", held.purchase_id);
      mine.bundles.push_back(std::move(held));
    }
    for (const auto& [plan_id, v] : h.at("subscriptions").items()) {
      const int status = v.at(0).get<int>();
      if (status < 0 || status > static_cast<int>(Subscription::Status::Ended) || !plan_offer(plan_id)) return false;
      Subscription sub{plan_id,
                       static_cast<Subscription::Status>(status),
                       v.at(1).get<std::int64_t>(),
                       v.at(2).get<std::int64_t>(),
                       v.at(3).get<std::int64_t>(),
                       v.at(4).get<std::int64_t>(),
                       v.at(5).get<std::int64_t>(),
                       v.at(6).get<bool>()};
      if (sub.status != Subscription::Status::Ended) schedule(sub.period_end_ms, id, "renew", plan_id);
      mine.subscriptions[plan_id] = sub;
    }
    for (const auto& [slug, v] : h.at("months").items())
      mine.month_tokens[slug] = {v.at(0).get<std::int64_t>(), v.at(1).get<std::int64_t>(), v.at(2).get<Micros>()};
    mine.spend_by_day = h.at("spend").get<std::vector<std::pair<std::int32_t, Micros>>>();
    mine.plans_spent_ucr = h.at("plans_spent").get<Micros>();
    mine.cashback_ucr = h.at("cashback").get<Micros>();
  }
  return true;
}

}  // namespace mm::core
