#include "app/dispatch.h"

namespace mm::app {
namespace {

// A route is the part of the URL after '#': "/market", "/model/<slug>", ...
bool is_valid_route(const std::string& route) {
  if (route.empty() || route.front() != '/' || route.size() > 512) return false;
  for (unsigned char c : route)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

Result navigate(AppState& state, const Command& cmd) {
  const json& route = cmd.args.value("route", json());
  if (!route.is_string() || !is_valid_route(route.get<std::string>()))
    return Result::failure("invalid_route", "A route starts with '/' and is at most 512 printable characters.");
  state.prefs.route = route.get<std::string>();
  return Result::success({{"route", state.prefs.route}});
}

Result set_theme(AppState& state, const Command& cmd) {
  const json& theme = cmd.args.value("theme", json());
  if (theme == "dark") state.prefs.theme = Theme::Dark;
  else if (theme == "light") state.prefs.theme = Theme::Light;
  else return Result::failure("invalid_theme", "The theme is \"dark\" or \"light\".");
  return Result::success({{"theme", theme_name(state.prefs.theme)}});
}

}  // namespace

Result dispatch(AppState& state, const Command& cmd, const Context& /*ctx*/) {
  if (cmd.type == "navigate") return navigate(state, cmd);
  if (cmd.type == "setTheme") return set_theme(state, cmd);
  if (cmd.type.empty())
    return Result::failure("invalid_command", "A command is an object with a string \"type\" field.");
  return Result::failure("unknown_command", "There is no command called \"" + cmd.type + "\".");
}

}  // namespace mm::app
