// Shared by the ledger's fuzz targets and make_seeds. A mutated journal line almost never matches its
// SHA-256, so without help the fuzzers only ever reach the hash check; these helpers rebuild a mutated record
// from its fields and re-hash it, so that the ledger's re-derivation (Ledger::check) is what gets fuzzed —
// the defence against an edited and re-hashed journal. Plus a small history to chain records onto, and
// invariants stronger than Ledger::check_invariants (a fuzzer should trap on any state no command reaches).
#pragma once
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/catalog.h"
#include "core/journal.h"
#include "core/ledger.h"
#include "platform/embedded_assets.h"

namespace mm::fuzz {

inline constexpr std::int64_t kTimeMs = 1'790'000'000'000;

// The fields of a journal record, read tolerantly: any JSON object whose time, cmd_id, kind, data and
// postings have the journal's types (seq, prev_hash, hash and any other member are ignored: the caller stamps
// the chain). nullopt when one of those fields is missing or mistyped — the parser's own refusal covers that.
inline std::optional<core::JournalRecord> record_fields(const nlohmann::json& doc) {
  if (!doc.is_object()) return std::nullopt;
  auto has = [&](const char* key, bool (nlohmann::json::*is)() const noexcept) {
    return doc.contains(key) && (doc[key].*is)();
  };
  using J = nlohmann::json;
  if (!has("time", &J::is_number_integer) || !has("cmd_id", &J::is_string) || !has("kind", &J::is_string) ||
      !has("data", &J::is_object) || !has("postings", &J::is_array))
    return std::nullopt;
  core::JournalRecord r;
  r.time_ms = doc["time"].get<std::int64_t>();
  r.cmd_id = doc["cmd_id"].get<std::string>();
  r.kind = doc["kind"].get<std::string>();
  r.data = doc["data"];
  for (const J& p : doc["postings"]) {
    if (!p.is_object() || !p.contains("account") || !p["account"].is_string() || !p.contains("amount_ucr") ||
        !p["amount_ucr"].is_number_integer())
      return std::nullopt;
    r.postings.push_back({p["account"].get<std::string>(), p["amount_ucr"].get<core::Micros>()});
  }
  return r;
}

// The policy the app runs with: the built-in catalog's models can be unlocked, called and rated.
inline core::LedgerPolicy app_policy() {
  core::LedgerPolicy policy;
  policy.builtin_models = core::make_directory(core::parse_catalog(mm::assets::catalog_json_text()).models);
  return policy;
}

// A ledger with some of every kind of record, built through the same operations as live commands: two
// profiles (magic link, Google with a picture), unlocks, calls to a built-in model and to a listing, a rating,
// a listing and its price change, a policy change; some carry a command id and a request fingerprint as
// dispatch writes them. Mutated records are chained onto it, so the ones that depend on earlier records
// (use, rate, price) can be accepted, not only a first "profile".
inline core::Ledger history() {
  core::Ledger ledger(app_policy());
  std::int64_t t = kTimeMs;
  auto commit = [&](core::Outcome out, const char* request = nullptr) {
    if (!out.record) std::abort();  // the history no longer builds: the ledger's API or rules changed
    if (request) {
      out.record->data["request"] = request;
      ledger.chain(*out.record);
    }
    if (!ledger.apply(*out.record).empty()) std::abort();
    t += 1000;
  };
  const core::Model& quill = ledger.policy().builtin_models->at("quill-7b");
  const std::string ann = core::Ledger::profile_id_for("ann@example.org");
  const std::string bob = core::Ledger::profile_id_for("bob@example.org");
  commit(ledger.create_profile("ann@example.org", "Ann", "", "email", t, ""));
  commit(ledger.unlock(ann, quill, t, "c-1"), "0123456789abcdef0123456789abcdef");
  commit(ledger.use(ann, quill, 1500, t, "c-2"), "11111111111111111111111111111111");
  commit(ledger.use(ann, quill, 20, t, ""));
  commit(ledger.rate(ann, quill, 4, t, "c-3"));
  core::ListingDraft draft;
  draft.name = "Ann's Model";
  draft.slug = "anns-model";
  draft.category = "LLM";
  draft.tags = {"fuzz"};
  draft.price_per_1k_ucr = 1000;
  draft.latency_ms = 120;
  draft.description = "A listing for the fuzzers to call.";
  commit(ledger.list_model(ann, draft, t, "c-4", [](const std::string&) { return false; }));
  commit(ledger.create_profile("bob@example.org", "Bob", "https://example.org/bob.png", "google", t, ""));
  const core::Model listed = *ledger.listing("anns-model");
  commit(ledger.unlock(bob, listed, t, ""));
  commit(ledger.use(bob, listed, 3000, t, "c-5"));
  commit(ledger.set_listing_price(ann, "anns-model", 2500, t, "c-6"));
  commit(ledger.set_pricing(ann, core::PricingPolicy{1500, 20, {}}, t, ""));
  commit(ledger.use(bob, *ledger.listing("anns-model"), 700, t, ""));
  return ledger;
}

// Why `ledger` is in a state no sequence of commands can reach, or "" — Ledger::check_invariants, plus what
// follows from the record kinds there are: only grants:welcome is ever debited below zero (revenue and fees
// are only credited), and it has paid exactly one welcome grant per profile.
inline std::string broken(const core::Ledger& ledger) {
  if (std::string why = ledger.check_invariants(); !why.empty()) return why;
  for (const auto& [account, amount] : ledger.balances())
    if (amount < 0 && account != core::kGrantsAccount) return account + " is below zero";
  if (ledger.balance(core::kGrantsAccount) !=
      -ledger.policy().welcome_grant_ucr * static_cast<core::Micros>(ledger.profiles().size()))
    return "the welcome grants paid are not one per profile";
  return "";
}

}  // namespace mm::fuzz
