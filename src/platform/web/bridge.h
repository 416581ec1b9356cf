// C++ side of window.marketplace (shell/bridge.js): the automation API and the URL. main() plugs in the
// handlers; the exported C functions below call them with JSON strings.
#pragma once
#include <functional>
#include <string>

namespace mm::platform::web {

struct BridgeHandlers {
  std::function<std::string(const std::string& command_json)> dispatch;  // -> result JSON
  std::function<std::string()> state;                                    // -> snapshot JSON
  std::function<std::string(const std::string& widget_id)> locate;       // -> {x,y,w,h} or null
  std::function<void(const std::string& status)> google_status;          // ready | not_configured | offline | unavailable
  std::function<std::string(const std::string& verified_json)> google_sign_in;  // {ok, email, name, picture | message}
  std::function<void(const std::string& text)> paste;                    // text pasted into the page
};

void set_bridge_handlers(BridgeHandlers handlers);

// An idle page draws nothing: whatever may change what the screen shows (a command, another tab's save, a
// storage result, a paste) asks for frames here, and the frame loop draws while any are wanted. New state
// shows in two (Dear ImGui sizes a window in one frame and shows it in the next); input asks for three. Each
// frame is work while calls run: two visible tabs drew six after every call, and slowed the next one.
void request_frames(int count = 2);
// Takes one wanted frame: true when this frame should be drawn; when none is wanted the frame loop pauses
// until request_frames() (from C++, or mm_wake on input in the page) resumes it.
bool take_frame();
// Tells the page a frame was drawn (the Google button follows its placeholder then, not every frame).
void notify_frame_drawn();
// Hands the accessibility mirror's description of the frame (ui/a11y_mirror.h) to shell/a11y.js.
void update_mirror(const std::string& mirror_json);

// A User Timing mark (performance.mark) for a step of start-up; make bench reports where the time goes.
void mark_startup(const char* step);
// Resolves window.marketplace.ready (state loaded, first frame drawn) and hides the loading indicator.
void notify_ready();
// Hands a command that uses shared state to the bridge, which runs it under the storage lock (see
// shell/bridge.js) and answers through mm_shared_done with the same ticket.
void submit_shared(const std::string& command_json, int ticket);
// A view's command that the bridge runs (it waits for the network); its answer comes back like submit_shared's.
void submit_to_bridge(const std::string& command_json, int ticket);
// Tells the page the app cannot start, with a message a person can read.
void notify_fatal(const std::string& message);

// The route in the URL (the part after '#'), or "" when there is none.
std::string current_hash_route();
// Puts `route` in the URL as #route, adding a history entry so Back returns to the previous screen
// (`replace`: changing the current entry instead, e.g. while typing a search).
void push_hash_route(const std::string& route, bool replace = false);

// What the person asked the browser for: less motion (no fades), a light colour scheme.
bool prefers_reduced_motion();
bool prefers_light_theme();

// The bridge's clock (Date.now() plus the offset tests may set).
double now_ms();
// `count` bytes from crypto.getRandomValues.
std::string random_bytes(std::size_t count);
// The page's URL without its '#...'.
std::string base_url();
void copy_to_clipboard(const std::string& text);
// Opens a URL: mailto: in this window (the mail app), anything else in a new tab.
void open_url(const std::string& url);
// Offers `text` as a file download named `filename`.
void download(const std::string& filename, const std::string& text);

}  // namespace mm::platform::web
