// libFuzzer target: one journal line. Parsing must refuse or give a record whose hash covers the line; a
// parsed record applied to an empty ledger must be refused or keep the ledger's invariants.
#include <cstdint>
#include <string_view>

#include "core/journal.h"
#include "core/ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const mm::core::ParsedRecord parsed = mm::core::parse_record_line(line);
  if (!parsed.record) return 0;
  mm::core::Ledger ledger;
  if (ledger.apply(*parsed.record).empty() && !ledger.check_invariants().empty()) __builtin_trap();
  // What parses must print back to a line (without its '\n', as the journal splits them) that parses to the
  // same record.
  const std::string printed = parsed.record->to_line();
  const mm::core::ParsedRecord again = mm::core::parse_record_line(std::string_view(printed).substr(0, printed.size() - 1));
  if (!again.record || again.record->hash != parsed.record->hash) __builtin_trap();
  return 0;
}
