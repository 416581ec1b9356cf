// A Session owns the AppState and its persistence: it loads what Storage holds, passes every command
// through app::dispatch, and writes what a committed command changed. The UI and the automation API both
// submit here, so a click and a script behave the same.
#pragma once
#include <string>

#include "app/app_state.h"
#include "app/command.h"
#include "platform/storage.h"

namespace mm::app {

class Session {
 public:
  explicit Session(platform::Storage& storage) : storage_(storage) {}

  // Loads the catalog (JSON text) and the persisted preferences. Never throws; problems are reported in
  // state().catalog_error or load_warning().
  void load(std::string_view catalog_json);

  Result submit(const Command& cmd, const Context& ctx);

  const AppState& state() const { return state_; }
  // The JSON-able snapshot behind window.marketplace.state().
  json snapshot() const;
  // Set when persisted data could not be read (it is then kept aside, not deleted).
  const std::string& load_warning() const { return load_warning_; }
  // Set when the last write failed; cleared by the next successful one.
  const std::string& save_error() const { return save_error_; }

 private:
  void save_preferences();

  platform::Storage& storage_;
  AppState state_;
  std::string saved_prefs_;  // the bytes last written, so unchanged preferences are not rewritten
  std::string load_warning_;
  std::string save_error_;
};

}  // namespace mm::app
