// libFuzzer target: one journal line. Parsing must refuse or give a record whose hash covers the line; a
// parsed record applied to an empty ledger must be refused or keep the ledger's invariants.
//
// A mutated line almost never keeps its SHA-256, so the line's fields are also re-signed the way a forger
// would (seq, prev_hash and hash made to follow a ledger with some history) and applied to a copy of that
// ledger: the re-derivation in Ledger::check must refuse it without changing anything, or accept it and keep
// every invariant.
#include <cstdint>
#include <string_view>

#include "core/journal.h"
#include "core/ledger.h"
#include "ledger_fuzzing.h"

namespace {

using mm::core::JournalRecord;
using mm::core::Ledger;
using mm::core::ParsedRecord;

// `record` applied to `ledger` (a copy): refused and nothing changed, or accepted, every invariant holds and
// a snapshot of the result loads back to the same state (load = snapshot + journal tail).
void check_apply(Ledger ledger, const JournalRecord& record, const nlohmann::json& before) {
  if (ledger.apply(record).empty()) {
    if (!mm::fuzz::broken(ledger).empty()) __builtin_trap();
    const nlohmann::json after = ledger.to_json();
    const std::optional<Ledger> reloaded = Ledger::from_json(after, ledger.policy());
    if (!reloaded || reloaded->to_json() != after) __builtin_trap();
  } else if (ledger.to_json() != before) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Ledger empty(mm::fuzz::app_policy());
  static const nlohmann::json empty_json = empty.to_json();
  static const Ledger history = mm::fuzz::history();
  static const nlohmann::json history_json = history.to_json();
  const std::string_view line(reinterpret_cast<const char*>(data), size);

  const ParsedRecord parsed = mm::core::parse_record_line(line);
  if (parsed.record) {
    check_apply(empty, *parsed.record, empty_json);
    // What parses must print back to a line (without its '\n', as the journal splits them) that parses to
    // the same record.
    const std::string printed = parsed.record->to_line();
    const ParsedRecord again = mm::core::parse_record_line(std::string_view(printed).substr(0, printed.size() - 1));
    if (!again.record || again.record->hash != parsed.record->hash) __builtin_trap();
  }

  const nlohmann::json doc = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  std::optional<JournalRecord> record = mm::fuzz::record_fields(doc);
  if (!record) return 0;
  history.chain(*record);
  // A record the app writes (to_line) must parse back whenever it balances: the parser hashes the line's
  // bytes, not a re-serialization, so this pins the two to the same canonical form.
  const std::string printed = record->to_line();
  const ParsedRecord again = mm::core::parse_record_line(std::string_view(printed).substr(0, printed.size() - 1));
  if (mm::core::postings_balance(record->postings) != again.record.has_value()) __builtin_trap();
  check_apply(history, *record, history_json);
  return 0;
}
