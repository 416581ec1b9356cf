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
// (Module.mmStorageName), so several copies of the app on one origin keep apart. A copy on a sub-path whose
// database holds nothing adopts a copy of the origin-wide database (saved before names were scoped), under
// the storage lock so two tabs starting together copy once; nobody's saved state is lost. Entries keep
// IDBFS's own format and keys. The bridge reads them (Module.mmShared.load): it started that read with the
// page, so by now it has usually finished.
EM_JS(void, js_mount, (const char* root), {
  const path = UTF8ToString(root);
  const name = Module.mmStorageName || path;
  const store = IDBFS.DB_STORE_NAME;
  const adoptLegacy = (done) => {
    if (name === path) return done();
    const copy = (release) => IDBFS.getDB(name, (err, to) => {
      if (err) return release();
      const count = to.transaction([store], "readonly").objectStore(store).count();
      count.onerror = release;
      count.onsuccess = () => {
        if (count.result > 0) return release();  // it has state of its own
        IDBFS.getDB(path, (err2, from) => {
          if (err2) return release();
          const read = from.transaction([store], "readonly").objectStore(store);
          const keys = read.getAllKeys(), values = read.getAll();
          values.onerror = release;
          values.onsuccess = () => {
            const write = to.transaction([store], "readwrite");
            keys.result.forEach((key, i) => write.objectStore(store).put(values.result[i], key));
            write.oncomplete = write.onerror = write.onabort = release;
          };
        });
      };
    });
    const locked = navigator.locks ? navigator.locks.request(Module.mmStorageLock, () => new Promise((ok) => copy(() => ok())))
                                   : new Promise((ok) => copy(() => ok()));
    locked.then(done, done);
  };
  adoptLegacy(() => {
    // Should anything ever call FS.syncfs, it must reach this copy's database, not the origin-wide one.
    if (name !== path) { const openDB = IDBFS.getDB; IDBFS.getDB = (db, callback) => openDB(db === path ? name : db, callback); }
    Module.mmIDBFS = IDBFS;  // the bridge checks it still stores files the way it reads and writes them
    try { FS.mkdir(path); } catch (e) { /* exists */ }
    FS.mount(IDBFS, {}, path);
    Module.mmShared.load().then((ok) => Module.ccall("mm_storage_loaded", null, ["number"], [ok ? 1 : 0]));
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
