#include "platform/web/bridge.h"

#include <algorithm>
#include <cstdlib>
#include <emscripten.h>

namespace mm::platform::web {
namespace {

BridgeHandlers g_handlers;
int g_frames_wanted = 3;  // the first frames draw regardless
bool g_loop_paused = false;
bool g_holding = false;  // a storage section holds the lock: draw after it, not in the middle of it

void resume_if_wanted() {
  if (g_loop_paused && !g_holding && g_frames_wanted > 0) {
    g_loop_paused = false;
    emscripten_resume_main_loop();
  }
}
std::string g_reply;  // returned strings live here until the next call (JS copies them at once)

const char* reply(std::string text) {
  g_reply = std::move(text);
  return g_reply.c_str();
}

}  // namespace

void set_bridge_handlers(BridgeHandlers handlers) { g_handlers = std::move(handlers); }

void request_frames(int count) {
  g_frames_wanted = std::max(g_frames_wanted, count);
  resume_if_wanted();
}

bool take_frame() {
  if (g_frames_wanted == 0 || g_holding) {  // holding: drawn once the section has stored its result
    // Not even an empty animation-frame callback while idle: the loop sleeps until something wakes it.
    g_loop_paused = true;
    emscripten_pause_main_loop();
    return false;
  }
  --g_frames_wanted;
  return true;
}

void notify_frame_drawn() {
  EM_ASM({ if (Module.mmAfterFrame) Module.mmAfterFrame(); });
}

void update_mirror(const std::string& mirror_json) {
  EM_ASM({ if (Module.mmMirror) Module.mmMirror.update(UTF8ToString($0)); }, mirror_json.c_str());
}

bool prefers_reduced_motion() {
  return EM_ASM_INT({ return Module.mmMirror && Module.mmMirror.reducedMotion() ? 1 : 0; }) != 0;
}

bool prefers_light_theme() {
  return EM_ASM_INT({ return Module.mmMirror && Module.mmMirror.prefersLight() ? 1 : 0; }) != 0;
}

void mark_startup(const char* step) {
  EM_ASM({ performance.mark(UTF8ToString($0)); }, step);
}

void notify_ready() {
  EM_ASM({ if (Module.mmOnReady) Module.mmOnReady(); });
}

void submit_shared(const std::string& command_json, int ticket) {
  EM_ASM({ Module.mmShared.submitFromUi(UTF8ToString($0), $1); }, command_json.c_str(), ticket);
}

void submit_to_bridge(const std::string& command_json, int ticket) {
  EM_ASM({ Module.mmShared.submitToBridge(UTF8ToString($0), $1); }, command_json.c_str(), ticket);
}

void notify_fatal(const std::string& message) {
  EM_ASM({ if (Module.mmOnFatal) Module.mmOnFatal(UTF8ToString($0)); }, message.c_str());
}

// Strings from JS: a malloc'ed UTF-8 copy, taken over and freed here. (A pointer fits an int: wasm32.)
EM_JS(char*, js_string, (int what, int count), {
  let text = "";
  if (what === 0) text = window.location.hash.replace(/^#/, "");  // as is: C++ decodes each value once
  if (what === 1) text = Module.mmBridge.randomHex(count);
  if (what === 2) text = Module.mmBridge.baseUrl();
  const size = lengthBytesUTF8(text) + 1;
  const ptr = _malloc(size);
  stringToUTF8(text, ptr, size);
  return ptr;
});

static std::string take_js_string(int what, int count = 0) {
  char* text = js_string(what, count);
  std::string out = text;
  free(text);
  return out;
}

std::string current_hash_route() { return take_js_string(0); }

void push_hash_route(const std::string& route, bool replace) {
  EM_ASM({
    const hash = "#" + UTF8ToString($0);
    if (window.location.hash === hash) return;
    // Leaving a sign-in link: replace it too, so the token is not kept in the history.
    if ($1 || window.location.hash.startsWith("#/auth/")) history.replaceState(null, "", hash);
    else window.location.hash = hash;
  }, route.c_str(), replace ? 1 : 0);
}

double now_ms() {
  return EM_ASM_DOUBLE({ return Module.mmBridge.now(); });
}

std::string random_bytes(std::size_t count) {
  const std::string hex = take_js_string(1, static_cast<int>(count));
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes;
}

std::string base_url() { return take_js_string(2); }

void copy_to_clipboard(const std::string& text) {
  EM_ASM({ Module.mmBridge.copy(UTF8ToString($0)); }, text.c_str());
}

void download(const std::string& filename, const std::string& text) {
  EM_ASM({ Module.mmBridge.download(UTF8ToString($0), UTF8ToString($1)); }, filename.c_str(), text.c_str());
}

void open_url(const std::string& url) {
  EM_ASM({ Module.mmBridge.open(UTF8ToString($0)); }, url.c_str());
}

}  // namespace mm::platform::web

extern "C" {

// Input reached the page (shell/bridge.js listens): wake the frame loop so SDL's queued events are handled.
EMSCRIPTEN_KEEPALIVE void mm_wake() { mm::platform::web::request_frames(); }

// While the bridge holds the storage lock, frames wait: a resumed loop draws at once, and every later step of
// the section (IndexedDB, the lock's release) would then queue behind a software-rendered frame. Released,
// the frames wanted meanwhile are drawn — showing the result once it is saved.
EMSCRIPTEN_KEEPALIVE void mm_hold_frames(int hold) {
  mm::platform::web::g_holding = hold != 0;
  mm::platform::web::resume_if_wanted();
}

EMSCRIPTEN_KEEPALIVE const char* mm_dispatch(const char* command_json) {
  using namespace mm::platform::web;
  request_frames();
  if (!g_handlers.dispatch) return reply(R"({"ok":false,"error":"not_ready","message":"The app is still loading."})");
  return reply(g_handlers.dispatch(command_json));
}

EMSCRIPTEN_KEEPALIVE const char* mm_state() {
  using namespace mm::platform::web;
  return reply(g_handlers.state ? g_handlers.state() : "null");
}

EMSCRIPTEN_KEEPALIVE const char* mm_set_google_status(const char* status) {
  using namespace mm::platform::web;
  request_frames();
  if (g_handlers.google_status) g_handlers.google_status(status);
  return reply("true");
}

EMSCRIPTEN_KEEPALIVE const char* mm_google_sign_in(const char* verified_json) {
  using namespace mm::platform::web;
  request_frames();
  return reply(g_handlers.google_sign_in ? g_handlers.google_sign_in(verified_json) : "null");
}

EMSCRIPTEN_KEEPALIVE const char* mm_paste(const char* text) {
  using namespace mm::platform::web;
  request_frames();
  if (g_handlers.paste) g_handlers.paste(text);
  return reply("true");
}

EMSCRIPTEN_KEEPALIVE const char* mm_locate(const char* widget_id) {
  using namespace mm::platform::web;
  return reply(g_handlers.locate ? g_handlers.locate(widget_id) : "null");
}
}
