#include "platform/web/web_storage.h"

#include <emscripten.h>

namespace mm::platform::web {
namespace {

void (*g_on_loaded)(bool) = nullptr;
SyncStatus g_status;

}  // namespace

// Coalescing lives in JS because FS.syncfs is asynchronous: while one sync runs, further requests only set
// a flag, and one more sync runs when it ends (covering every write made meanwhile).
EM_JS(void, js_request_sync, (), {
  const s = Module.mmSync || (Module.mmSync = {running: false, again: false});
  if (s.running) { s.again = true; return; }
  s.running = true;
  FS.syncfs(false, function(err) {
    s.running = false;
    Module.ccall("mm_sync_done", null, ["number", "string"], [err ? 0 : 1, err ? String(err) : ""]);
    if (s.again) { s.again = false; _mm_request_sync_again(); }
  });
});

EM_JS(void, js_mount, (const char* root), {
  const path = UTF8ToString(root);
  try { FS.mkdir(path); } catch (e) { /* exists */ }
  FS.mount(IDBFS, {}, path);
  FS.syncfs(true, function(err) {
    if (err) console.error("Model Marketplace: could not read saved state from IndexedDB:", err);
    Module.ccall("mm_storage_loaded", null, ["number"], [err ? 0 : 1]);
  });
});

void mount_persistent_storage(void (*on_loaded)(bool)) {
  g_on_loaded = on_loaded;
  js_mount(kPersistRoot);
}

void request_sync() {
  g_status.busy = true;
  js_request_sync();
}

SyncStatus sync_status() { return g_status; }

}  // namespace mm::platform::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void mm_storage_loaded(int ok) {
  if (mm::platform::web::g_on_loaded) mm::platform::web::g_on_loaded(ok != 0);
}

EMSCRIPTEN_KEEPALIVE void mm_request_sync_again() { mm::platform::web::js_request_sync(); }

EMSCRIPTEN_KEEPALIVE void mm_sync_done(int ok, const char* error) {
  auto& status = mm::platform::web::g_status;
  status.error = ok ? "" : (std::string("Saving to this browser's storage failed: ") + error);
  // Busy until the coalesced follow-up sync (if any) has finished too.
  status.busy = EM_ASM_INT({ return Module.mmSync && (Module.mmSync.running || Module.mmSync.again) ? 1 : 0; });
}
}
