// Where state is kept between visits, behind an interface so the app never knows whether it runs in a
// browser (IDBFS at /persist) or natively (a folder, in tests and tools).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mm::platform {

class Storage {
 public:
  virtual ~Storage() = default;
  // The whole file, or nullopt when it does not exist.
  virtual std::optional<std::string> read(std::string_view name) = 0;
  // Replaces the file atomically: write `name.tmp`, flush, rename over `name`. Readers see the old or the new
  // bytes, never a mix. False when any step failed (the old file is then untouched).
  virtual bool write_atomic(std::string_view name, std::string_view bytes) = 0;
  // Appends bytes to the end of the file (creating it), flushed before returning.
  virtual bool append(std::string_view name, std::string_view bytes) = 0;
  // Moves a file out of the way (e.g. `journal` -> `journal.corrupt-<suffix>`) so bad data is kept, not lost.
  virtual bool set_aside(std::string_view name, std::string_view suffix) = 0;
  // Deletes the file; true when it is gone afterwards (also when it never existed).
  virtual bool remove(std::string_view name) = 0;
  // Makes everything written so far durable (browser: IDBFS sync to IndexedDB, coalesced while one is running).
  virtual void make_durable() = 0;
};

}  // namespace mm::platform
