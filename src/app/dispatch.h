// The one door through which state changes: validate the command, apply it, say what happened.
// Deterministic given (state, command, context). On an error nothing changes.
#pragma once
#include "app/app_state.h"
#include "app/command.h"

namespace mm::app {

Result dispatch(AppState& state, const Command& cmd, const Context& ctx);

}  // namespace mm::app
