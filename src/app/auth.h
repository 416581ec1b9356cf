// Signing in without a server: magic links requested and redeemed in this browser, identities verified
// elsewhere (Google, in the bridge), and switching between the profiles kept on this device.
// Internal to app/: dispatch() routes the commands here.
#pragma once
#include "app/app_state.h"
#include "app/command.h"
#include "app/dispatch.h"

namespace mm::app {

inline constexpr const char* kMagicLinkRoute = "/auth/magic";

Result request_magic_link(AppState& state, const Command& cmd, const Context& ctx);
// Handles a navigation to "/auth/magic?token=…": signs in and moves to the market, or stays on the sign-in
// screen with the reason. Either way the token leaves the route.
Result open_magic_link(AppState& state, const std::string& route, const Context& ctx, const Commit& commit);
Result switch_profile(AppState& state, const Command& cmd);
Result close_outbox(AppState& state);
// Shows why a sign-in elsewhere (Google, checked in the bridge) failed.
Result report_sign_in_problem(AppState& state, const Command& cmd);

}  // namespace mm::app
