// Storage held in memory, for tests that need speed (no fsync) or to inspect and damage the bytes.
#pragma once
#include <map>
#include <string>

#include "platform/storage.h"

namespace mm::test {

class MemoryStorage : public platform::Storage {
 public:
  std::map<std::string, std::string> files;
  int durable_requests = 0;

  std::optional<std::string> read(std::string_view name) override {
    const auto it = files.find(std::string(name));
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
  bool write_atomic(std::string_view name, std::string_view bytes) override {
    files[std::string(name)] = std::string(bytes);
    return true;
  }
  bool append(std::string_view name, std::string_view bytes) override {
    files[std::string(name)] += std::string(bytes);
    return true;
  }
  bool set_aside(std::string_view name, std::string_view suffix) override {
    const auto it = files.find(std::string(name));
    if (it == files.end()) return false;
    files[it->first + ".corrupt-" + std::string(suffix)] = it->second;
    files.erase(it);
    return true;
  }
  bool remove(std::string_view name) override {
    files.erase(std::string(name));
    return true;
  }
  void make_durable() override { ++durable_requests; }
};

}  // namespace mm::test
