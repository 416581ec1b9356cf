// Keeps the ledger in Storage.
//   journal-000001.jsonl, journal-000002.jsonl, ...  the journal, one record per line, kRecordsPerSegment
//       records per sealed segment, written once when the segment is complete and never rewritten.
//   journal-000003.000.jsonl, journal-000003.001.jsonl, ...  the active segment's records, kRecordsPerChunk
//       per chunk (chunk k holds the segment's records 6k .. 6k+5). A call appends one line to one small
//       chunk, so the bytes stored in IndexedDB per call (IDBFS keeps whole files) stay under ~4 KB however
//       long the history. A segment is its sealed file, if complete; otherwise whatever its sealed-name file
//       holds (older versions kept the active segment there) followed by its chunks.
//   snapshot.json  the ledger's derived state at the end of a segment, with a checksum: load starts from it
//       and replays only the journal's tail. The whole chain is still verified on every load. A snapshot
//       costs O(state), so they are spaced geometrically (at least an eighth of the journal apart): the
//       cost per record stays constant however long the history.
// Damage is never silently dropped: the bad file is kept aside (`*.corrupt-<time>`), the person is told,
// and the state is the last good one.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ledger.h"
#include "platform/storage.h"

namespace mm::app {

class JournalStore {
 public:
  static constexpr std::int64_t kRecordsPerSegment = 1000;
  static constexpr std::int64_t kRecordsPerChunk = 6;  // ~500 bytes a record: chunks stay under 4 KB

  explicit JournalStore(platform::Storage& storage) : storage_(storage) {}

  struct Loaded {
    core::Ledger ledger;
    std::string problem;            // what was damaged and what was done about it; empty when all was well
    std::int64_t records = 0;       // the last record verified in the journal
    std::int64_t replayed = 0;      // records applied on top of the snapshot (or from the start)
    // Opened from the snapshot and the tail only: records 1..unchecked were not re-derived, and
    // `snapshot_state` (the snapshot's ledger JSON) is what re-deriving them must give (check_history).
    std::int64_t unchecked = 0;
    nlohmann::json snapshot_state;
  };
  // Reads, verifies and replays. `now_ms` names set-aside files. `everything`: verify and re-derive the whole
  // journal now; otherwise start from the snapshot's segment and leave the older history to a HistoryCheck.
  Loaded load(const core::LedgerPolicy& policy, std::int64_t now_ms, bool everything = true);

  // Re-derives the history a snapshot covers, a slice at a time, so opening the app never waits for it.
  class HistoryCheck {
   public:
    HistoryCheck() = default;
    HistoryCheck(const core::LedgerPolicy& policy, std::int64_t target, nlohmann::json snapshot_state)
        : replay_(policy), policy_(policy), target_(target), snapshot_state_(std::move(snapshot_state)) {}
    bool running() const { return target_ > 0 && !done_; }
    // Re-derives up to `records` more; false once done. problem() then says what failed ("" when it held).
    // `live` learns the command ids of the records re-derived (idempotency across the whole history).
    bool step(JournalStore& store, std::int64_t records, core::Ledger& live);
    int percent() const { return target_ ? static_cast<int>(replay_.last_seq() * 100 / target_) : 100; }
    const std::string& problem() const { return problem_; }

   private:
    core::Ledger replay_;
    core::LedgerPolicy policy_;
    std::int64_t target_ = 0;
    nlohmann::json snapshot_state_;
    std::vector<core::JournalRecord> pending_;  // parsed records of the segment being checked
    std::size_t next_ = 0;
    bool done_ = false;
    std::string problem_;
  };

  // Applies to `ledger` the records another tab appended after its last one (this tab's storage having been
  // synced in from IndexedDB). Returns how many, or -1 when the journal on disk does not continue `ledger`
  // (another tab imported a different history, or the files are damaged): then load() from scratch.
  std::int64_t catch_up(core::Ledger& ledger);

  // Appends one record. False when the append failed: the record is then not committed.
  bool append(const core::JournalRecord& record);
  // Writes a snapshot when `ledger` has just completed a segment and enough records have passed since the
  // last one. A failed snapshot is harmless: the journal is the truth, and a later segment tries again.
  void snapshot_if_due(const core::Ledger& ledger);

  // Keeps the snapshot aside (`*.corrupt-<stamp>`): the next load re-derives everything from the journal.
  void discard_snapshot(const std::string& stamp);

  // Replaces everything with `records` (an import, already verified) and a snapshot of `after`.
  bool replace(const std::vector<core::JournalRecord>& records, const core::Ledger& after);

  // Every record, in order (for export).
  std::vector<core::JournalRecord> read_all();
  // The records of one segment, parsed (hash-checked); stops at the first line that does not parse.
  std::vector<core::JournalRecord> read_segment_records(std::int64_t index);

  // The file the record with this seq is appended to (its chunk of the active segment).
  static std::string segment_name(std::int64_t seq);

 private:
  bool write_snapshot(const core::Ledger& ledger);
  // Segment `index` as one text (sealed file, or its sealed-name file followed by its chunks); nullopt when
  // it has neither.
  std::optional<std::string> read_segment(std::int64_t index);
  // Segment `index` from the chunk holding its line `line` (from 0) on, with the line its text starts at;
  // the whole segment when it is sealed or kept in the older one-file form.
  struct Tail {
    std::string text;
    std::int64_t first_line = 0;
  };
  std::optional<Tail> read_segment_from(std::int64_t index, std::int64_t line);
  // Applies `action` to each chunk file of segment `index` that exists.
  void each_chunk(std::int64_t index, const std::function<void(const std::string&)>& action);
  // Keeps segment `index` aside (`*.corrupt-<stamp>`) with every later one, and its first `good_bytes` as the
  // journal's end, so the files agree with the ledger that was loaded and new records continue it.
  void keep_prefix(std::int64_t index, std::size_t good_bytes, const std::string& bytes, const std::string& stamp);

  platform::Storage& storage_;
  std::int64_t segments_on_disk_ = 0;
  std::int64_t snapshot_seq_ = 0;  // the seq the snapshot on disk was taken at
};

}  // namespace mm::app
