// The browser side of persistence: IDBFS mounted at /persist, loaded once from IndexedDB before the app
// reads anything, and synced back after writes (one sync at a time; requests during a sync are coalesced).
#pragma once
#include <string>

namespace mm::platform::web {

inline constexpr const char* kPersistRoot = "/persist";

// Mounts IDBFS and starts the initial load from IndexedDB. When it finishes, `on_loaded(ok)` is called
// from the browser's event loop (ok == false: IndexedDB is unavailable; the app runs without saving).
void mount_persistent_storage(void (*on_loaded)(bool ok));

// Asks for /persist to be written to IndexedDB. Cheap to call often.
void request_sync();

struct SyncStatus {
  bool busy = false;      // a sync is running or queued
  std::string error;      // the last sync's failure, empty after a success
};
SyncStatus sync_status();

}  // namespace mm::platform::web
