// libFuzzer target: the URL route a magic link arrives by ("/auth/magic?token=…", or anything else typed
// after '#'). Routes parse to a screen; a link never signs anyone in unless its token was issued here.
#include <cstdint>
#include <string>

#include "app/dispatch.h"
#include "app/route.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  mm::app::parse_route(text);
  mm::app::AppState state;
  const mm::app::Context ctx = mm::app::Context::at(1'790'000'000'000);
  const mm::app::Commit commit = [](const mm::core::JournalRecord&) { return true; };
  for (const std::string& route : {text, "/auth/magic?token=" + text, "/auth/magic?" + text}) {
    mm::app::dispatch(state, mm::app::Command::navigate(route), ctx, commit);
    if (!state.prefs.profile_id.empty()) __builtin_trap();  // no link was issued, so nobody may be signed in
    // A sign-in link's route (and its token) never becomes the current route, accepted or refused.
    if (state.prefs.route.rfind("/auth/magic", 0) == 0) __builtin_trap();
  }
  return 0;
}
