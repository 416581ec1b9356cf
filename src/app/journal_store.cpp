#include "app/journal_store.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/json_fields.h"
#include "core/sha256.h"

namespace mm::app {
namespace {

using nlohmann::json;
constexpr const char* kSnapshotFile = "snapshot.json";

std::int64_t segment_index(std::int64_t seq) { return (seq - 1) / JournalStore::kRecordsPerSegment + 1; }

std::string segment_file(std::int64_t index) {
  char name[48];
  std::snprintf(name, sizeof name, "journal-%06lld.jsonl", static_cast<long long>(index));
  return name;
}

constexpr std::int64_t kChunksPerSegment = JournalStore::kRecordsPerSegment / JournalStore::kRecordsPerChunk + 1;

std::string chunk_file(std::int64_t index, std::int64_t chunk) {
  char name[56];
  std::snprintf(name, sizeof name, "journal-%06lld.%03lld.jsonl", static_cast<long long>(index),
                static_cast<long long>(chunk));
  return name;
}

std::int64_t lines_in(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

}  // namespace

std::string JournalStore::segment_name(std::int64_t seq) {
  return chunk_file(segment_index(seq), (seq - 1) % kRecordsPerSegment / kRecordsPerChunk);
}

std::optional<std::string> JournalStore::read_segment(std::int64_t index) {
  std::optional<std::string> text = storage_.read(segment_file(index));
  std::int64_t lines = text ? lines_in(*text) : 0;
  if (lines >= kRecordsPerSegment) return text;  // sealed (chunks left by an interrupted seal are ignored)
  for (std::int64_t chunk = lines / kRecordsPerChunk; chunk < kChunksPerSegment; ++chunk) {
    const auto bytes = storage_.read(chunk_file(index, chunk));
    if (!bytes) break;
    text = text.value_or("") + *bytes;
  }
  return text;
}

void JournalStore::each_chunk(std::int64_t index, const std::function<void(const std::string&)>& action) {
  for (std::int64_t chunk = 0; chunk < kChunksPerSegment; ++chunk)
    if (storage_.read(chunk_file(index, chunk))) action(chunk_file(index, chunk));
}

bool JournalStore::write_snapshot(const core::Ledger& ledger) {
  json state = ledger.to_json(/*with_command_ids=*/false);
  const std::string checksum = core::sha256_hex(state.dump());
  const json doc = {{"schema", 1}, {"checksum", checksum}, {"ledger", std::move(state)}};
  if (!storage_.write_atomic(kSnapshotFile, doc.dump())) return false;
  snapshot_seq_ = ledger.last_seq();
  return true;
}

JournalStore::Loaded JournalStore::load(const core::LedgerPolicy& policy, std::int64_t now_ms, bool everything) {
  Loaded out{core::Ledger(policy), "", 0, 0, 0, {}};
  const std::string stamp = std::to_string(now_ms);
  std::vector<std::string> problems;

  // 1. The snapshot, if it is intact.
  std::optional<core::Ledger> snapshot;
  bool outdated = false;  // an intact snapshot from before billing plans: rebuilt from the journal, then rewritten
  if (const auto bytes = storage_.read(kSnapshotFile)) {
    json doc = json::parse(*bytes, nullptr, false);  // not const: its ledger is moved out below, not copied
    // Objects dump with sorted keys and integers exactly, so re-dumping reproduces the checksummed text.
    if (core::integer_field(doc, "schema", 0) == 1 && doc.contains("ledger") && doc["ledger"].is_object() &&
        core::text_field(doc, "checksum") == core::sha256_hex(doc["ledger"].dump())) {
      outdated = !doc["ledger"].contains("billing");
      if (!outdated) snapshot = core::Ledger::from_json(doc["ledger"], policy);
      if (snapshot && !everything) out.snapshot_state = std::move(doc["ledger"]);
    }
    if (!snapshot && !outdated) {
      storage_.set_aside(kSnapshotFile, stamp);
      problems.push_back("the saved snapshot was damaged (kept aside); the state was rebuilt from the journal");
    }
  }

  // 2. Every segment in order: verify each record and its link; replay what the snapshot does not cover.
  std::vector<core::JournalRecord> tail;  // records after the snapshot
  core::JournalRecord previous;
  bool have_previous = false, snapshot_matched = !snapshot || snapshot->last_seq() == 0;
  std::string damage;
  // From the snapshot's own segment (its last record must be there, with its hash), or from the start.
  const std::int64_t first = !everything && snapshot && snapshot->last_seq() > 0 ? segment_index(snapshot->last_seq()) : 1;
  std::int64_t index = first;
  out.records = (first - 1) * kRecordsPerSegment;
  for (;; ++index) {
    const auto bytes = read_segment(index);
    if (!bytes) break;
    std::size_t start = 0, good_bytes = 0;
    while (start < bytes->size() && damage.empty()) {
      const std::size_t end = bytes->find('\n', start);
      const std::string_view line(bytes->data() + start, (end == std::string::npos ? bytes->size() : end) - start);
      core::ParsedRecord parsed = end == std::string::npos
                                      ? core::ParsedRecord{std::nullopt, "it was cut off (incomplete last write)"}
                                      : core::parse_record_line(line);
      std::string error = parsed.error;
      if (error.empty() && !have_previous && first > 1) {
        const std::int64_t expected = (first - 1) * kRecordsPerSegment + 1;
        if (parsed.record->seq != expected)
          error = "record " + std::to_string(parsed.record->seq) + " where " + std::to_string(expected) + " was expected";
      } else if (error.empty()) {
        error = core::check_link(have_previous ? &previous : nullptr, *parsed.record);
      }
      if (!error.empty()) {
        damage = "record " + std::to_string(out.records + 1) + " in " + segment_file(index) + ": " + error;
        break;
      }
      previous = std::move(*parsed.record);
      have_previous = true;
      out.records = previous.seq;
      if (snapshot && previous.seq == snapshot->last_seq()) snapshot_matched = previous.hash == snapshot->last_hash();
      if (!snapshot || previous.seq > snapshot->last_seq()) tail.push_back(previous);
      else snapshot->remember_command(previous);
      start = end + 1;
      good_bytes = start;
    }
    if (!damage.empty()) {
      keep_prefix(index, good_bytes, *bytes, stamp);
      problems.push_back("the journal was damaged at " + damage +
                         "; it was kept aside and the state restored to the last good record");
      break;
    }
  }
  segments_on_disk_ = have_previous ? segment_index(previous.seq) : 0;

  // 3. The snapshot must agree with the journal; otherwise replay everything.
  if (snapshot && (!snapshot_matched || snapshot->last_seq() > out.records)) {
    storage_.set_aside(kSnapshotFile, stamp);
    problems.push_back("the saved snapshot disagreed with the journal (kept aside); the state was rebuilt from the journal");
    if (!everything) {  // the older history was not read: read and re-derive all of it now
      Loaded full = load(policy, now_ms, true);
      std::string said;
      for (const std::string& p : problems) said += (said.empty() ? "" : " ") + p + ".";
      full.problem = said + (full.problem.empty() ? "" : " " + full.problem);
      full.problem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(full.problem[0])));
      return full;
    }
    snapshot.reset();
    tail = read_all();
  }
  out.unchecked = !everything && snapshot ? snapshot->last_seq() : 0;
  snapshot_seq_ = snapshot ? snapshot->last_seq() : 0;
  if (snapshot) out.ledger = std::move(*snapshot);
  for (const core::JournalRecord& record : tail) {
    const std::string error = out.ledger.apply(record);
    if (!error.empty()) {
      // Kept aside from this record on, so the next command continues the history that was loaded.
      const std::int64_t index = segment_index(record.seq);
      const std::string bytes = read_segment(index).value_or("");
      std::size_t good_bytes = 0;
      for (std::int64_t line = (record.seq - 1) % kRecordsPerSegment; line > 0; --line)
        good_bytes = bytes.find('\n', good_bytes) + 1;
      keep_prefix(index, good_bytes, bytes, stamp);
      segments_on_disk_ = good_bytes > 0 ? index : index - 1;
      problems.push_back("a journal record could not be replayed (" + error +
                         "); it and the records after it were kept aside");
      break;
    }
    ++out.replayed;
  }
  // Every record was re-derived above (no snapshot): keep what billing plans add for the next load.
  if (outdated && problems.empty() && out.ledger.last_seq() > 0) write_snapshot(out.ledger);
  for (const std::string& p : problems) out.problem += (out.problem.empty() ? "" : " ") + p + ".";
  if (!out.problem.empty()) out.problem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out.problem[0])));
  return out;
}

void JournalStore::keep_prefix(std::int64_t index, std::size_t good_bytes, const std::string& bytes,
                               const std::string& stamp) {
  auto set_aside_segment = [&](std::int64_t i) {
    storage_.set_aside(segment_file(i), stamp);
    each_chunk(i, [&](const std::string& chunk) { storage_.set_aside(chunk, stamp); });
  };
  set_aside_segment(index);
  if (good_bytes > 0) storage_.write_atomic(segment_file(index), bytes.substr(0, good_bytes));
  for (std::int64_t later = index + 1; read_segment(later); ++later) set_aside_segment(later);
}

std::optional<JournalStore::Tail> JournalStore::read_segment_from(std::int64_t index, std::int64_t line) {
  // Kept in chunks alone (no file under the segment's own name): start at the chunk holding `line`.
  std::optional<std::string> whole = storage_.read(segment_file(index));
  if (!whole) {
    Tail tail{"", line / kRecordsPerChunk * kRecordsPerChunk};
    for (std::int64_t chunk = line / kRecordsPerChunk; chunk < kChunksPerSegment; ++chunk) {
      const auto bytes = storage_.read(chunk_file(index, chunk));
      if (!bytes) break;
      tail.text += *bytes;
    }
    if (tail.text.empty()) return std::nullopt;
    return tail;
  }
  // Sealed, or begun in the older one-file form: the whole segment (its chunks, if any, follow that file).
  if (lines_in(*whole) < kRecordsPerSegment) whole = read_segment(index);
  return Tail{std::move(*whole), 0};
}

std::int64_t JournalStore::catch_up(core::Ledger& ledger) {
  const std::int64_t last = ledger.last_seq();
  // Reading starts at the record this ledger ends with (its chunk, not its whole segment). That record must
  // still be on disk, with its hash; if not, the history was replaced.
  bool last_found = last == 0;
  std::int64_t applied = 0;
  std::int64_t index = last > 0 ? segment_index(last) : 1;
  for (std::int64_t line = last > 0 ? (last - 1) % kRecordsPerSegment : 0;; ++index, line = 0) {
    const std::optional<Tail> tail = read_segment_from(index, line);
    if (!tail) break;
    // Line n (from 0) of segment `index` holds record (index - 1) * kRecordsPerSegment + n + 1.
    std::int64_t seq = (index - 1) * kRecordsPerSegment + tail->first_line;
    for (std::size_t start = 0; start < tail->text.size();) {
      const std::size_t end = tail->text.find('\n', start);
      if (end == std::string::npos) return -1;  // a cut-off line: load() deals with damage
      const std::string_view text(tail->text.data() + start, end - start);
      start = end + 1;
      if (++seq < last) continue;
      if (seq == last) {
        last_found = text.find("\"hash\":\"" + ledger.last_hash() + "\"") != std::string_view::npos;
        if (!last_found) return -1;
        continue;
      }
      core::ParsedRecord parsed = core::parse_record_line(text);
      if (!parsed.record || !ledger.apply(*parsed.record).empty()) return -1;
      ++applied;
    }
  }
  if (!last_found) return -1;
  segments_on_disk_ = last + applied > 0 ? segment_index(last + applied) : 0;
  return applied;
}

bool JournalStore::append(const core::JournalRecord& record) {
  if (!storage_.append(segment_name(record.seq), record.to_line())) return false;
  const std::int64_t index = segment_index(record.seq);
  segments_on_disk_ = index;
  // The segment is complete: seal it in one file, written once, and drop its chunks. Should this fail or be
  // interrupted, the chunks still hold every record, and a later load reads them.
  if (record.seq % kRecordsPerSegment == 0) {
    const std::optional<std::string> whole = read_segment(index);
    if (whole && lines_in(*whole) == kRecordsPerSegment && storage_.write_atomic(segment_file(index), *whole))
      each_chunk(index, [&](const std::string& chunk) { storage_.remove(chunk); });
  }
  return true;
}

void JournalStore::snapshot_if_due(const core::Ledger& ledger) {
  const std::int64_t seq = ledger.last_seq();
  if (seq > 0 && seq % kRecordsPerSegment == 0 && seq - snapshot_seq_ >= std::max(kRecordsPerSegment, seq / 8))
    write_snapshot(ledger);
}

bool JournalStore::replace(const std::vector<core::JournalRecord>& records, const core::Ledger& after) {
  const std::int64_t old_segments = segments_on_disk_;
  std::int64_t index = 0;
  for (std::size_t start = 0; start < records.size(); start += kRecordsPerSegment) {
    std::string bytes;
    for (std::size_t i = start; i < records.size() && i < start + kRecordsPerSegment; ++i) bytes += records[i].to_line();
    if (!storage_.write_atomic(segment_file(++index), bytes)) return false;
  }
  for (std::int64_t old = 1; old <= std::max(index, old_segments); ++old) {
    each_chunk(old, [&](const std::string& chunk) { storage_.remove(chunk); });
    if (old > index) storage_.remove(segment_file(old));
  }
  segments_on_disk_ = index;
  storage_.remove(kSnapshotFile);
  return write_snapshot(after);
}

std::vector<core::JournalRecord> JournalStore::read_segment_records(std::int64_t index) {
  std::vector<core::JournalRecord> records;
  const auto bytes = read_segment(index);
  for (std::size_t start = 0; bytes && start < bytes->size();) {
    const std::size_t end = bytes->find('\n', start);
    if (end == std::string::npos) break;
    auto parsed = core::parse_record_line(std::string_view(bytes->data() + start, end - start));
    if (!parsed.record) break;
    records.push_back(std::move(*parsed.record));
    start = end + 1;
  }
  return records;
}

void JournalStore::discard_snapshot(const std::string& stamp) {
  storage_.set_aside(kSnapshotFile, stamp);
  snapshot_seq_ = 0;
}

bool JournalStore::HistoryCheck::step(JournalStore& store, std::int64_t records, core::Ledger& live) {
  if (!running()) return false;
  for (std::int64_t n = 0; n < records && replay_.last_seq() < target_; ++n) {
    if (next_ == pending_.size()) {
      pending_ = store.read_segment_records(segment_index(replay_.last_seq() + 1));
      next_ = 0;
      if (pending_.empty() || pending_.front().seq != replay_.last_seq() + 1) {
        problem_ = "record " + std::to_string(replay_.last_seq() + 1) + " is missing or damaged";
        break;
      }
    }
    const core::JournalRecord& record = pending_[next_++];
    if (std::string error = replay_.apply(record); !error.empty()) {
      problem_ = error;
      break;
    }
    live.remember_command(record);
  }
  if (problem_.empty() && replay_.last_seq() < target_) return true;
  // Re-derived up to the snapshot: the snapshot must be exactly that state.
  if (problem_.empty()) {
    const std::optional<core::Ledger> snapshot = core::Ledger::from_json(snapshot_state_, policy_);
    if (!snapshot || snapshot->to_json(false) != replay_.to_json(false))
      problem_ = "the saved snapshot is not what the journal's records give";
  }
  done_ = true;
  pending_.clear();
  return false;
}

std::vector<core::JournalRecord> JournalStore::read_all() {
  std::vector<core::JournalRecord> records;
  for (std::int64_t index = 1;; ++index) {
    const auto bytes = read_segment(index);
    if (!bytes) break;
    std::size_t start = 0;
    while (start < bytes->size()) {
      const std::size_t end = bytes->find('\n', start);
      if (end == std::string::npos) break;
      auto parsed = core::parse_record_line(std::string_view(bytes->data() + start, end - start));
      if (!parsed.record) return records;
      records.push_back(std::move(*parsed.record));
      start = end + 1;
    }
  }
  return records;
}

}  // namespace mm::app
