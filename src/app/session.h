// A Session owns the AppState and its persistence: it loads what Storage holds (preferences, journal),
// passes every command through app::dispatch, and makes each committed change durable. The UI and the
// automation API both submit here, so a click and a script behave the same.
#pragma once
#include <string>

#include "app/app_state.h"
#include "app/command.h"
#include "app/journal_store.h"
#include "platform/storage.h"

namespace mm::app {

class Session {
 public:
  explicit Session(platform::Storage& storage, core::LedgerPolicy policy = {})
      : storage_(storage), journal_(storage), policy_(policy) {}

  // Loads the catalog (JSON text), the preferences and the journal. Never throws; problems are reported in
  // state().catalog_error and load_warning().
  void load(std::string_view catalog_json, const Context& ctx);

  // Runs a command: dispatch (ledger records are appended to the journal before they apply), plus the
  // commands that need storage: exportState and importState.
  Result submit(const Command& cmd, const Context& ctx);

  // In the browser, where tabs share storage: preferences and sign-in links are written only when the bridge
  // holds the storage lock and has synced in (save_small_files), never in between, so syncing in cannot
  // drop them and syncing out cannot carry stale copies. Journal appends already run under the lock.
  void defer_small_file_writes(bool defer) { defer_small_files_ = defer; }
  // Writes preferences and sign-in links if they changed; true when it wrote.
  bool save_small_files();

  // For the sign-in flows once they have verified an identity (see app::sign_in_verified).
  Result sign_in_verified(const std::string& email, const std::string& name, const Context& ctx,
                          const std::string& picture_url = "", const std::string& created_with = "email");

  // Takes in what other tabs saved since this one last looked (the bridge has synced storage in from
  // IndexedDB under the shared lock): their journal records are applied — or everything reloaded when the
  // journal was replaced — and pending sign-in links re-read. This tab's preferences stay its own.
  void catch_up(const Context& ctx);

  // Re-derives up to `records` more of the history the snapshot covered (loading opened from the snapshot and
  // the journal's tail). True while there is more to check. Should it fail, the snapshot is kept aside, the
  // state is rebuilt from the whole journal and load_warning() says so.
  bool check_history(std::int64_t records, const Context& ctx);
  // Percent of that history checked; -1 when no check is running.
  int history_checked_percent() const { return history_check_.running() ? history_check_.percent() : -1; }

  const AppState& state() const { return state_; }
  // Bytes of a completion's reply as the bridge reads them (see app::feed_completion): this tab's own state,
  // nothing stored.
  std::string feed_completion(const std::string& id, std::string_view bytes, bool streamed) {
    return app::feed_completion(state_, id, bytes, streamed);
  }
  // The JSON-able snapshot behind window.marketplace.state() (loyalty standing as of `now_ms`).
  json snapshot(std::int64_t now_ms = 0) const;
  // The whole state as JSON: every journal record (with its postings and hashes) and the preferences.
  json export_state();
  // Validates everything in `doc` before replacing anything; a rejected import changes nothing.
  Result import_state(const json& doc);

  // Set when saved data was damaged (and kept aside) on load.
  const std::string& load_warning() const { return load_warning_; }
  // Preferences were read from storage or saved since (false on a first visit: the browser's defaults apply).
  bool has_saved_prefs() const { return !saved_prefs_.empty(); }
  // Set when the last write failed; cleared by the next successful one.
  const std::string& save_error() const { return save_error_; }

 private:
  // Writes `bytes` to `file` unless they equal what was last saved there; true when it wrote.
  bool save_if_changed(const char* file, std::string bytes, std::string& saved, const char* failure);
  bool save_preferences();  // true when it wrote
  bool save_magic_links();  // true when it wrote
  bool append_to_journal(const core::JournalRecord& record);
  void after_command(std::int64_t seq_before);

  platform::Storage& storage_;
  JournalStore journal_;
  core::LedgerPolicy policy_;
  AppState state_;
  std::string saved_prefs_;  // the bytes last written, so unchanged preferences are not rewritten
  std::string saved_magic_links_;
  std::string saved_signed_in_;
  std::string saved_endpoints_;
  JournalStore::HistoryCheck history_check_;
  std::string load_warning_;
  std::string save_error_;
  bool defer_small_files_ = false;
};

}  // namespace mm::app
