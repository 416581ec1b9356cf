// Helpers shared by unit tests.
#pragma once
#include <string>
#include <vector>

#include "core/ledger.h"

namespace mm::test {

// A ledger policy whose built-in catalog is `models` (the app sets it from assets/catalog.json).
inline core::LedgerPolicy policy_with(const std::vector<core::Model>& models) {
  core::LedgerPolicy policy;
  policy.builtin_models = core::make_directory(models);
  return policy;
}

// A fresh empty folder for one test (under the test temp dir; works natively and in Node's MEMFS).
std::string fresh_directory(const std::string& name);

}  // namespace mm::test
