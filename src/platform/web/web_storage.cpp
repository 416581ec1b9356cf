#include "platform/web/web_storage.h"

#include <emscripten.h>

#include "platform/web/bridge.h"

namespace mm::platform::web {
namespace {

void (*g_on_loaded)(bool) = nullptr;
SyncStatus g_status;

}  // namespace

// Syncing out lives in the bridge (shell/bridge.js, Module.mmShared): it is coalesced, and it runs under
// the storage lock shared with the browser's other tabs after syncing their changes in.
EM_JS(void, js_request_sync, (), { Module.mmShared.requestSync(); });

// IDBFS names its IndexedDB database after the mount point. The bridge names ours after the app's base path
// (Module.mmStorageName), so several copies of the app on one origin keep apart; the first time a copy on a
// sub-path starts, it adopts a copy of what the origin-wide database holds (saved before names were scoped),
// so nobody's saved state is lost. The stored entries keep IDBFS's own format and keys.
EM_JS(void, js_mount, (const char* root), {
  const path = UTF8ToString(root);
  const name = Module.mmStorageName || path;
  const openDB = IDBFS.getDB;
  const adoptLegacy = (done) => {
    if (name === path || !indexedDB.databases) return done();
    indexedDB.databases().then((dbs) => {
      const names = dbs.map((d) => d.name);
      if (names.includes(name) || !names.includes(path)) return done();
      openDB(path, (err, from) => {
        if (err) return done();
        const read = from.transaction([IDBFS.DB_STORE_NAME], "readonly").objectStore(IDBFS.DB_STORE_NAME);
        const keys = read.getAllKeys(), values = read.getAll();
        values.onerror = () => done();
        values.onsuccess = () => openDB(name, (err2, to) => {
          if (err2) return done();
          const write = to.transaction([IDBFS.DB_STORE_NAME], "readwrite");
          keys.result.forEach((key, i) => write.objectStore(IDBFS.DB_STORE_NAME).put(values.result[i], key));
          write.oncomplete = write.onerror = write.onabort = () => done();
        });
      });
    }, () => done());
  };
  adoptLegacy(() => {
    if (name !== path) IDBFS.getDB = (db, callback) => openDB(db === path ? name : db, callback);
    try { FS.mkdir(path); } catch (e) { /* exists */ }
    FS.mount(IDBFS, {}, path);
    FS.syncfs(true, function(err) {
      if (err) console.error("Model Marketplace: could not read saved state from IndexedDB:", err);
      Module.ccall("mm_storage_loaded", null, ["number"], [err ? 0 : 1]);
    });
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
  mm::platform::web::request_frames();
  if (mm::platform::web::g_on_loaded) mm::platform::web::g_on_loaded(ok != 0);
}

EMSCRIPTEN_KEEPALIVE void mm_sync_done(int ok, const char* error) {
  mm::platform::web::request_frames();  // "Saving…" ends, or an error is shown
  auto& status = mm::platform::web::g_status;
  status.error = ok ? "" : (std::string("Saving to this browser's storage failed: ") + error);
  // Busy while another sync is queued or running.
  status.busy = EM_ASM_INT({ return Module.mmShared.busy() ? 1 : 0; });
}
}
