#include "test_support.h"

#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace mm::test {

std::string fresh_directory(const std::string& name) {
  static int counter = 0;
  const std::string dir =
      ::testing::TempDir() + "mm-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  ::mkdir(dir.c_str(), 0755);
  return dir;
}

}  // namespace mm::test
