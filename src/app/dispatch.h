// The one door through which state changes: validate the command, apply it, say what happened.
// Deterministic given (state, command, context). On an error nothing changes.
#pragma once
#include <functional>

#include "app/app_state.h"
#include "app/command.h"
#include "core/journal.h"

namespace mm::app {

// Makes a ledger record durable before it is applied (Session appends it to the journal). Returning false
// refuses the command: nothing is applied that could not be saved.
using Commit = std::function<bool(const core::JournalRecord&)>;

Result dispatch(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit);

// Whether `cmd` reads or writes what every tab of the browser shares (the journal, pending sign-in links, who
// is signed in): the bridge runs such commands under the storage lock, after catching up with the other tabs.
// Commands that only change this tab's view (navigation, theme) run at once. Declared in dispatch.cpp's
// command table, next to each command's handler.
bool uses_shared_state(const Command& cmd);

// Whether `cmd` acts as the signed-in profile (ledger commands). Such a command may carry `profile`, the
// profile it was made for; when that is not the one signed in as it runs, it is refused (profile_changed).
bool acts_as_profile(const Command& cmd);

// Whether `cmd` runs in the bridge (shell/bridge.js), because it waits for the network: complete,
// stopCompletion, testEndpoint. The bridge runs the steps it needs through dispatch.
bool runs_in_bridge(const Command& cmd);

// Commits an operation's outcome for `cmd` (its record made durable with `commit`, then applied), or says why
// not. For command handlers outside dispatch.cpp.
Result commit_operation(AppState& state, core::Outcome outcome, const Commit& commit, const Command& cmd);

// Signs in a verified identity (magic link, Google), creating its profile with the welcome grant the first
// time. Not a Command: only the sign-in flows, which verify the identity, may call it.
// `created_with` ("email", "google") is recorded when the profile is new.
Result sign_in_verified(AppState& state, const std::string& email, const std::string& name,
                        const std::string& picture_url, const std::string& created_with, const Context& ctx,
                        const Commit& commit);

}  // namespace mm::app
