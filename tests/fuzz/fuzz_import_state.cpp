// libFuzzer target: importState with arbitrary bytes. An import must be refused with a message, or be
// accepted only when every record hashes, links, balances and applies — and never crash.
#include <cstdint>

#include "app/session.h"
#include "../unit/memory_storage.h"
#include "platform/embedded_assets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static mm::test::MemoryStorage storage;
  static mm::app::Session* session = [] {
    auto* s = new mm::app::Session(storage);
    s->load(mm::assets::catalog_json_text(), mm::app::Context::at(1'790'000'000'000));
    return s;
  }();
  const auto doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  mm::app::Command import;
  import.type = "importState";
  import.args["state"] = doc;
  const mm::app::Result result = session->submit(import, mm::app::Context::at(1'790'000'000'000));
  if (result.ok && !session->state().ledger.check_invariants().empty()) __builtin_trap();  // accepted a bad ledger
  return 0;
}
