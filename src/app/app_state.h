// Everything the app knows, owned in one place. Views read it; only app::dispatch changes it.
#pragma once
#include <string>
#include <vector>

#include "core/catalog.h"

namespace mm::app {

enum class Theme { Dark, Light };

// UI preferences that survive a reload (persisted by Session as prefs.json).
struct Preferences {
  Theme theme = Theme::Dark;
  std::string route = "/market";  // the last screen, reopened when the page is loaded without a #route
};

struct AppState {
  std::vector<core::Model> catalog;
  std::string catalog_error;  // why the built-in catalog could not be loaded, shown instead of the list
  Preferences prefs;
};

inline const char* theme_name(Theme theme) { return theme == Theme::Light ? "light" : "dark"; }

}  // namespace mm::app
