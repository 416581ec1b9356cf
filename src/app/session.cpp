#include "app/session.h"

#include "app/dispatch.h"
#include "app/market.h"
#include "app/plans.h"
#include "core/json_fields.h"

namespace mm::app {
namespace {

constexpr const char* kPrefsFile = "prefs.json";
constexpr const char* kMagicLinksFile = "magic_links.json";
constexpr const char* kSignedInFile = "signed_in.json";
constexpr const char* kEndpointsFile = "endpoints.json";  // API keys: never in the journal or an export
constexpr const char* kExportFormat = "model-marketplace-state";

std::string serialize(const Preferences& prefs) {
  return json{{"schema", 1},
              {"theme", theme_name(prefs.theme)},
              {"route", prefs.route},
              {"profile", prefs.profile_id},
              {"after_sign_in", prefs.after_sign_in}}
      .dump();
}

std::string serialize(const std::set<std::string>& signed_in) {
  return json{{"schema", 1}, {"profiles", signed_in}}.dump();
}

// signed_in.json: the profiles signed in on this device; nullopt when the bytes are not that.
std::optional<std::set<std::string>> parse_signed_in(const std::string& bytes) {
  const json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || core::integer_field(doc, "schema", 0) != 1 || !doc.contains("profiles") ||
      !doc["profiles"].is_array())
    return std::nullopt;
  std::set<std::string> out;
  for (const json& id : doc["profiles"]) {
    if (!id.is_string()) return std::nullopt;
    out.insert(id.get<std::string>());
  }
  return out;
}

// Which listings have an endpoint on this device (never the key), with the last Test connection's answer.
json endpoints_of(const AppState& state) {
  json out = json::object();
  for (const auto& [slug, e] : state.endpoints) {
    out[slug] = endpoint_public(e);
    if (const auto tested = state.endpoint_tests.find(slug); tested != state.endpoint_tests.end()) out[slug]["test"] = tested->second;
  }
  return out;
}

// The completions in flight in this tab: the answer so far.
json completions_of(const AppState& state) {
  json out = json::object();
  for (const auto& [id, c] : state.completions) out[id] = {{"slug", c.slug}, {"text", c.text}};
  return out;
}

// A profile's listings with what they earned (for state() and scripts).
json listings_of(const AppState& state, const std::string& profile_id) {
  json out = json::array();
  for (const core::Model& m : state.ledger.listings()) {
    if (m.owner_profile != profile_id) continue;
    const core::ModelActivity* live = state.ledger.model_activity(m.slug);
    out.push_back({{"slug", m.slug},
                   {"name", m.name},
                   {"price_per_1k_ucr", m.price_per_1k_ucr},
                   {"charge_model", charge_model_json(m)},
                   {"calls", live ? live->calls : 0},
                   {"tokens", live ? live->tokens : 0},
                   {"revenue_ucr", live ? live->revenue_ucr : 0}});
  }
  return out;
}

}  // namespace

void Session::load(std::string_view catalog_json, const Context& ctx) {
  core::CatalogLoad catalog = core::parse_catalog(catalog_json);
  state_.builtin_catalog = std::move(catalog.models);
  state_.catalog_error = std::move(catalog.error);
  policy_.builtin_models = core::make_directory(state_.builtin_catalog);

  // Open from the snapshot and the journal's tail; the older history is re-derived in the background.
  JournalStore::Loaded loaded = journal_.load(policy_, ctx.now_ms, /*everything=*/false);
  state_.ledger = std::move(loaded.ledger);
  load_warning_ = loaded.problem;
  history_check_ = loaded.unchecked > 0
                       ? JournalStore::HistoryCheck(policy_, loaded.unchecked, std::move(loaded.snapshot_state))
                       : JournalStore::HistoryCheck();
  rebuild_catalog(state_);

  if (const auto links = storage_.read(kMagicLinksFile)) {
    auto parsed = core::MagicLinks::from_json(json::parse(*links, nullptr, /*allow_exceptions=*/false));
    if (parsed) {
      state_.magic_links = std::move(*parsed);
      saved_magic_links_ = *links;
    } else {
      storage_.set_aside(kMagicLinksFile, std::to_string(ctx.now_ms));
      load_warning_ += std::string(load_warning_.empty() ? "" : " ") +
                       "Pending sign-in links could not be read (the file was kept); ask for a new link.";
    }
  }

  if (const auto endpoints = storage_.read(kEndpointsFile)) {
    if (auto parsed = parse_endpoints_file(*endpoints)) {
      state_.endpoints = std::move(*parsed);
      saved_endpoints_ = *endpoints;
    } else {
      storage_.set_aside(kEndpointsFile, std::to_string(ctx.now_ms));
      load_warning_ += std::string(load_warning_.empty() ? "" : " ") +
                       "The listings' endpoints could not be read (the file was kept); set them again in Builders.";
    }
  }

  const std::optional<std::string> signed_in_bytes = storage_.read(kSignedInFile);
  if (signed_in_bytes) {
    if (auto parsed = parse_signed_in(*signed_in_bytes)) {
      state_.signed_in = std::move(*parsed);
      saved_signed_in_ = *signed_in_bytes;
    } else {
      storage_.set_aside(kSignedInFile, std::to_string(ctx.now_ms));
      load_warning_ += std::string(load_warning_.empty() ? "" : " ") +
                       "The list of signed-in profiles could not be read (the file was kept); please sign in again.";
    }
  }

  const std::optional<std::string> bytes = storage_.read(kPrefsFile);
  if (!bytes) return;
  const json doc = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  // Replaying through dispatch validates the stored values exactly like fresh input.
  const Commit no_records = [](const core::JournalRecord&) { return false; };
  const bool valid = doc.is_object() && core::integer_field(doc, "schema", 0) == 1 &&
                     dispatch(state_, Command::set_theme(core::text_field(doc, "theme")), ctx, no_records).ok &&
                     dispatch(state_, Command::navigate(core::text_field(doc, "route")), ctx, no_records).ok;
  const std::string profile = core::text_field(doc, "profile");
  // Saved before sign-ins were kept apart from profiles: the profile that was signed in still is.
  if (!signed_in_bytes && state_.ledger.profile(profile)) state_.signed_in.insert(profile);
  if (valid && (profile.empty() || state_.ledger.profile(profile))) {
    state_.prefs.profile_id = state_.signed_in.count(profile) ? profile : "";
    state_.prefs.after_sign_in = core::text_field(doc, "after_sign_in");
    saved_prefs_ = *bytes;
    return;
  }
  state_.prefs = Preferences{};
  storage_.set_aside(kPrefsFile, std::to_string(ctx.now_ms));
  load_warning_ += (load_warning_.empty() ? "" : " ") +
                   std::string("Your saved preferences could not be read; defaults are used (the old file was kept).");
}

bool Session::check_history(std::int64_t records, const Context& ctx) {
  if (!history_check_.running()) return false;
  if (history_check_.step(journal_, records, state_.ledger)) return true;
  if (history_check_.problem().empty()) return false;
  // The same banner as a damaged load, and the same remedy: the journal's records are the truth.
  const std::string problem = history_check_.problem();
  journal_.discard_snapshot(std::to_string(ctx.now_ms));
  JournalStore::Loaded loaded = journal_.load(policy_, ctx.now_ms);
  state_.ledger = std::move(loaded.ledger);
  rebuild_catalog(state_);
  if (!state_.ledger.profile(state_.prefs.profile_id)) state_.prefs.profile_id.clear();
  load_warning_ = "Checking the saved history found a problem (" + problem +
                  "): the snapshot was kept aside and the state rebuilt from the journal." +
                  (loaded.problem.empty() ? "" : " " + loaded.problem);
  return false;
}

void Session::catch_up(const Context& ctx) {
  const std::uint64_t listings_before = state_.ledger.listings_version();
  const std::int64_t applied = journal_.catch_up(state_.ledger);
  if (applied < 0) {
    history_check_ = JournalStore::HistoryCheck();  // another history: the full load below checks it all
    JournalStore::Loaded loaded = journal_.load(policy_, ctx.now_ms);
    state_.ledger = std::move(loaded.ledger);
    if (!loaded.problem.empty()) load_warning_ = loaded.problem;
  }
  // Another tab's calls and ratings leave the catalog as it is; its listings and prices rebuild it.
  if (applied < 0 || state_.ledger.listings_version() != listings_before) rebuild_catalog(state_);
  if (const auto bytes = storage_.read(kSignedInFile); bytes && *bytes != saved_signed_in_) {
    if (auto parsed = parse_signed_in(*bytes)) {
      state_.signed_in = std::move(*parsed);
      saved_signed_in_ = *bytes;
    }
  }
  // Signed out in another tab (or gone with a replaced history): this tab is signed out too.
  if (!state_.ledger.profile(state_.prefs.profile_id) || !state_.signed_in.count(state_.prefs.profile_id))
    state_.prefs.profile_id.clear();
  if (const auto links = storage_.read(kMagicLinksFile); links && *links != saved_magic_links_) {
    if (auto parsed = core::MagicLinks::from_json(json::parse(*links, nullptr, /*allow_exceptions=*/false))) {
      state_.magic_links = std::move(*parsed);
      saved_magic_links_ = *links;
    }
  }
  if (const auto endpoints = storage_.read(kEndpointsFile); endpoints && *endpoints != saved_endpoints_) {
    if (auto parsed = parse_endpoints_file(*endpoints)) {
      state_.endpoints = std::move(*parsed);
      saved_endpoints_ = *endpoints;
    }
  }
}

bool Session::append_to_journal(const core::JournalRecord& record) {
  if (journal_.append(record)) return true;
  save_error_ = "Saving failed: the last change was not made. Check that this site may store data.";
  return false;
}

void Session::after_command(std::int64_t seq_before) {
  const bool journal_grew = state_.ledger.last_seq() != seq_before;
  if (journal_grew) {
    journal_.snapshot_if_due(state_.ledger);
    save_error_.clear();
  }
  if (defer_small_files_) {
    // The bridge calls save_small_files() once it holds the storage lock (see defer_small_file_writes).
    const bool changed = serialize(state_.prefs) != saved_prefs_ ||
                         state_.magic_links.to_json().dump() != saved_magic_links_ ||
                         serialize(state_.signed_in) != saved_signed_in_ ||
                         endpoints_file(state_.endpoints) != saved_endpoints_;
    if (changed || journal_grew) storage_.make_durable();
    return;
  }
  // Ask for a sync to IndexedDB only when something was written.
  const bool small_files_written = save_small_files();
  if (journal_grew && !small_files_written) storage_.make_durable();
}

bool Session::save_small_files() {
  const bool prefs_written = save_preferences();
  const bool links_written = save_magic_links();
  const bool signed_in_written =
      save_if_changed(kSignedInFile, serialize(state_.signed_in), saved_signed_in_,
                      "Saving who is signed in failed; you may have to sign in again after a reload.");
  const bool endpoints_written =
      save_if_changed(kEndpointsFile, endpoints_file(state_.endpoints), saved_endpoints_,
                      "Saving the listing's endpoint failed; set it again after a reload.");
  const bool written = prefs_written || links_written || signed_in_written || endpoints_written;
  if (written) storage_.make_durable();
  return written;
}

Result Session::submit(const Command& cmd, const Context& ctx) {
  // Idempotency covers the whole history: a command with an id waits for the history check to finish (it
  // re-learns the older records' ids), rare in practice but never a double charge.
  if (!cmd.id.empty())
    while (check_history(1'000'000, ctx)) {
    }
  if (cmd.type == "exportState") return Result::success({{"state", export_state()}});
  if (cmd.type == "importState") return import_state(cmd.args.value("state", json()));
  const std::int64_t seq_before = state_.ledger.last_seq();
  Result result = dispatch(state_, cmd, ctx, [this](const core::JournalRecord& r) { return append_to_journal(r); });
  if (result.ok) after_command(seq_before);
  return result;
}

Result Session::sign_in_verified(const std::string& email, const std::string& name, const Context& ctx,
                                 const std::string& picture_url, const std::string& created_with) {
  const std::int64_t seq_before = state_.ledger.last_seq();
  Result result = app::sign_in_verified(state_, email, name, picture_url, created_with, ctx,
                                        [this](const core::JournalRecord& r) { return append_to_journal(r); });
  if (result.ok) after_command(seq_before);
  return result;
}

bool Session::save_if_changed(const char* file, std::string bytes, std::string& saved, const char* failure) {
  if (bytes == saved) return false;
  if (!storage_.write_atomic(file, bytes)) {
    save_error_ = failure;
    return false;
  }
  saved = std::move(bytes);
  return true;
}

bool Session::save_preferences() {
  return save_if_changed(kPrefsFile, serialize(state_.prefs), saved_prefs_,
                         "Saving your preferences failed; they will be lost on reload.");
}

bool Session::save_magic_links() {
  return save_if_changed(kMagicLinksFile, state_.magic_links.to_json().dump(), saved_magic_links_,
                         "Saving the sign-in link failed; it will not work after a reload.");
}

json Session::snapshot(std::int64_t now_ms) const {
  json profile = nullptr;
  if (const core::Profile* p = state_.ledger.profile(state_.prefs.profile_id)) {
    const core::ProfileActivity* mine = state_.ledger.activity(p->id);
    json usage = json::array();
    for (auto it = mine->usage.rbegin(); it != mine->usage.rend() && usage.size() < 20; ++it)
      usage.push_back({{"time", it->time_ms}, {"slug", it->slug}, {"tokens", it->tokens}, {"cost_ucr", it->cost_ucr}});
    profile = {{"id", p->id},
               {"email", p->email},
               {"name", p->name},
               {"picture", p->picture_url},
               {"balance_ucr", state_.ledger.balance(core::wallet_account(p->id))},
               {"total_calls", mine->total_calls},
               {"total_spent_ucr", mine->total_spent_ucr},
               {"owned", mine->owned},
               {"recent_usage", usage},
               {"revenue_ucr", state_.ledger.balance(core::revenue_account(p->id))},
               {"listings", listings_of(state_, p->id)}};
    profile.update(plans_of(state_, p->id, now_ms));
  }
  json profiles = json::array();
  for (const auto& [id, p] : state_.ledger.profiles())
    profiles.push_back({{"id", id},
                        {"email", p.email},
                        {"name", p.name},
                        {"picture", p.picture_url},
                        {"created_with", p.created_with},
                        {"signed_in", state_.signed_in.count(id) > 0}});
  return json{
      {"route", state_.prefs.route},
      {"profiles", profiles},
      {"auth_message", state_.auth_message},
      {"theme", theme_name(state_.prefs.theme)},
      {"models_count", state_.catalog.size()},
      {"catalog_error", state_.catalog_error},
      {"profile", profile},
      {"journal_records", state_.ledger.last_seq()},
      {"offers", offers_of(state_)},
      {"endpoints", endpoints_of(state_)},
      {"completions", completions_of(state_)},
      {"next_due_ms", state_.ledger.next_due_ms() ? json(*state_.ledger.next_due_ms()) : json(nullptr)},
      {"pricing_policy",
       {{"platform_fee_bps", state_.ledger.pricing().platform_fee_bps},
        {"min_charge_ucr", state_.ledger.pricing().min_charge_ucr},
        {"loyalty", core::loyalty_json(state_.ledger.pricing().loyalty)}}},
      // What the platform holds: fees on sales, its plans' fees less what they paid owners, cashback paid.
      {"platform",
       {{"fees_ucr", state_.ledger.balance(core::kPlatformFeesAccount)},
        {"plans_ucr", state_.ledger.balance(core::kPlatformPlansAccount)},
        {"loyalty_ucr", state_.ledger.balance(core::kLoyaltyAccount)}}},
      {"save_error", save_error_},
      {"history_checked_percent", history_checked_percent()},
      {"load_warning", load_warning_},
  };
}

json Session::export_state() {
  json records = json::array();
  for (const core::JournalRecord& r : journal_.read_all()) {
    json line = r.body_json();
    line["hash"] = r.hash;
    records.push_back(std::move(line));
  }
  return {{"format", kExportFormat}, {"schema", 1}, {"records", records},
          {"preferences", json::parse(serialize(state_.prefs))}};
}

Result Session::import_state(const json& doc) {
  auto reject = [](const std::string& why) {
    return Result::failure("invalid_import", "The import was rejected and nothing changed: " + why);
  };
  if (core::text_field(doc, "format") != kExportFormat) return reject("this is not a Model Marketplace export.");
  if (core::integer_field(doc, "schema", 0) != 1)
    return reject("it was made by an unknown version (schema " + doc.value("schema", json()).dump() + ").");
  if (!doc.contains("records") || !doc["records"].is_array()) return reject("it has no list of records.");

  // Rebuild a ledger from scratch: every record must parse, hash, link, balance and apply.
  core::Ledger rebuilt(policy_);
  std::vector<core::JournalRecord> records;
  for (const json& item : doc["records"]) {
    core::ParsedRecord parsed = core::parse_record_line(item.dump());
    if (!parsed.record) return reject("record " + std::to_string(records.size() + 1) + " is invalid (" + parsed.error + ").");
    const std::string error = rebuilt.apply(*parsed.record);
    if (!error.empty()) return reject(error + ".");
    records.push_back(std::move(*parsed.record));
  }
  if (const std::string broken = rebuilt.check_invariants(); !broken.empty()) return reject(broken + ".");
  Preferences prefs = state_.prefs;
  if (doc.contains("preferences") && doc["preferences"].is_object()) {
    const std::string profile = core::text_field(doc["preferences"], "profile");
    prefs.profile_id = profile;
  }
  // An import never signs anyone in: the profile it was saved with is kept only if it is signed in here.
  if (!rebuilt.profile(prefs.profile_id) || !state_.signed_in.count(prefs.profile_id)) prefs.profile_id.clear();
  if (!journal_.replace(records, rebuilt)) {
    save_error_ = "Saving the imported state failed.";
    return Result::failure("save_failed", "The import could not be saved in this browser's storage.");
  }
  state_.ledger = std::move(rebuilt);
  history_check_ = JournalStore::HistoryCheck();  // every record of the import was re-derived above
  rebuild_catalog(state_);
  state_.prefs.profile_id = prefs.profile_id;
  save_small_files();
  storage_.make_durable();
  return Result::success({{"records", records.size()}});
}

}  // namespace mm::app
