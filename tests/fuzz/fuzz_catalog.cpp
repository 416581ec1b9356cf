// libFuzzer target: catalog JSON. All or nothing: either an error message or models that meet the rules.
#include <cstdint>
#include <string_view>
#include <unordered_set>

#include "core/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const mm::core::CatalogLoad load =
      mm::core::parse_catalog(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!load.ok() && !load.models.empty()) __builtin_trap();
  std::unordered_set<std::string> slugs;
  for (const mm::core::Model& m : load.models)
    if (!mm::core::is_valid_slug(m.slug) || !slugs.insert(m.slug).second || m.price_per_1k_ucr <= 0) __builtin_trap();
  return 0;
}
