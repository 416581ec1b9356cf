// Helpers shared by unit tests.
#pragma once
#include <string>

namespace mm::test {

// A fresh empty folder for one test (under the test temp dir; works natively and in Node's MEMFS).
std::string fresh_directory(const std::string& name);

}  // namespace mm::test
