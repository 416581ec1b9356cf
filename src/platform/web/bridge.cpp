#include "platform/web/bridge.h"

#include <cstdlib>
#include <emscripten.h>

namespace mm::platform::web {
namespace {

BridgeHandlers g_handlers;
std::string g_reply;  // returned strings live here until the next call (JS copies them at once)

const char* reply(std::string text) {
  g_reply = std::move(text);
  return g_reply.c_str();
}

}  // namespace

void set_bridge_handlers(BridgeHandlers handlers) { g_handlers = std::move(handlers); }

void notify_ready() {
  EM_ASM({ if (Module.mmOnReady) Module.mmOnReady(); });
}

void notify_fatal(const std::string& message) {
  EM_ASM({ if (Module.mmOnFatal) Module.mmOnFatal(UTF8ToString($0)); }, message.c_str());
}

std::string current_hash_route() {
  // A pointer fits an int: this is wasm32.
  char* text = reinterpret_cast<char*>(EM_ASM_INT({
    const hash = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    const size = lengthBytesUTF8(hash) + 1;
    const ptr = _malloc(size);
    stringToUTF8(hash, ptr, size);
    return ptr;
  }));
  std::string route = text;
  free(text);
  return route;
}

void push_hash_route(const std::string& route) {
  EM_ASM({
    const hash = '#' + UTF8ToString($0);
    if (decodeURIComponent(window.location.hash) !== hash) window.location.hash = hash;
  }, route.c_str());
}

double now_ms() {
  return EM_ASM_DOUBLE({ return Date.now(); });
}

}  // namespace mm::platform::web

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* mm_dispatch(const char* command_json) {
  using namespace mm::platform::web;
  if (!g_handlers.dispatch) return reply(R"({"ok":false,"error":"not_ready","message":"The app is still loading."})");
  return reply(g_handlers.dispatch(command_json));
}

EMSCRIPTEN_KEEPALIVE const char* mm_state() {
  using namespace mm::platform::web;
  return reply(g_handlers.state ? g_handlers.state() : "null");
}

EMSCRIPTEN_KEEPALIVE const char* mm_locate(const char* widget_id) {
  using namespace mm::platform::web;
  return reply(g_handlers.locate ? g_handlers.locate(widget_id) : "null");
}
}
