// Storage on a POSIX file system rooted at a folder. Used natively (tests, tools) and in the browser, where
// the folder is the IDBFS mount and `on_durable` asks Emscripten to sync it to IndexedDB.
#pragma once
#include <functional>
#include <string>

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

 private:
  std::string path(std::string_view name) const;
  std::string root_;
  std::function<void()> on_durable_;
};

}  // namespace mm::platform
