// Keeps the ledger in Storage.
//   journal-000001.jsonl, journal-000002.jsonl, ...  the journal, one record per line, kRecordsPerSegment
//       records per file. A call appends one line to the last file only, so the bytes written (and re-stored
//       in IndexedDB by IDBFS, which stores whole files) per call stay bounded however long the history.
//   snapshot.json  the ledger's derived state at the end of a segment, with a checksum: load starts from it
//       and replays only the journal's tail. The whole chain is still verified on every load. A snapshot
//       costs O(state), so they are spaced geometrically (at least an eighth of the journal apart): the
//       cost per record stays constant however long the history.
// Damage is never silently dropped: the bad file is kept aside (`*.corrupt-<time>`), the person is told,
// and the state is the last good one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/ledger.h"
#include "platform/storage.h"

namespace mm::app {

class JournalStore {
 public:
  static constexpr std::int64_t kRecordsPerSegment = 1000;

  explicit JournalStore(platform::Storage& storage) : storage_(storage) {}

  struct Loaded {
    core::Ledger ledger;
    std::string problem;            // what was damaged and what was done about it; empty when all was well
    std::int64_t records = 0;       // records verified in the journal
    std::int64_t replayed = 0;      // records applied on top of the snapshot (or from the start)
  };
  // Reads, verifies and replays. `now_ms` names set-aside files.
  Loaded load(const core::LedgerPolicy& policy, std::int64_t now_ms);

  // Applies to `ledger` the records another tab appended after its last one (this tab's storage having been
  // synced in from IndexedDB). Returns how many, or -1 when the journal on disk does not continue `ledger`
  // (another tab imported a different history, or the files are damaged): then load() from scratch.
  std::int64_t catch_up(core::Ledger& ledger);

  // Appends one record. False when the append failed: the record is then not committed.
  bool append(const core::JournalRecord& record);
  // Writes a snapshot when `ledger` has just completed a segment and enough records have passed since the
  // last one. A failed snapshot is harmless: the journal is the truth, and a later segment tries again.
  void snapshot_if_due(const core::Ledger& ledger);

  // Replaces everything with `records` (an import, already verified) and a snapshot of `after`.
  bool replace(const std::vector<core::JournalRecord>& records, const core::Ledger& after);

  // Every record, in order (for export).
  std::vector<core::JournalRecord> read_all();

  static std::string segment_name(std::int64_t seq);

 private:
  bool write_snapshot(const core::Ledger& ledger);
  // Keeps segment `index` aside (`*.corrupt-<stamp>`) with every later one, and its first `good_bytes` as the
  // journal's end, so the files agree with the ledger that was loaded and new records continue it.
  void keep_prefix(std::int64_t index, std::size_t good_bytes, const std::string& bytes, const std::string& stamp);

  platform::Storage& storage_;
  std::int64_t segments_on_disk_ = 0;
  std::int64_t snapshot_seq_ = 0;  // the seq the snapshot on disk was taken at
};

}  // namespace mm::app
