#include "app/session.h"

#include "app/dispatch.h"

namespace mm::app {
namespace {

constexpr const char* kPrefsFile = "prefs.json";

std::string serialize(const Preferences& prefs) {
  return json{{"schema", 1}, {"theme", theme_name(prefs.theme)}, {"route", prefs.route}}.dump();
}

}  // namespace

void Session::load(std::string_view catalog_json) {
  core::CatalogLoad catalog = core::parse_catalog(catalog_json);
  state_.catalog = std::move(catalog.models);
  state_.catalog_error = std::move(catalog.error);

  const std::optional<std::string> bytes = storage_.read(kPrefsFile);
  if (!bytes) return;
  const json doc = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  // Replaying through dispatch validates the stored values exactly like fresh input.
  const Context ctx;
  const bool valid = doc.is_object() && doc.value("schema", 0) == 1 &&
                     dispatch(state_, Command::set_theme(doc.value("theme", "")), ctx).ok &&
                     dispatch(state_, Command::navigate(doc.value("route", "")), ctx).ok;
  if (valid) {
    saved_prefs_ = *bytes;
    return;
  }
  state_.prefs = Preferences{};
  storage_.set_aside(kPrefsFile, "unreadable");
  load_warning_ = "Your saved preferences could not be read; defaults are used (the old file was kept).";
}

Result Session::submit(const Command& cmd, const Context& ctx) {
  Result result = dispatch(state_, cmd, ctx);
  if (result.ok) save_preferences();
  return result;
}

void Session::save_preferences() {
  std::string bytes = serialize(state_.prefs);
  if (bytes == saved_prefs_) return;
  if (!storage_.write_atomic(kPrefsFile, bytes)) {
    save_error_ = "Saving your preferences failed; they will be lost on reload.";
    return;
  }
  saved_prefs_ = std::move(bytes);
  save_error_.clear();
  storage_.make_durable();
}

json Session::snapshot() const {
  return json{
      {"route", state_.prefs.route},
      {"theme", theme_name(state_.prefs.theme)},
      {"models_count", state_.catalog.size()},
      {"catalog_error", state_.catalog_error},
      {"profile", nullptr},
      {"save_error", save_error_},
      {"load_warning", load_warning_},
  };
}

}  // namespace mm::app
