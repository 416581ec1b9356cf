// The credits ledger: double-entry accounts, profiles, ownership, usage and ratings — all derived from
// journal records. Operations validate against the current state and return the record to commit; apply()
// is the only way state changes, and it is the same for a live command and for replaying the journal, so
// balances and stats always equal a replay.
//
// Replay is live: check() (and so apply()) re-derives every record from its own inputs through the same
// operation a live command runs — a call's tokens, price, the policy in force and the caller's balance — and
// refuses it unless its fields and postings are exactly what that operation would have recorded. The hash
// chain only shows that nothing was changed *without* re-hashing; this re-derivation is what stops an edited
// and re-hashed journal or import from minting credits or moving them where no command could.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/billing_sources.h"
#include "core/catalog.h"
#include "core/journal.h"
#include "core/listing.h"
#include "core/loyalty.h"
#include "core/money.h"
#include "core/offers.h"
#include "core/pricing.h"

namespace mm::core {

// The marketplace's own policy. Stated defaults, not hidden constants. `pricing` is where a journal starts;
// "policy" records (applied from the sandbox) change it from then on.
using ModelDirectory = std::unordered_map<std::string, Model>;  // slug -> model

struct LedgerPolicy {
  Micros welcome_grant_ucr = 25'000'000;  // $25.00, once per new profile
  PricingPolicy pricing;                  // 10% platform fee, no minimum charge
  // The built-in catalog (assets/catalog.json, set by the app): unlocks, calls and ratings name a built-in
  // model or a listing, and a call's revenue goes to that model's owner. Models are never removed from the
  // catalog, so every journal stays replayable. Built-in prices may change between versions: a call to a
  // built-in model is re-derived at the price its record states (and billed at the catalog's price live).
  std::shared_ptr<const ModelDirectory> builtin_models;
  // A ledger the simulator runs in memory (core/simulation): its records are not hashed (no journal is kept)
  // and buyers may top up their wallets (`top_up`, refused in every other ledger, on replay and import too).
  bool simulated = false;
};

std::shared_ptr<const ModelDirectory> make_directory(const std::vector<Model>& models);

inline constexpr const char* kPlatformFeesAccount = "platform:fees";
inline constexpr const char* kGrantsAccount = "grants:welcome";
inline constexpr const char* kTopUpsAccount = "external:top_ups";  // simulated buyers' own money (simulation only)
inline constexpr Micros kMaxTopUpUcr = 10'000 * kMicrosPerCredit;  // $10,000
inline constexpr const char* kLoyaltyAccount = "platform:loyalty";  // pays loyalty cashback (goes below zero)
// Takes the fees of the platform's own plans and pays owners for the included tokens used on their models
// (goes below zero when buyers use more than the fees bring in: the platform's risk).
inline constexpr const char* kPlatformPlansAccount = "platform:plans";
std::string wallet_account(const std::string& profile_id);
std::string revenue_account(const std::string& owner);
// Where a model's earnings go: its listing profile's revenue account, or its catalog owner's.
std::string revenue_account_of(const Model& model);

struct Profile {
  std::string id;  // "p-" + 16 hex of SHA-256(lowercased email): one profile per identity
  std::string email;
  std::string name;
  std::int64_t created_ms = 0;
  std::string picture_url;  // from Google, when signed in that way; empty otherwise
  // How the profile was first signed in: "email" (magic link) or "google"; "" for profiles made before this
  // was recorded. One email is one profile whichever way it signs in later.
  std::string created_with;
};

struct UsageEntry {
  std::int64_t seq = 0;
  std::int64_t time_ms = 0;
  std::string slug;
  std::int64_t tokens = 0;
  Micros cost_ucr = 0;
};

// Tokens of one bundle a buyer bought.
struct HeldBundle {
  std::string purchase_id;  // "purchase-<n>"
  std::string bundle_id;
  std::string slug;
  std::int64_t tokens = 0;       // bought
  std::int64_t tokens_left = 0;  // 0 once expired
  std::int64_t bought_ms = 0;
  std::int64_t expires_ms = 0;   // usable while a call's time is before this; an "expire" record follows
  bool expired = false;
};

// A buyer's subscription to one plan. Periods are calendar months counted from `anchor_ms` (the first paid
// period's start): period k ends at anchor + k months.
struct Subscription {
  enum class Status { Trialing, Active, PastDue, Ended };
  std::string plan_id;
  Status status = Status::Active;
  std::int64_t started_ms = 0;
  std::int64_t anchor_ms = 0;
  std::int64_t periods = 0;        // periods started since the anchor (the trial is not one)
  std::int64_t period_end_ms = 0;  // when the current period (or trial) ends: the next renewal is due then
  std::int64_t tokens_left = 0;    // included tokens left this period (none while past due)
  bool cancel_at_period_end = false;
  bool usable() const { return status == Status::Trialing || status == Status::Active; }
};
const char* status_name(Subscription::Status status);

struct ProfileActivity {
  std::int64_t total_calls = 0;
  Micros total_spent_ucr = 0;             // on calls, from the wallet (a volume true-up lowers it)
  Micros plans_spent_ucr = 0;             // on bundles and subscription fees
  Micros cashback_ucr = 0;                // loyalty cashback received
  Micros topped_up_ucr = 0;               // bought (simulated ledgers only)
  std::set<std::string> owned;            // slugs, ordered
  std::map<std::string, int> ratings;     // slug -> stars
  std::vector<UsageEntry> usage;          // oldest first
  std::vector<HeldBundle> bundles;        // in the order bought
  std::map<std::string, Subscription> subscriptions;  // plan id -> the latest subscription to it
  // Wallet tokens this buyer used per model in the UTC month of its last call (charge models count these).
  // A new month starts the count again, and so does a new charge model on the model (its "charge" or
  // "price" record forgets every buyer's count for it).
  struct MonthTokens {
    std::int64_t month = -1;  // utc_month_index
    std::int64_t tokens = 0;
    Micros paid_ucr = 0;      // what the wallet paid for them: a volume true-up never credits back more
  };
  std::map<std::string, MonthTokens> month_tokens;
  // For loyalty: the wallet's spend (calls, bundles, fees) as a running total per UTC day, days kept from
  // going backwards (tabs' clocks may differ), so a trailing window is two binary searches.
  std::vector<std::pair<std::int32_t, Micros>> spend_by_day;
};

// What an owner (a revenue account) earned, by what was sold. (The ledger keeps bundles and subscriptions;
// calls are the rest of the account's balance.)
struct RevenueBySource {
  Micros calls_ucr = 0;
  Micros bundles_ucr = 0;
  Micros subscriptions_ucr = 0;
};

struct ModelActivity {
  std::int64_t purchases = 0;
  std::int64_t calls = 0;
  std::int64_t tokens = 0;
  Micros revenue_ucr = 0;     // what the owner earned (after the platform fee)
  std::int64_t rating_sum = 0;
  std::int64_t rating_count = 0;
  std::int64_t last_call_ms = 0;
  std::map<std::int32_t, Micros> revenue_by_day;  // listed models only: owner revenue per UTC day
};

// An operation's answer: an error (code + sentence), or a record to commit plus the result's fields.
struct Outcome {
  std::string error;
  std::string message;
  std::optional<JournalRecord> record;  // absent on errors and on no-ops (e.g. unlocking an owned model)
  nlohmann::json data = nlohmann::json::object();
  bool ok() const { return error.empty(); }
};

// What a usage call posts, decided from the ledger's state and the call's inputs without building a journal
// record: the live command and replay (derive_use makes the record from it) and the simulator (which keeps no
// journal) all bill through this one decision, and all apply it through the same effects.
struct UseDecision {
  std::string error, message;  // why the call is refused; empty when it is allowed
  std::int64_t tokens = 0;
  Micros price_per_1k_ucr = 0;  // the rate the record states
  Micros cost_ucr = 0;          // what the wallet pays (below zero: a volume true-up pays back)
  Micros balance_ucr = 0;       // the wallet after the call and its cashback
  // Billed through the billing engine (bundles, a subscription, a charge model other than standard, loyalty):
  // the record lists what paid for which tokens. A plain pay-as-you-go call at a standard price lists none.
  bool planned = false;
  std::vector<BilledPart> parts;
  const char* charged_by = nullptr;  // the charge model's type, when not standard
  std::int64_t month_tokens = 0;     // with charged_by: the buyer's wallet tokens on the model this month before
  Micros true_up_ucr = 0, cashback_ucr = 0, platform_payout_ucr = 0;
  std::vector<Posting> postings;
  std::int64_t decided_at_seq = 0;  // the ledger's last record when decided: committed only on that state
  bool ok() const { return error.empty(); }
  static UseDecision refused(std::string error, std::string message);
};

// What a reply from a listing's inference endpoint used, to bill: the endpoint's `usage`, or — when it
// reported none — counted with estimate_tokens (core/completion.h); and how the request ended. A stopped or
// failed request is billed only for usage the endpoint reported.
struct CompletionBill {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  bool estimated = false;
  std::string ended = "complete";  // "complete", "stopped" or "failed"
  Micros max_cost_ucr = 0;         // the worst case authorized before sending: never billed beyond it
};

class Ledger {
 public:
  explicit Ledger(LedgerPolicy policy = {}) : policy_(policy), pricing_(policy.pricing) {}

  static std::string profile_id_for(const std::string& email);

  // Operations: validate against the current state; on success `record` is ready to be applied.
  // `time_ms` and `cmd_id` are stamped into the record. Nothing changes until apply().
  Outcome create_profile(const std::string& email, const std::string& name, const std::string& picture_url,
                         const std::string& created_with, std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome unlock(const std::string& profile_id, const Model& model, std::int64_t time_ms,
                 const std::string& cmd_id) const;
  Outcome use(const std::string& profile_id, const Model& model, std::int64_t tokens, std::int64_t time_ms,
              const std::string& cmd_id) const;
  Outcome rate(const std::string& profile_id, const Model& model, std::int64_t stars, std::int64_t time_ms,
               const std::string& cmd_id) const;
  // Lists a profile's own model (Builders mode). `slug_taken` covers the built-in catalog; the ledger
  // knows its own listings. Refused with "invalid_listing" and `data.fields` (one message per bad field).
  Outcome list_model(const std::string& profile_id, ListingDraft draft, std::int64_t time_ms, const std::string& cmd_id,
                     const std::function<bool(const std::string&)>& slug_taken) const;
  // Changes the price of one's own listing; calls already made keep the price they were billed at.
  Outcome set_listing_price(const std::string& profile_id, const std::string& slug, Micros price_per_1k_ucr,
                            std::int64_t time_ms, const std::string& cmd_id) const;
  // Simulated buyers buy credits (only in a simulated ledger: the demo has no way to pay).
  Outcome top_up(const std::string& profile_id, Micros amount_ucr, std::int64_t time_ms, const std::string& cmd_id) const;
  // Makes `pricing` the marketplace's policy for every call from now on (applied explicitly from the sandbox).
  Outcome set_pricing(const std::string& profile_id, const PricingPolicy& pricing, std::int64_t time_ms,
                      const std::string& cmd_id) const;

  // Billing plans (ledger_billing.cpp). A listing's owner sets its charge model, offers bundles and plans;
  // buyers buy bundles and subscribe. Refusals name a field (`data.fields`) where a field is wrong.
  Outcome set_charge_model(const std::string& profile_id, const std::string& slug, const nlohmann::json& model,
                           std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome offer_bundle(const std::string& profile_id, const std::string& slug, const nlohmann::json& terms,
                       std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome buy_bundle(const std::string& profile_id, const std::string& bundle_id, std::int64_t time_ms,
                     const std::string& cmd_id) const;
  Outcome offer_plan(const std::string& profile_id, const nlohmann::json& terms, std::int64_t time_ms,
                     const std::string& cmd_id) const;
  Outcome subscribe(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                    const std::string& cmd_id) const;
  Outcome cancel_subscription(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                              const std::string& cmd_id) const;

  // Time-based events (renewals, bundle expiries) fall due at a time. Before a command at `now_ms`, every
  // event due by then is recorded, in time order, each stamped with its due time: check() refuses a record
  // made while an earlier event was still due, so replay always sees them in the same place.
  std::optional<std::int64_t> next_due_ms() const;
  // The next due event's record, sealed, if one is due by `now_ms` (no record otherwise).
  Outcome due_event(std::int64_t now_ms) const;

  // A call's decision (what `use` would record), and committing one in a simulated ledger, which keeps no
  // journal: the simulator pays no JSON, hashing or storage per call. `use_record` is the record it makes.
  UseDecision decide_use(const std::string& profile_id, const Model& model, std::int64_t tokens, std::int64_t time_ms) const;
  void commit_use(const std::string& profile_id, const std::string& slug, std::int64_t time_ms, const UseDecision& decision);
  JournalRecord use_record(const std::string& profile_id, const std::string& slug, const UseDecision& decision,
                           std::int64_t time_ms, const std::string& cmd_id) const;

  // Completions from a listing's endpoint (ledger_completion.cpp). Before a request is sent, its worst case
  // (the prompt's estimate and every reply token allowed) must be covered: refused with insufficient_credits
  // otherwise, and nothing is sent. After the reply, one "complete" record bills what it used: at the
  // listing's input and output prices, or through its billing plans (tiers, bundles, a subscription,
  // loyalty) as a call of all its tokens.
  // `reserved_ucr`: the worst cases of this profile's requests still in flight (not yet billed).
  Outcome authorize_completion(const std::string& profile_id, const Model& model, std::int64_t prompt_tokens,
                               std::int64_t max_output_tokens, std::int64_t time_ms, Micros reserved_ucr = 0) const;
  Outcome complete(const std::string& profile_id, const Model& model, const CompletionBill& bill, std::int64_t time_ms,
                   const std::string& cmd_id) const;

  // What a call of `tokens` would be billed now, without a record (the model page's preview).
  Outcome quote_use(const std::string& profile_id, const Model& model, std::int64_t tokens, std::int64_t time_ms) const;

  // Why `record` cannot be applied next, or "" when it can: broken link or hash, unbalanced, a repeated
  // command id, an overflow, or fields and postings other than what its operation re-derives from the
  // record's own inputs. Changes nothing (dispatch checks before it writes the record).
  std::string check(const JournalRecord& record) const;
  // check(), then the record's effects. Replaying a journal and importing go through here too.
  std::string apply(const JournalRecord& record);
  // The effects of a record check() has just accepted against this very state, without checking it again
  // (dispatch checks a record before it writes it, then applies it: one re-derivation per command).
  void apply_checked(const JournalRecord& record);

  // Records the id -> result of a record already reflected in this ledger (one covered by a snapshot).
  void remember_command(const JournalRecord& record);

  // Fills seq, prev_hash and hash so the record extends this ledger's chain.
  void chain(JournalRecord& record) const;

  // The result fields of a committed record (what the command returned the first time).
  nlohmann::json result_of(const JournalRecord& record) const;

  // Queries.
  Micros balance(const std::string& account) const;
  const Profile* profile(const std::string& id) const;
  const ProfileActivity* activity(const std::string& profile_id) const;
  const ModelActivity* model_activity(const std::string& slug) const;
  const std::unordered_map<std::string, Micros>& balances() const { return balances_; }
  const std::map<std::string, Profile>& profiles() const { return profiles_; }
  // What the command with this id returned when it was committed, if it was (idempotency).
  std::optional<nlohmann::json> result_of_command(const std::string& cmd_id) const;
  // The request fingerprint its record carries ("" for records written before requests were recorded).
  std::string request_of_command(const std::string& cmd_id) const;
  std::int64_t last_seq() const { return last_seq_; }
  const std::string& last_hash() const { return last_hash_; }
  const LedgerPolicy& policy() const { return policy_; }
  // The pricing every call is billed under now.
  const PricingPolicy& pricing() const { return pricing_; }
  // Models listed by profiles on this device, in the order they were listed (current prices).
  const std::vector<Model>& listings() const { return listings_; }
  const Model* listing(const std::string& slug) const;
  // Changes whenever a listing is added or repriced (the market's catalog is rebuilt only then).
  std::uint64_t listings_version() const { return listings_version_; }
  const std::vector<BundleOffer>& bundle_offers() const { return bundle_offers_; }
  const std::vector<PlanOffer>& plan_offers() const { return plan_offers_; }
  const BundleOffer* bundle_offer(const std::string& id) const;
  const PlanOffer* plan_offer(const std::string& id) const;
  RevenueBySource revenue_by_source(const std::string& revenue_account) const;
  // The wallet's spend over the 30 days up to `time_ms`, and the loyalty tier it reaches under the policy.
  Micros trailing_spend(const std::string& profile_id, std::int64_t time_ms) const;
  LoyaltyStanding loyalty(const std::string& profile_id, std::int64_t time_ms) const;

  // Broken rules, empty when all hold: balances sum to zero, no wallet below zero, per-profile totals equal
  // their usage entries.
  std::string check_invariants() const;

  // Whole derived state as JSON (snapshots; equality of two ledgers in tests). Snapshots leave out the
  // command ids: load re-reads every record anyway and restores them with remember_command().
  nlohmann::json to_json(bool with_command_ids = true) const;
  static std::optional<Ledger> from_json(const nlohmann::json& doc, LedgerPolicy policy = {});

 private:
  Outcome refuse(std::string error, std::string message) const;
  // An unchained record (seq, links and hash are stamped by sealed(), or compared by check()).
  JournalRecord make_record(std::string kind, nlohmann::json data, std::vector<Posting> postings,
                            std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome sealed(Outcome outcome) const;
  // A built-in model, else a listing (the built-in wins a slug both have, as in the market).
  const Model* find_model(const std::string& slug) const;
  // The operations, unchained. `charge_override` bills a built-in model as its record states (replay).
  Outcome derive_profile(const std::string& email, const std::string& name, const std::string& picture_url,
                         const std::string& created_with, std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome derive_unlock(const std::string& profile_id, const std::string& slug, std::int64_t time_ms,
                        const std::string& cmd_id) const;
  Outcome derive_use(const std::string& profile_id, const std::string& slug, const Model* model,
                     const std::optional<ChargeModel>& charge_override, std::int64_t tokens, std::int64_t time_ms,
                     const std::string& cmd_id) const;
  UseDecision decide_use(const std::string& profile_id, const std::string& slug, const Model* model,
                         const std::optional<ChargeModel>& charge_override, std::int64_t tokens, std::int64_t time_ms) const;
  Outcome derive_rate(const std::string& profile_id, const std::string& slug, std::int64_t stars, std::int64_t time_ms,
                      const std::string& cmd_id) const;
  Outcome derive_list(const std::string& profile_id, ListingDraft draft, std::int64_t time_ms, const std::string& cmd_id,
                      const std::function<bool(const std::string&)>& slug_taken) const;
  Outcome derive_price(const std::string& profile_id, const std::string& slug, Micros price_per_1k_ucr,
                       std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome derive_top_up(const std::string& profile_id, Micros amount_ucr, std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome derive_policy(const std::string& profile_id, const PricingPolicy& pricing, std::int64_t time_ms,
                        const std::string& cmd_id) const;
  // Billing plans (ledger_billing.cpp).
  Outcome derive_charge(const std::string& profile_id, const std::string& slug, const nlohmann::json& model,
                        std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome derive_bundle_offer(const std::string& profile_id, const std::string& slug, const nlohmann::json& terms,
                              std::int64_t time_ms, const std::string& cmd_id) const;
  Outcome derive_bundle_buy(const std::string& profile_id, const std::string& bundle_id, std::int64_t time_ms,
                            const std::string& cmd_id) const;
  Outcome derive_plan_offer(const std::string& profile_id, const nlohmann::json& terms, std::int64_t time_ms,
                            const std::string& cmd_id) const;
  Outcome derive_subscribe(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                           const std::string& cmd_id) const;
  Outcome derive_cancel(const std::string& profile_id, const std::string& plan_id, std::int64_t time_ms,
                        const std::string& cmd_id) const;
  Outcome derive_due_event() const;
  UseDecision decide_complete(const std::string& profile_id, const std::string& slug, const CompletionBill& bill,
                              std::int64_t time_ms) const;
  Outcome derive_complete(const std::string& profile_id, const std::string& slug, const CompletionBill& bill,
                          std::int64_t time_ms, const std::string& cmd_id) const;
  // Whether a call on `model` goes through the billing engine (a charge model other than standard, loyalty,
  // a bundle or a subscription's tokens), rather than at a plain price.
  bool billed_by_plans(const std::string& profile_id, const Model& model, const ChargeModel& charge,
                       std::int64_t time_ms) const;
  // A call billed through bundles, a subscription, a charge model other than standard or loyalty cashback
  // (a standard pay-as-you-go call keeps the record it always had: decide_use).
  UseDecision decide_planned_use(const std::string& profile_id, const Model& model, const ChargeModel& charge,
                                 std::int64_t tokens, std::int64_t time_ms) const;
  // A call's effects other than posting its `postings` (the same for a record applied and a decision
  // committed). Reads tokens, cost_ucr, planned, parts, charged_by (set or not), cashback and platform payout.
  void apply_use(const std::string& profile_id, const std::string& slug, std::int64_t seq, std::int64_t time_ms,
                 const UseDecision& decision, const std::vector<Posting>& postings);
  bool has_usable_bundle(const std::string& profile_id, const std::string& slug, std::int64_t time_ms) const;
  std::optional<AllowanceHolding> allowance_for(const std::string& profile_id, const Model& model,
                                                std::int64_t time_ms) const;
  void apply_billing_effects(const JournalRecord& record);
  void note_spend(ProfileActivity& mine, std::int64_t time_ms, Micros amount);
  // A listing's charge model changed: every buyer's count of its tokens this month starts again.
  void forget_month_tokens(const std::string& slug);
  void schedule(std::int64_t due_ms, const std::string& profile_id, const std::string& kind, const std::string& key);
  nlohmann::json billing_json() const;
  bool billing_from_json(const nlohmann::json& doc);
  // What the record's own inputs make its operation record now (a refusal when they are not allowed).
  Outcome rederive(const JournalRecord& record) const;
  void apply_effects(const JournalRecord& record);

  LedgerPolicy policy_;
  PricingPolicy pricing_;
  std::vector<Model> listings_;
  std::unordered_map<std::string, std::size_t> listing_index_;  // slug -> position in listings_
  std::uint64_t listings_version_ = 0;
  std::unordered_map<std::string, Micros> balances_;
  std::map<std::string, Profile> profiles_;
  std::unordered_map<std::string, ProfileActivity> activity_;
  std::unordered_map<std::string, ModelActivity> models_;
  std::unordered_map<std::string, std::string> commands_;  // cmd_id -> its result fields (JSON text)
  std::unordered_map<std::string, std::string> requests_;  // cmd_id -> its request fingerprint, when recorded
  std::int64_t last_seq_ = 0;
  std::string last_hash_;
  std::vector<BundleOffer> bundle_offers_;
  std::vector<PlanOffer> plan_offers_;
  std::int64_t bundle_purchases_ = 0;
  std::unordered_map<std::string, RevenueBySource> revenue_sources_;  // revenue account -> by source
  // Events due: (due time, profile, kind "expire"|"renew", purchase or plan id), earliest first.
  std::set<std::tuple<std::int64_t, std::string, std::string, std::string>> due_;
};

}  // namespace mm::core
