#include "core/journal.h"

#include "core/sha256.h"

namespace mm::core {

using nlohmann::json;

json JournalRecord::body_json() const {
  json postings_json = json::array();
  for (const Posting& p : postings) postings_json.push_back({{"account", p.account}, {"amount_ucr", p.amount_ucr}});
  return json{{"seq", seq},   {"time", time_ms},          {"cmd_id", cmd_id},        {"kind", kind},
              {"data", data}, {"postings", postings_json}, {"prev_hash", prev_hash}};
}

std::string JournalRecord::compute_hash() const { return sha256_hex(body_json().dump()); }

std::string JournalRecord::to_line() const {
  json line = body_json();
  line["hash"] = hash;
  return line.dump() + "\n";
}

bool postings_balance(const std::vector<Posting>& postings) {
  Micros sum = 0;
  for (const Posting& p : postings) {
    const auto next = checked_add(sum, p.amount_ucr);
    if (!next) return false;
    sum = *next;
  }
  return sum == 0;
}

ParsedRecord parse_record_line(std::string_view line) {
  const json doc = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return {std::nullopt, "not a JSON object"};
  auto has = [&](const char* key, json::value_t type) { return doc.contains(key) && doc[key].type() == type; };
  using T = json::value_t;
  const bool seq_ok = has("seq", T::number_unsigned) || has("seq", T::number_integer);
  const bool time_ok = has("time", T::number_unsigned) || has("time", T::number_integer);
  if (!seq_ok || !time_ok || !has("cmd_id", T::string) || !has("kind", T::string) || !has("data", T::object) ||
      !has("postings", T::array) || !has("prev_hash", T::string) || !has("hash", T::string) || doc.size() != 8)
    return {std::nullopt, "missing or mistyped fields"};

  JournalRecord r;
  r.seq = doc["seq"].get<std::int64_t>();
  r.time_ms = doc["time"].get<std::int64_t>();
  r.cmd_id = doc["cmd_id"].get<std::string>();
  r.kind = doc["kind"].get<std::string>();
  r.data = doc["data"];
  for (const json& p : doc["postings"]) {
    if (!p.is_object() || p.size() != 2 || !p.contains("account") || !p["account"].is_string() ||
        !p.contains("amount_ucr") || !p["amount_ucr"].is_number_integer())
      return {std::nullopt, "a posting is malformed"};
    r.postings.push_back({p["account"].get<std::string>(), p["amount_ucr"].get<Micros>()});
  }
  r.prev_hash = doc["prev_hash"].get<std::string>();
  r.hash = doc["hash"].get<std::string>();
  // Lines are written canonically (to_line), so the hashed body is the line without its "hash" member: hash
  // those bytes directly instead of rebuilding and re-serializing the record.
  const std::string member = ",\"hash\":\"" + r.hash + "\"";
  const std::size_t at = line.find(member);
  if (at == std::string_view::npos) return {std::nullopt, "its hash does not match its content (edited or damaged)"};
  std::string body(line.substr(0, at));
  body.append(line.substr(at + member.size()));
  if (r.hash != sha256_hex(body)) return {std::nullopt, "its hash does not match its content (edited or damaged)"};
  if (!postings_balance(r.postings)) return {std::nullopt, "its postings do not sum to zero"};
  return {std::move(r), ""};
}

std::string check_link(const JournalRecord* previous, const JournalRecord& record) {
  const std::int64_t expected_seq = previous ? previous->seq + 1 : 1;
  if (record.seq != expected_seq)
    return "record " + std::to_string(record.seq) + " where " + std::to_string(expected_seq) + " was expected";
  const std::string expected_prev = previous ? previous->hash : "";
  if (record.prev_hash != expected_prev) return "record " + std::to_string(record.seq) + " breaks the hash chain";
  return "";
}

}  // namespace mm::core
