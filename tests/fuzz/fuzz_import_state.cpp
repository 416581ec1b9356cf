// libFuzzer target: importState with arbitrary bytes. An import must be refused with a message and change
// nothing, or be accepted only when every record hashes, links, balances and re-derives — and never crash.
//
// A mutated record almost never keeps its SHA-256, so most inputs are first "re-signed" the way a forger
// would: every record of the right shape gets seq 1..n, the previous record's hash and its own hash again.
// Then the ledger's re-derivation is what stands between the mutation and the state. One input in four (by
// its size, which the mutations change freely) is imported as it is, so the hash and link checks stay fuzzed.
#include <cstdint>

#include "app/session.h"
#include "../unit/memory_storage.h"
#include "ledger_fuzzing.h"
#include "platform/embedded_assets.h"

namespace {

// Re-numbers, re-links and re-hashes the records a forger could re-sign; leaves the others to be refused.
void resign(nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("records") || !doc["records"].is_array()) return;
  std::int64_t seq = 0;
  std::string prev_hash;
  for (nlohmann::json& item : doc["records"]) {
    std::optional<mm::core::JournalRecord> record = mm::fuzz::record_fields(item);
    ++seq;
    if (!record) continue;
    record->seq = seq;
    record->prev_hash = prev_hash;
    record->hash = record->compute_hash();
    item = record->body_json();
    item["hash"] = prev_hash = record->hash;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static mm::test::MemoryStorage storage;
  static mm::app::Session* session = [] {
    auto* s = new mm::app::Session(storage);
    s->load(mm::assets::catalog_json_text(), mm::app::Context::at(mm::fuzz::kTimeMs));
    return s;
  }();
  nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (size % 4 != 0) resign(doc);
  mm::app::Command import;
  import.type = "importState";
  import.args["state"] = std::move(doc);
  // An accepted import replaces the (static) session's state; the next input starts from that one.
  const nlohmann::json before = session->state().ledger.to_json();
  const std::string profile_before = session->state().prefs.profile_id;
  const mm::app::Result result = session->submit(import, mm::app::Context::at(mm::fuzz::kTimeMs));
  const mm::core::Ledger& ledger = session->state().ledger;
  if (result.ok) {
    if (!mm::fuzz::broken(ledger).empty()) __builtin_trap();  // accepted a state no command reaches
    // What was imported is what a reload (snapshot + journal, verified and replayed) finds.
    mm::app::Session reloaded(storage);
    reloaded.load(mm::assets::catalog_json_text(), mm::app::Context::at(mm::fuzz::kTimeMs));
    if (!reloaded.load_warning().empty() || reloaded.state().ledger.to_json() != ledger.to_json()) __builtin_trap();
  }
  // "The import was rejected and nothing changed."
  if (!result.ok && (ledger.to_json() != before || session->state().prefs.profile_id != profile_before))
    __builtin_trap();
  return 0;
}
