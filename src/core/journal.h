// The journal: append-only records of every committed change, each a balanced transaction, chained by
// SHA-256. One record = one JSON line.
//
// What the chain proves: the hash has no key, so it detects accidental damage (a cut-off write, a flipped
// byte) and edits made without re-hashing — nothing more; anyone can recompute it. A forged record that was
// re-hashed and re-chained is caught by re-derivation instead: Ledger::check replays each record's own inputs
// through the live operation and refuses postings or fields that operation would not have recorded.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::core {

struct Posting {
  std::string account;  // "wallet:<profile>", "revenue:<owner>", "platform:fees", "grants:welcome"
  Micros amount_ucr = 0;  // positive: credit to the account, negative: debit
  bool operator==(const Posting& other) const { return account == other.account && amount_ucr == other.amount_ucr; }
};

struct JournalRecord {
  std::int64_t seq = 0;       // 1, 2, 3, ... with no gaps
  std::int64_t time_ms = 0;   // when it was committed (ms since 1970, from the injected clock)
  std::string cmd_id;         // the command's id ("" when it had none)
  std::string kind;           // "profile", "unlock", "use", "rate", ...
  nlohmann::json data = nlohmann::json::object();  // the kind's fields (profile, slug, tokens, ...)
  std::vector<Posting> postings;
  std::string prev_hash;      // hash of the previous record ("" for the first)
  std::string hash;           // SHA-256 of this record's canonical form without `hash`

  // Canonical JSON (keys sorted, as nlohmann::json orders objects) without the "hash" field.
  nlohmann::json body_json() const;
  std::string compute_hash() const;
  // One line of JSON ending in '\n', including the hash.
  std::string to_line() const;
};

bool postings_balance(const std::vector<Posting>& postings);

struct ParsedRecord {
  std::optional<JournalRecord> record;
  std::string error;  // why the line is not a valid record
};
// Parses one line (without its '\n') and checks its shape and its own hash (not the chain).
ParsedRecord parse_record_line(std::string_view line);

// Checks `record` follows `previous` (seq + 1, prev_hash) or is the first (previous == nullptr: seq 1,
// empty prev_hash). Returns an error message, empty when it fits.
std::string check_link(const JournalRecord* previous, const JournalRecord& record);

}  // namespace mm::core
