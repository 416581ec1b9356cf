#include "core/ledger.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/calendar.h"
#include "core/magic_link.h"
#include "core/sha256.h"

namespace mm::core {

using nlohmann::json;

std::string wallet_account(const std::string& profile_id) { return "wallet:" + profile_id; }
std::string revenue_account(const std::string& owner) { return "revenue:" + owner; }

std::string revenue_account_of(const Model& model) {
  return revenue_account(model.owner_profile.empty() ? model.owner : model.owner_profile);
}

namespace {

json listing_json(const Model& m) {
  json out = {{"slug", m.slug},         {"name", m.name},
              {"category", m.category}, {"tags", m.tags},
              {"price_per_1k_ucr", m.price_per_1k_ucr}, {"latency_ms", m.latency_ms},
              {"description", m.description}};
  // Only when set: listings made before separate prices keep the record they always had.
  if (m.input_per_1k_ucr > 0) out["input_per_1k_ucr"] = m.input_per_1k_ucr;
  if (m.output_per_1k_ucr > 0) out["output_per_1k_ucr"] = m.output_per_1k_ucr;
  return out;
}

// The fields a "list" record (or a snapshot's listing) carries, as a draft to check again on replay.
// Whether `doc` holds a number that is not a whole number anywhere: the ledger writes none, and reading one
// as an integer is undefined behaviour when it is out of range (the fuzzer found a latency of 1e40).
bool has_fraction(const json& doc) {
  if (doc.is_number_float()) return true;
  if (doc.is_structured())
    for (const json& item : doc)
      if (has_fraction(item)) return true;
  return false;
}

std::optional<ListingDraft> listing_draft(const json& d) {
  if (has_fraction(d)) return std::nullopt;
  try {
    ListingDraft draft;
    draft.name = d.at("name").get<std::string>();
    draft.slug = d.at("slug").get<std::string>();
    draft.category = d.at("category").get<std::string>();
    draft.tags = d.at("tags").get<std::vector<std::string>>();
    draft.price_per_1k_ucr = d.at("price_per_1k_ucr").get<Micros>();
    draft.latency_ms = d.at("latency_ms").get<std::int64_t>();
    draft.description = d.at("description").get<std::string>();
    draft.input_per_1k_ucr = d.value("input_per_1k_ucr", Micros(0));
    draft.output_per_1k_ucr = d.value("output_per_1k_ucr", Micros(0));
    return draft;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

Model listed_model(const ListingDraft& draft, const Profile& owner, std::int64_t time_ms) {
  Model m;
  m.slug = draft.slug;
  m.name = draft.name;
  m.owner = owner.name.empty() ? owner.email : owner.name;
  m.owner_profile = owner.id;
  m.category = draft.category;
  m.tags = draft.tags;
  m.price_per_1k_ucr = draft.price_per_1k_ucr;
  m.input_per_1k_ucr = draft.input_per_1k_ucr;
  m.output_per_1k_ucr = draft.output_per_1k_ucr;
  m.latency_ms = static_cast<std::int32_t>(draft.latency_ms);
  m.description = draft.description;
  m.created_day = day_of(time_ms);
  return m;  // no baseline: a new listing starts with no popularity and no rating
}

}  // namespace

std::string Ledger::profile_id_for(const std::string& email) {
  std::string lower = email;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return "p-" + sha256_hex(lower).substr(0, 16);
}

Outcome Ledger::refuse(std::string error, std::string message) const {
  Outcome out;
  out.error = std::move(error);
  out.message = std::move(message);
  return out;
}

JournalRecord Ledger::make_record(std::string kind, json data, std::vector<Posting> postings, std::int64_t time_ms,
                                  const std::string& cmd_id) const {
  JournalRecord r;
  r.time_ms = time_ms;
  r.cmd_id = cmd_id;
  r.kind = std::move(kind);
  r.data = std::move(data);
  r.postings = std::move(postings);
  return r;
}

Outcome Ledger::sealed(Outcome outcome) const {
  if (outcome.record) chain(*outcome.record);
  return outcome;
}

void Ledger::chain(JournalRecord& record) const {
  record.seq = last_seq_ + 1;
  if (policy_.simulated) return;  // no journal: nothing to chain (the simulator applies what it derived)
  record.prev_hash = last_hash_;
  record.hash = record.compute_hash();
}

const Model* Ledger::find_model(const std::string& slug) const {
  if (policy_.builtin_models) {
    const auto it = policy_.builtin_models->find(slug);
    if (it != policy_.builtin_models->end()) return &it->second;
  }
  return listing(slug);
}

std::shared_ptr<const ModelDirectory> make_directory(const std::vector<Model>& models) {
  auto directory = std::make_shared<ModelDirectory>();
  for (const Model& m : models) directory->emplace(m.slug, m);
  return directory;
}

// --- Operations (public: sealed, ready to apply) -------------------------------------------------------

Outcome Ledger::create_profile(const std::string& email, const std::string& name, const std::string& picture_url,
                               const std::string& created_with, std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_profile(email, name, picture_url, created_with, time_ms, cmd_id));
}

Outcome Ledger::unlock(const std::string& profile_id, const Model& model, std::int64_t time_ms,
                       const std::string& cmd_id) const {
  return sealed(derive_unlock(profile_id, model.slug, time_ms, cmd_id));
}

Outcome Ledger::use(const std::string& profile_id, const Model& model, std::int64_t tokens, std::int64_t time_ms,
                    const std::string& cmd_id) const {
  return sealed(derive_use(profile_id, model.slug, find_model(model.slug), std::nullopt, tokens, time_ms, cmd_id));
}

Outcome Ledger::rate(const std::string& profile_id, const Model& model, std::int64_t stars, std::int64_t time_ms,
                     const std::string& cmd_id) const {
  return sealed(derive_rate(profile_id, model.slug, stars, time_ms, cmd_id));
}

Outcome Ledger::list_model(const std::string& profile_id, ListingDraft draft, std::int64_t time_ms,
                           const std::string& cmd_id, const std::function<bool(const std::string&)>& slug_taken) const {
  return sealed(derive_list(profile_id, std::move(draft), time_ms, cmd_id, [&](const std::string& slug) {
    return (policy_.builtin_models && policy_.builtin_models->count(slug)) || slug_taken(slug);
  }));
}

Outcome Ledger::set_listing_price(const std::string& profile_id, const std::string& slug, Micros price_per_1k_ucr,
                                  std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_price(profile_id, slug, price_per_1k_ucr, time_ms, cmd_id));
}

Outcome Ledger::set_pricing(const std::string& profile_id, const PricingPolicy& pricing, std::int64_t time_ms,
                            const std::string& cmd_id) const {
  return sealed(derive_policy(profile_id, pricing, time_ms, cmd_id));
}

Outcome Ledger::top_up(const std::string& profile_id, Micros amount_ucr, std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_top_up(profile_id, amount_ucr, time_ms, cmd_id));
}

// --- Operations (unchained: what live commands and replay both derive) ----------------------------------

Outcome Ledger::derive_profile(const std::string& email, const std::string& name, const std::string& picture_url,
                               const std::string& created_with, std::int64_t time_ms, const std::string& cmd_id) const {
  if (!is_valid_email(email)) return refuse("invalid_email", "\"" + email + "\" is not an email address.");
  const std::string id = profile_id_for(email);
  if (profiles_.count(id)) return refuse("profile_exists", "A profile for " + email + " already exists.");
  json data = {{"profile", id}, {"email", email}, {"name", name}};
  if (!picture_url.empty()) data["picture"] = picture_url;
  if (!created_with.empty()) data["via"] = created_with;
  Outcome out;
  out.record = make_record("profile", std::move(data),
                           {{kGrantsAccount, -policy_.welcome_grant_ucr}, {wallet_account(id), policy_.welcome_grant_ucr}},
                           time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_top_up(const std::string& profile_id, Micros amount_ucr, std::int64_t time_ms,
                              const std::string& cmd_id) const {
  if (!policy_.simulated) return refuse("top_ups_disabled", "Credits cannot be bought: this demo gives each profile its credits once.");
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to top up.");
  if (amount_ucr < 1 || amount_ucr > kMaxTopUpUcr) return refuse("invalid_amount", "A top-up is from $0.000001 to $10,000.");
  Outcome out;
  out.record = make_record("topup", {{"profile", profile_id}, {"amount_ucr", amount_ucr}},
                           {{kTopUpsAccount, -amount_ucr}, {wallet_account(profile_id), amount_ucr}}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_unlock(const std::string& profile_id, const std::string& slug, std::int64_t time_ms,
                              const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to unlock models.");
  if (!find_model(slug)) return refuse("unknown_model", "There is no model called \"" + slug + "\".");
  const ProfileActivity* mine = activity(profile_id);
  if (mine && mine->owned.count(slug)) {
    Outcome out;  // idempotent by nature: no second purchase, nothing recorded
    out.data = {{"slug", slug}, {"already_owned", true}};
    return out;
  }
  Outcome out;
  out.record = make_record("unlock", {{"profile", profile_id}, {"slug", slug}}, {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_use(const std::string& profile_id, const std::string& slug, const Model* model,
                           const std::optional<ChargeModel>& charge_override, std::int64_t tokens, std::int64_t time_ms,
                           const std::string& cmd_id) const {
  UseDecision decision = decide_use(profile_id, slug, model, charge_override, tokens, time_ms);
  if (!decision.ok()) return refuse(std::move(decision.error), std::move(decision.message));
  Outcome out;
  out.record = use_record(profile_id, slug, decision, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

UseDecision UseDecision::refused(std::string error, std::string message) {
  UseDecision no;
  no.error = std::move(error);
  no.message = std::move(message);
  return no;
}

UseDecision Ledger::decide_use(const std::string& profile_id, const Model& model, std::int64_t tokens,
                               std::int64_t time_ms) const {
  return decide_use(profile_id, model.slug, find_model(model.slug), std::nullopt, tokens, time_ms);
}

UseDecision Ledger::decide_use(const std::string& profile_id, const std::string& slug, const Model* model,
                               const std::optional<ChargeModel>& charge_override, std::int64_t tokens,
                               std::int64_t time_ms) const {
  const auto refused = &UseDecision::refused;
  if (!profile(profile_id)) return refused("not_signed_in", "Sign in to use models.");
  if (!model) return refused("unknown_model", "There is no model called \"" + slug + "\".");
  if (tokens < 1 || tokens > kMaxTokensPerCall)
    return refused("invalid_tokens", "Tokens must be a whole number from 1 to 10,000,000.");
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || !mine->owned.count(slug)) return refused("not_owned", "Unlock " + model->name + " (free) before using it.");
  const ChargeModel charge = charge_override ? *charge_override : charge_model_of(*model);
  // Bundles, a subscription, a charge model other than standard or loyalty: see ledger_billing.cpp. A plain
  // pay-as-you-go call at a standard price keeps the record every call had before billing plans.
  if (billed_by_plans(profile_id, *model, charge, time_ms)) {
    Model billed_as = *model;
    billed_as.price_per_1k_ucr = first_rate_per_1k_ucr(charge);
    return decide_planned_use(profile_id, billed_as, charge, tokens, time_ms);
  }
  const std::optional<CallPrice> price = price_call(tokens, charge.price_per_1k_ucr, pricing_);
  if (!price) return refused("invalid_tokens", "This many tokens cannot be priced.");
  const std::string wallet = wallet_account(profile_id);
  const Micros balance_now = balance(wallet);
  if (price->cost_ucr > balance_now)
    return refused("insufficient_credits", "Not enough credits: this call costs " + format_ucr(price->cost_ucr) +
                                               " and your balance is " + format_ucr(balance_now) + ".");
  UseDecision out;
  out.decided_at_seq = last_seq_;
  out.tokens = tokens;
  out.price_per_1k_ucr = charge.price_per_1k_ucr;
  out.cost_ucr = price->cost_ucr;
  out.balance_ucr = balance_now - price->cost_ucr;
  out.postings = {{wallet, -price->cost_ucr}, {revenue_account_of(*model), price->owner_ucr}};
  if (price->platform_ucr > 0) out.postings.push_back({kPlatformFeesAccount, price->platform_ucr});
  return out;
}

bool Ledger::billed_by_plans(const std::string& profile_id, const Model& model, const ChargeModel& charge,
                             std::int64_t time_ms) const {
  return charge.type != ChargeModel::Type::Standard || !pricing_.loyalty.empty() ||
         has_usable_bundle(profile_id, model.slug, time_ms) || allowance_for(profile_id, model, time_ms);
}

JournalRecord Ledger::use_record(const std::string& profile_id, const std::string& slug, const UseDecision& decision,
                                 std::int64_t time_ms, const std::string& cmd_id) const {
  json data = {{"profile", profile_id},
               {"slug", slug},
               {"tokens", decision.tokens},
               {"price_per_1k_ucr", decision.price_per_1k_ucr},
               {"cost_ucr", decision.cost_ucr},
               {"balance_ucr", decision.balance_ucr}};
  if (decision.planned) {
    json billed = json::array();
    for (const BilledPart& part : decision.parts) billed.push_back(part.to_json());
    data["billed"] = std::move(billed);
  }
  if (decision.charged_by) {
    data["charged_by"] = decision.charged_by;
    data["month_tokens"] = decision.month_tokens;
  }
  if (decision.true_up_ucr != 0) data["true_up_ucr"] = decision.true_up_ucr;
  if (decision.cashback_ucr > 0) data["cashback_ucr"] = decision.cashback_ucr;
  if (decision.platform_payout_ucr > 0) data["platform_payout_ucr"] = decision.platform_payout_ucr;
  JournalRecord record = make_record("use", std::move(data), decision.postings, time_ms, cmd_id);
  record.seq = last_seq_ + 1;  // (the simulator keeps records for tests; live commands are chained by sealed())
  return record;
}

void Ledger::commit_use(const std::string& profile_id, const std::string& slug, std::int64_t time_ms,
                        const UseDecision& decision) {
  // Only a ledger without a journal may change without a record, and only as decided on its current state.
  if (!policy_.simulated || !decision.ok() || decision.decided_at_seq != last_seq_)
    throw std::logic_error("commit_use: a refused or stale decision, or a ledger that keeps a journal");
  for (const Posting& p : decision.postings) balances_[p.account] += p.amount_ucr;
  apply_use(profile_id, slug, last_seq_ + 1, time_ms, decision, decision.postings);
  ++last_seq_;
}

Outcome Ledger::derive_rate(const std::string& profile_id, const std::string& slug, std::int64_t stars,
                            std::int64_t time_ms, const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to rate models.");
  const Model* model = find_model(slug);
  if (!model) return refuse("unknown_model", "There is no model called \"" + slug + "\".");
  if (stars < 1 || stars > 5) return refuse("invalid_stars", "A rating is a whole number of stars from 1 to 5.");
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || !mine->owned.count(slug)) return refuse("not_owned", "Unlock " + model->name + " before rating it.");
  Outcome out;
  out.record = make_record("rate", {{"profile", profile_id}, {"slug", slug}, {"stars", stars}}, {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_list(const std::string& profile_id, ListingDraft draft, std::int64_t time_ms,
                            const std::string& cmd_id, const std::function<bool(const std::string&)>& slug_taken) const {
  const Profile* owner = profile(profile_id);
  if (!owner) return refuse("not_signed_in", "Sign in to list a model.");
  draft.name = trim(draft.name);
  draft.description = trim(draft.description);
  if (draft.slug.empty()) draft.slug = slug_from_name(draft.name);
  const FieldErrors errors = validate_listing(draft, [&](const std::string& slug) {
    return listing_index_.count(slug) > 0 || slug_taken(slug);
  });
  if (!errors.empty()) {
    Outcome out = refuse("invalid_listing", "The listing was not created: " + errors.begin()->second +
                                                (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) +
                                                                         " more field(s) to fix)" : ""));
    out.data = {{"fields", errors}};
    return out;
  }
  json data = listing_json(listed_model(draft, *owner, time_ms));
  data["profile"] = profile_id;
  Outcome out;
  out.record = make_record("list", std::move(data), {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_price(const std::string& profile_id, const std::string& slug, Micros price_per_1k_ucr,
                             std::int64_t time_ms, const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to change a price.");
  const Model* mine = listing(slug);
  if (!mine || mine->owner_profile != profile_id)
    return refuse("not_your_listing", "Only the profile that listed \"" + slug + "\" can change its price.");
  if (price_per_1k_ucr < 1 || price_per_1k_ucr > kMaxListingPriceUcr)
    return refuse("invalid_price", "The price per 1K tokens is from $0.000001 to $1.00.");
  Outcome out;
  out.record = make_record("price", {{"profile", profile_id}, {"slug", slug}, {"price_per_1k_ucr", price_per_1k_ucr}},
                           {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

Outcome Ledger::derive_policy(const std::string& profile_id, const PricingPolicy& pricing, std::int64_t time_ms,
                              const std::string& cmd_id) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to change the marketplace's policy.");
  if (const std::string bad = check_policy(pricing); !bad.empty()) return refuse("invalid_policy", bad);
  Outcome out;
  json data = {{"profile", profile_id},
               {"platform_fee_bps", pricing.platform_fee_bps},
               {"min_charge_ucr", pricing.min_charge_ucr}};
  if (!pricing.loyalty.empty()) data["loyalty"] = loyalty_json(pricing.loyalty);
  out.record = make_record("policy", std::move(data), {}, time_ms, cmd_id);
  out.data = result_of(*out.record);
  return out;
}

json Ledger::result_of(const JournalRecord& r) const {
  // Fields read with field() (null when absent), never throwing: a record a snapshot covers is remembered
  // before it is re-derived, so it may be anything.
  const auto field = [&](const char* key) { return r.data.is_object() && r.data.contains(key) ? r.data[key] : json(); };
  const auto amount = [&](const char* key) { return field(key).is_number_integer() ? field(key) : json(0); };
  if (r.kind == "use" || r.kind == "complete") {
    Micros owner = 0, platform = 0;  // (checked sums: an unchecked record's amounts may be anything)
    for (const Posting& p : r.postings) {
      if (p.account == kPlatformFeesAccount) platform = checked_add(platform, p.amount_ucr).value_or(0);
      else if (p.account.rfind("revenue:", 0) == 0) owner = checked_add(owner, p.amount_ucr).value_or(0);
    }
    json billed = r.data.contains("billed")
                      ? field("billed")
                      : json::array({{{"source", "wallet"}, {"tokens", field("tokens")}, {"cost_ucr", field("cost_ucr")}}});
    json result = {{"slug", field("slug")},         {"tokens", field("tokens")},
                   {"cost_ucr", field("cost_ucr")}, {"balance_ucr", field("balance_ucr")},
                   {"owner_ucr", owner},             {"platform_fee_ucr", platform},
                   {"billed", std::move(billed)},    {"true_up_ucr", amount("true_up_ucr")},
                   {"cashback_ucr", amount("cashback_ucr")}};
    if (r.kind == "complete")
      for (const char* key : {"prompt_tokens", "completion_tokens", "usage", "ended"}) result[key] = field(key);
    return result;
  }
  if (r.kind == "charge") return {{"slug", field("slug")}, {"charge_model", field("charge_model")}};
  if (r.kind == "bundle_offer") return {{"bundle_id", field("bundle_id")}, {"slug", field("slug")}};
  if (r.kind == "plan_offer") return {{"plan_id", field("plan_id")}, {"name", field("name")}};
  if (r.kind == "subscribe")
    return {{"plan_id", field("plan_id")},
            {"status", field("trial") == true ? "trialing" : "active"},
            {"fee_ucr", field("fee_ucr")},
            {"period_end_ms", field("period_end_ms")},
            {"balance_ucr", field("balance_ucr")}};
  if (r.kind == "bundle_buy" || r.kind == "cancel" || r.kind == "renew" || r.kind == "expire") {
    json out = r.data;
    out.erase("profile");
    out.erase("request");
    return out;
  }
  if (r.kind == "list") return {{"slug", field("slug")}};
  if (r.kind == "price") return {{"slug", field("slug")}, {"price_per_1k_ucr", field("price_per_1k_ucr")}};
  if (r.kind == "policy")
    return {{"platform_fee_bps", field("platform_fee_bps")},
            {"min_charge_ucr", field("min_charge_ucr")},
            {"loyalty", r.data.value("loyalty", json::array())}};
  if (r.kind == "unlock") return {{"slug", field("slug")}, {"already_owned", false}};
  if (r.kind == "rate") return {{"slug", field("slug")}, {"stars", field("stars")}};
  if (r.kind == "profile") return {{"profile", field("profile")}};
  return json::object();
}

// --- Applying records ----------------------------------------------------------------------------------

Outcome Ledger::rederive(const JournalRecord& r) const {
  const json& d = r.data;
  auto text = [&](const char* key) { return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : ""; };
  auto integer = [&](const char* key) {
    return d.contains(key) && d[key].is_number_integer() ? d[key].get<std::int64_t>() : std::int64_t(-1);
  };
  const std::string profile_id = text("profile"), slug = text("slug");
  if (r.kind == "profile") return derive_profile(text("email"), text("name"), text("picture"), text("via"), r.time_ms, r.cmd_id);
  if (r.kind == "unlock") return derive_unlock(profile_id, slug, r.time_ms, r.cmd_id);
  if (r.kind == "rate") return derive_rate(profile_id, slug, integer("stars"), r.time_ms, r.cmd_id);
  if (r.kind == "complete") {
    const std::string usage = text("usage");
    if (usage != "reported" && usage != "estimated") return refuse("invalid_usage", "a completion's usage is reported or estimated");
    return derive_complete(profile_id, slug,
                           {integer("prompt_tokens"), integer("completion_tokens"), usage == "estimated", text("ended"),
                            integer("max_cost_ucr")},
                           r.time_ms, r.cmd_id);
  }
  if (r.kind == "use") {
    // A listing is billed as priced in this ledger (its own "list", "price" and "charge" records set it). A
    // call billed to a listing stays the listing's even if a later catalog gave a built-in model its slug.
    if (const Model* listed = listing(slug)) {
      Outcome as_listed = derive_use(profile_id, slug, listed, std::nullopt, integer("tokens"), r.time_ms, r.cmd_id);
      json fields = d;
      fields.erase("request");
      if (as_listed.record && as_listed.record->data == fields && as_listed.record->postings == r.postings) return as_listed;
    }
    // Otherwise a built-in model, priced as its record states (catalog prices may change between versions).
    // An unknown slug, or a listing the call was not billed to, is refused by derive_use or does not match.
    const Model* model = find_model(slug);
    if (!model || !model->owner_profile.empty())
      return derive_use(profile_id, slug, model, std::nullopt, integer("tokens"), r.time_ms, r.cmd_id);
    // A call billed by a built-in model's tiers or packages is re-derived by the catalog's (a record cannot
    // name others); one at a standard price (every call before billing plans) at the price it states.
    if (model->charge_model && d.contains("charged_by"))
      return derive_use(profile_id, slug, model, std::nullopt, integer("tokens"), r.time_ms, r.cmd_id);
    const std::int64_t price = integer("price_per_1k_ucr");
    if (price < 1 || price > kMaxCatalogPriceUcr)
      return refuse("invalid_price", "a built-in model's price per 1K tokens is from 1 µcr to $1,000");
    return derive_use(profile_id, slug, model, ChargeModel::standard(price), integer("tokens"), r.time_ms, r.cmd_id);
  }
  if (r.kind == "charge") return derive_charge(profile_id, slug, d.value("charge_model", json()), r.time_ms, r.cmd_id);
  if (r.kind == "bundle_offer") {
    // The id is derived (the next number), the terms are the record's own.
    return derive_bundle_offer(profile_id, slug, d, r.time_ms, r.cmd_id);
  }
  if (r.kind == "bundle_buy") return derive_bundle_buy(profile_id, text("bundle_id"), r.time_ms, r.cmd_id);
  if (r.kind == "plan_offer") return derive_plan_offer(profile_id, d, r.time_ms, r.cmd_id);
  if (r.kind == "subscribe") return derive_subscribe(profile_id, text("plan_id"), r.time_ms, r.cmd_id);
  if (r.kind == "cancel") return derive_cancel(profile_id, text("plan_id"), r.time_ms, r.cmd_id);
  if (r.kind == "expire" || r.kind == "renew") {
    // An event is recorded when it falls due, by no command: it must be the next one due, at its time.
    if (!r.cmd_id.empty() || next_due_ms() != r.time_ms)
      return refuse("not_due", "no such event is due at this record's time");
    return derive_due_event();
  }
  if (r.kind == "list") {
    // Only listings count as taken: a later catalog may add a built-in slug that a listing took earlier.
    if (const std::optional<ListingDraft> draft = listing_draft(d))
      return derive_list(profile_id, *draft, r.time_ms, r.cmd_id, [](const std::string&) { return false; });
    return refuse("invalid_listing", "a listing record without its fields");
  }
  if (r.kind == "price") return derive_price(profile_id, slug, integer("price_per_1k_ucr"), r.time_ms, r.cmd_id);
  if (r.kind == "topup") return derive_top_up(profile_id, integer("amount_ucr"), r.time_ms, r.cmd_id);
  if (r.kind == "policy") {
    const std::int64_t fee = integer("platform_fee_bps");
    PricingPolicy pricing{fee >= 0 && fee <= kMaxPlatformFeeBps ? static_cast<std::int32_t>(fee) : -1,
                          integer("min_charge_ucr"), {}};
    if (d.contains("loyalty")) {
      const std::optional<std::vector<LoyaltyTier>> tiers = read_loyalty(d["loyalty"]);
      if (!tiers || tiers->empty()) return refuse("invalid_policy", "a policy's loyalty tiers are not a list of tiers");
      pricing.loyalty = *tiers;
    }
    return derive_policy(profile_id, pricing, r.time_ms, r.cmd_id);
  }
  return refuse("unknown_kind", "unknown kind \"" + r.kind + "\"");
}

std::string Ledger::check(const JournalRecord& record) const {
  const std::string at = "record " + std::to_string(record.seq);
  // From 1970 to the year 9999: anything else is not a time a command could have been made at.
  if (record.time_ms < 0 || record.time_ms > 253'402'300'799'999) return at + " has an impossible time";
  JournalRecord expected_link;
  expected_link.seq = last_seq_;
  expected_link.hash = last_hash_;
  const std::string link = check_link(last_seq_ ? &expected_link : nullptr, record);
  if (!link.empty()) return link;
  if (record.hash != record.compute_hash()) return at + " has a wrong hash";
  if (!postings_balance(record.postings)) return at + " is not balanced";
  if (!record.cmd_id.empty() && commands_.count(record.cmd_id)) return at + " repeats command " + record.cmd_id;
  for (const Posting& p : record.postings)
    if (!checked_add(balance(p.account), p.amount_ucr)) return at + " overflows " + p.account;

  // Renewals and expiries are recorded as they fall due, before anything made at or after that time.
  const bool is_event = record.kind == "renew" || record.kind == "expire";
  if (const std::optional<std::int64_t> due = next_due_ms(); !is_event && due && *due <= record.time_ms)
    return at + " was made after an event due at " + std::to_string(*due) + " that is not recorded before it";

  // The request fingerprint (see app::dispatch) is the one field no operation derives: it names the command.
  json data = record.data;
  if (data.contains("request")) {
    if (!data["request"].is_string() || data["request"].get<std::string>().size() > 64 || record.cmd_id.empty())
      return at + " has a malformed request fingerprint";
    data.erase("request");
  }
  const Outcome expected = rederive(record);
  if (!expected.ok())
    return at + " (" + record.kind + ") is not allowed [" + expected.error + "]: " + expected.message;
  if (!expected.record) return at + " (" + record.kind + ") changes nothing a command would record";
  // Compared as text: JSON equality would take 1500.0 for 1500.
  if (expected.record->data.dump() != data.dump() || expected.record->postings != record.postings)
    return at + " (" + record.kind + ") is not what its command records: its fields or postings were altered";
  return "";
}

std::string Ledger::apply(const JournalRecord& record) {
  if (std::string error = check(record); !error.empty()) return error;
  apply_checked(record);
  return "";
}

void Ledger::apply_checked(const JournalRecord& record) {
  apply_effects(record);
  remember_command(record);
  last_seq_ = record.seq;
  last_hash_ = record.hash;
}

// Only for records check() accepted: every field below is known to be present and consistent.
void Ledger::apply_effects(const JournalRecord& r) {
  const json& d = r.data;
  for (const Posting& p : r.postings) balances_[p.account] += p.amount_ucr;
  const std::string profile_id = d.at("profile").get<std::string>();
  if (r.kind == "profile") {
    profiles_[profile_id] = Profile{profile_id, d.at("email").get<std::string>(), d.at("name").get<std::string>(),
                                    r.time_ms, d.value("picture", ""), d.value("via", "")};
    activity_[profile_id];
    return;
  }
  if (r.kind == "policy") {
    pricing_ = PricingPolicy{d.at("platform_fee_bps").get<std::int32_t>(), d.at("min_charge_ucr").get<Micros>(),
                             d.contains("loyalty") ? *read_loyalty(d["loyalty"]) : std::vector<LoyaltyTier>{}};
    return;
  }
  if (r.kind == "topup") {
    activity_[profile_id].topped_up_ucr += d.at("amount_ucr").get<Micros>();
    return;
  }
  if (r.kind != "list" && r.kind != "price" && r.kind != "unlock" && r.kind != "rate" && r.kind != "use" &&
      r.kind != "complete") {
    apply_billing_effects(r);
    return;
  }
  const std::string slug = d.at("slug").get<std::string>();
  ProfileActivity& mine = activity_[profile_id];
  if (r.kind == "list" || r.kind == "price") ++listings_version_;
  if (r.kind == "list") {
    listing_index_[slug] = listings_.size();
    listings_.push_back(listed_model(*listing_draft(d), profiles_.at(profile_id), r.time_ms));
  } else if (r.kind == "price") {
    Model& listed = listings_[listing_index_.at(slug)];
    listed.price_per_1k_ucr = d.at("price_per_1k_ucr").get<Micros>();
    listed.charge_model.reset();  // a price is a standard charge model
    forget_month_tokens(slug);
  } else if (r.kind == "unlock") {
    mine.owned.insert(slug);
    models_[slug].purchases += 1;
  } else if (r.kind == "rate") {
    const int stars = d.at("stars").get<int>();
    ModelActivity& model = models_[slug];
    const auto previous = mine.ratings.find(slug);
    if (previous != mine.ratings.end()) {
      model.rating_sum -= previous->second;  // changing a rating replaces it
    } else {
      model.rating_count += 1;
    }
    model.rating_sum += stars;
    mine.ratings[slug] = stars;
  } else if (r.kind == "use" || r.kind == "complete") {
    UseDecision decision;  // what apply_use reads, as the record states it (check() re-derived it)
    decision.tokens = d.at("tokens").get<std::int64_t>();
    decision.cost_ucr = d.at("cost_ucr").get<Micros>();
    decision.planned = d.contains("billed");
    if (decision.planned)
      for (const json& part : d["billed"])
        decision.parts.push_back({part.at("source").get<std::string>(), part.value("id", ""),
                                  part.at("tokens").get<std::int64_t>(), part.at("cost_ucr").get<Micros>()});
    if (d.contains("charged_by")) decision.charged_by = "";  // (only whether it is set is read)
    decision.cashback_ucr = d.value("cashback_ucr", Micros(0));
    decision.platform_payout_ucr = d.value("platform_payout_ucr", Micros(0));
    apply_use(profile_id, slug, r.seq, r.time_ms, decision, r.postings);
  }
}

void Ledger::apply_use(const std::string& profile_id, const std::string& slug, std::int64_t seq, std::int64_t time_ms,
                       const UseDecision& decision, const std::vector<Posting>& postings) {
  ProfileActivity& mine = activity_[profile_id];
  const std::int64_t tokens = decision.tokens;
  const Micros cost = decision.cost_ucr;
  Micros owner_share = 0;  // (revenue from calls is what bundles and subscriptions did not bring in)
  for (const Posting& p : postings)
    if (p.account.rfind("revenue:", 0) == 0) owner_share += p.amount_ucr;
  std::int64_t wallet_tokens = decision.planned ? 0 : tokens;
  for (const BilledPart& part : decision.parts) {
    if (part.source == "wallet") wallet_tokens += part.tokens;
    if (part.source == "subscription") mine.subscriptions.at(part.id).tokens_left -= part.tokens;
    if (part.source == "bundle")
      for (HeldBundle& held : mine.bundles)
        if (held.purchase_id == part.id) held.tokens_left -= part.tokens;
  }
  // Only tiers and packages count a month's tokens (a standard price does not; a new charge model starts
  // the count again anyway).
  if (decision.charged_by) {
    ProfileActivity::MonthTokens& month = mine.month_tokens[slug];
    const std::int64_t month_now = utc_month_index(time_ms);
    // What the wallet paid net of cashback: a true-up never gives back more than that (else cashback
    // earned on a charge and the charge's full refund would pay out of platform:loyalty, call after call).
    const Micros paid = cost - decision.cashback_ucr;
    if (month.month == month_now) {
      month.tokens += wallet_tokens;
      month.paid_ucr += paid;
    } else {
      month = {month_now, wallet_tokens, paid};
    }
  }
  mine.cashback_ucr += decision.cashback_ucr;
  note_spend(mine, time_ms, cost);
  ModelActivity& model = models_[slug];
  model.calls += 1;
  model.tokens += tokens;
  model.revenue_ucr += owner_share;
  model.last_call_ms = time_ms;
  if (listing_index_.count(slug)) model.revenue_by_day[day_of(time_ms)] += owner_share;
  mine.total_calls += 1;
  mine.total_spent_ucr += cost;
  if (!policy_.simulated) mine.usage.push_back(UsageEntry{seq, time_ms, slug, tokens, cost});  // (millions there)
  // What a platform plan paid the owner for its included tokens is the owner's subscription revenue (the
  // owner's account as posted: a catalog may have given a built-in model this listing's slug since).
  if (decision.platform_payout_ucr > 0)
    for (const Posting& p : postings)
      if (p.account.rfind("revenue:", 0) == 0)
        revenue_sources_[p.account].subscriptions_ucr +=
            decision.platform_payout_ucr - platform_fee(decision.platform_payout_ucr, pricing_.platform_fee_bps);
}


Micros Ledger::balance(const std::string& account) const {
  const auto it = balances_.find(account);
  return it == balances_.end() ? 0 : it->second;
}

const Profile* Ledger::profile(const std::string& id) const {
  const auto it = profiles_.find(id);
  return it == profiles_.end() ? nullptr : &it->second;
}

const ProfileActivity* Ledger::activity(const std::string& profile_id) const {
  const auto it = activity_.find(profile_id);
  return it == activity_.end() ? nullptr : &it->second;
}

const Model* Ledger::listing(const std::string& slug) const {
  const auto it = listing_index_.find(slug);
  return it == listing_index_.end() ? nullptr : &listings_[it->second];
}

const ModelActivity* Ledger::model_activity(const std::string& slug) const {
  const auto it = models_.find(slug);
  return it == models_.end() ? nullptr : &it->second;
}

std::optional<json> Ledger::result_of_command(const std::string& cmd_id) const {
  const auto it = commands_.find(cmd_id);
  if (it == commands_.end()) return std::nullopt;
  return json::parse(it->second);
}

std::string Ledger::check_invariants() const {
  Micros sum = 0;
  for (const auto& [account, amount] : balances_) {
    sum += amount;
    if (account.rfind("wallet:", 0) == 0 && amount < 0) return account + " is below zero";
  }
  if (sum != 0) return "balances sum to " + std::to_string(sum) + ", not zero";
  for (const auto& [id, mine] : activity_) {
    Micros spent = 0;
    for (const UsageEntry& u : mine.usage) spent += u.cost_ucr;
    if (!policy_.simulated &&
        (spent != mine.total_spent_ucr || static_cast<std::int64_t>(mine.usage.size()) != mine.total_calls))
      return id + "'s totals disagree with its usage";
    if (balance(wallet_account(id)) !=
            policy_.welcome_grant_ucr + mine.topped_up_ucr - mine.total_spent_ucr - mine.plans_spent_ucr + mine.cashback_ucr &&
        profiles_.count(id))
      return id + "'s balance is not its grant minus its spending plus its cashback";
  }
  return "";
}

void Ledger::remember_command(const JournalRecord& record) {
  if (record.cmd_id.empty()) return;
  commands_[record.cmd_id] = result_of(record).dump();
  const auto request = record.data.find("request");
  if (request != record.data.end() && request->is_string()) requests_[record.cmd_id] = request->get<std::string>();
}

std::string Ledger::request_of_command(const std::string& cmd_id) const {
  const auto it = requests_.find(cmd_id);
  return it == requests_.end() ? "" : it->second;
}

json Ledger::to_json(bool with_command_ids) const {
  json balances = json::object(), profiles = json::object(), activity = json::object(), models = json::object(),
       commands = json::object();
  for (const auto& [account, amount] : balances_) balances[account] = amount;
  for (const auto& [id, p] : profiles_)
    profiles[id] = {{"email", p.email}, {"name", p.name}, {"created", p.created_ms}, {"picture", p.picture_url},
                    {"via", p.created_with}};
  for (const auto& [id, a] : activity_) {
    json usage = json::array();
    for (const UsageEntry& u : a.usage) usage.push_back({u.seq, u.time_ms, u.slug, u.tokens, u.cost_ucr});
    activity[id] = {{"calls", a.total_calls}, {"spent", a.total_spent_ucr}, {"owned", a.owned},
                    {"ratings", a.ratings}, {"usage", usage}};
  }
  for (const auto& [slug, m] : models_) {
    models[slug] = {m.purchases, m.calls, m.tokens, m.revenue_ucr, m.rating_sum, m.rating_count, m.last_call_ms};
    if (!m.revenue_by_day.empty()) models[slug].push_back(m.revenue_by_day);
  }
  json listings = json::array();
  for (const Model& m : listings_) {
    json item = listing_json(m);
    item["profile"] = m.owner_profile;
    item["created_day"] = m.created_day;
    if (m.charge_model) item["charge_model"] = m.charge_model->to_json();
    listings.push_back(std::move(item));
  }
  json out = {{"schema", 1},         {"last_seq", last_seq_}, {"last_hash", last_hash_}, {"balances", balances},
              {"profiles", profiles}, {"activity", activity}, {"models", models}, {"listings", listings},
              {"pricing", {{"platform_fee_bps", pricing_.platform_fee_bps}, {"min_charge_ucr", pricing_.min_charge_ucr}}},
              {"billing", billing_json()}};
  if (!pricing_.loyalty.empty()) out["pricing"]["loyalty"] = loyalty_json(pricing_.loyalty);
  if (with_command_ids) {
    for (const auto& [id, result] : commands_) commands[id] = result;
    out["commands"] = std::move(commands);
    out["requests"] = requests_;
  }
  return out;
}

std::optional<Ledger> Ledger::from_json(const json& doc, LedgerPolicy policy) {
  if (has_fraction(doc)) return std::nullopt;
  try {
    if (doc.at("schema").get<int>() != 1) return std::nullopt;
    Ledger ledger(policy);
    ledger.last_seq_ = doc.at("last_seq").get<std::int64_t>();
    ledger.last_hash_ = doc.at("last_hash").get<std::string>();
    for (const auto& [account, amount] : doc.at("balances").items()) ledger.balances_[account] = amount.get<Micros>();
    for (const auto& [id, p] : doc.at("profiles").items())
      ledger.profiles_[id] = Profile{id, p.at("email").get<std::string>(), p.at("name").get<std::string>(),
                                     p.at("created").get<std::int64_t>(), p.value("picture", ""), p.value("via", "")};
    for (const auto& [id, a] : doc.at("activity").items()) {
      ProfileActivity& mine = ledger.activity_[id];
      mine.total_calls = a.at("calls").get<std::int64_t>();
      mine.total_spent_ucr = a.at("spent").get<Micros>();
      mine.owned = a.at("owned").get<std::set<std::string>>();
      mine.ratings = a.at("ratings").get<std::map<std::string, int>>();
      for (const json& u : a.at("usage"))
        mine.usage.push_back(UsageEntry{u.at(0).get<std::int64_t>(), u.at(1).get<std::int64_t>(),
                                        u.at(2).get<std::string>(), u.at(3).get<std::int64_t>(), u.at(4).get<Micros>()});
    }
    for (const auto& [slug, m] : doc.at("models").items()) {
      ledger.models_[slug] = ModelActivity{m.at(0).get<std::int64_t>(), m.at(1).get<std::int64_t>(),
                                           m.at(2).get<std::int64_t>(), m.at(3).get<Micros>(),
                                           m.at(4).get<std::int64_t>(), m.at(5).get<std::int64_t>(),
                                           m.at(6).get<std::int64_t>(), {}};
      if (m.size() > 7) ledger.models_[slug].revenue_by_day = m.at(7).get<std::map<std::int32_t, Micros>>();
    }
    if (doc.contains("pricing")) {
      ledger.pricing_.platform_fee_bps = doc["pricing"].at("platform_fee_bps").get<std::int32_t>();
      ledger.pricing_.min_charge_ucr = doc["pricing"].at("min_charge_ucr").get<Micros>();
      if (doc["pricing"].contains("loyalty")) {
        const auto tiers = read_loyalty(doc["pricing"]["loyalty"]);
        if (!tiers) return std::nullopt;
        ledger.pricing_.loyalty = *tiers;
      }
      if (!check_policy(ledger.pricing_).empty()) return std::nullopt;
    }
    if (doc.contains("listings"))
      for (const json& item : doc.at("listings")) {
        const std::optional<ListingDraft> draft = listing_draft(item);
        const Profile* owner = ledger.profile(item.at("profile").get<std::string>());
        if (!draft || !owner) return std::nullopt;
        Model m = listed_model(*draft, *owner, 0);
        m.created_day = item.at("created_day").get<std::int32_t>();
        if (item.contains("charge_model")) {
          const ParsedChargeModel charge = parse_charge_model(item["charge_model"]);
          if (!charge.model) return std::nullopt;
          m.charge_model = charge.model;
          m.price_per_1k_ucr = first_rate_per_1k_ucr(*charge.model);
        }
        ledger.listing_index_[m.slug] = ledger.listings_.size();
        ledger.listings_.push_back(std::move(m));
      }
    if (doc.contains("commands"))
      for (const auto& [id, result] : doc.at("commands").items()) ledger.commands_[id] = result.get<std::string>();
    if (doc.contains("requests"))
      for (const auto& [id, request] : doc.at("requests").items()) ledger.requests_[id] = request.get<std::string>();
    // Snapshots written before billing plans lack it: they cannot be read as they are (JournalStore rebuilds).
    if (!doc.contains("billing") || !ledger.billing_from_json(doc["billing"])) return std::nullopt;
    if (!ledger.check_invariants().empty()) return std::nullopt;
    return ledger;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace mm::core
