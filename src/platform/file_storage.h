// Storage on a POSIX file system rooted at a folder. Used natively (tests, tools) and in the browser, where
// the folder is the IDBFS mount and `on_durable` asks the bridge to store what changed in IndexedDB (the
// files take_changed() names, in one transaction — never a walk of the whole tree).
#pragma once
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "platform/storage.h"

namespace mm::platform {

class FileStorage : public Storage {
 public:
  explicit FileStorage(std::string root, std::function<void()> on_durable = {});

  std::optional<std::string> read(std::string_view name) override;
  bool write_atomic(std::string_view name, std::string_view bytes) override;
  bool append(std::string_view name, std::string_view bytes) override;
  bool set_aside(std::string_view name, std::string_view suffix) override;
  bool remove(std::string_view name) override;
  void make_durable() override;

  const std::string& root() const { return root_; }
  // The files written, appended to, renamed or removed since the last call (names within the folder).
  std::vector<std::string> take_changed();

  // Fault injection, for tests: the next write to a file whose name starts with `name_prefix` fails at
  // `step`, the way a full disk or a browser refusing storage would. The failed write leaves the file as it
  // was (atomic writes keep the old file; appends are cut back to their old length).
  enum class Step { Bytes, Sync, Rename };  // the bytes (half written), the flush, the rename (atomic writes)
  void fail_next_write(std::string name_prefix, Step step);
  bool fault_pending() const { return fault_armed_; }

 private:
  bool fault_hits(std::string_view name, Step step);

  std::string path(std::string_view name) const;
  std::string root_;
  std::function<void()> on_durable_;
  std::set<std::string> changed_;
  bool fault_armed_ = false;
  std::string fault_prefix_;
  Step fault_step_ = Step::Bytes;
};

}  // namespace mm::platform
