// Inputs the fuzzers (make fuzz) found that crashed the app, kept as tests. The first were uncaught nlohmann
// type_errors from value(key, default) on a member of the wrong type, which abort the WASM app; then a
// float read as an integer (undefined behaviour) once the fuzzers re-hashed their records.
#include <gtest/gtest.h>

#include "app/session.h"
#include "core/catalog.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"

using namespace mm;
using app::json;

TEST(FuzzFindings, ACatalogWhoseSchemaIsNotANumberIsRefused) {
  const core::CatalogLoad load = core::parse_catalog(R"({"schema": [1], "models": []})");
  EXPECT_FALSE(load.ok());
  EXPECT_NE(load.error.find("schema"), std::string::npos);
}

TEST(FuzzFindings, AnImportWithMistypedFieldsIsRejectedNotCrashed) {
  test::MemoryStorage storage;
  app::Session session(storage);
  const app::Context ctx = app::Context::at(1'790'000'000'000);
  session.load(assets::catalog_json_text(), ctx);
  for (const json& doc : {json{{"format", 7}}, json{{"format", "model-marketplace-state"}, {"schema", "1"}},
                          json{{"format", "model-marketplace-state"}, {"schema", 1}, {"records", json::array()},
                               {"preferences", {{"profile", 42}}}}}) {
    const app::Result result = session.submit(app::Command::make("importState", {{"state", doc}}), ctx);
    if (!result.ok) {
      EXPECT_EQ(result.error, "invalid_import") << doc.dump();
    }
  }
}

TEST(FuzzFindings, SavedFilesWithMistypedFieldsLoadWithAWarningNotACrash) {
  test::MemoryStorage storage;
  storage.files["prefs.json"] = R"({"schema": 1, "theme": 5, "route": ["/market"]})";
  storage.files["snapshot.json"] = R"({"schema": "1", "checksum": 3, "ledger": {}})";
  app::Session session(storage);
  session.load(assets::catalog_json_text(), app::Context::at(1'790'000'000'000));
  EXPECT_EQ(session.state().prefs.theme, app::Theme::Dark);
  EXPECT_EQ(session.state().prefs.route, "/market");
  EXPECT_NE(session.load_warning(), "");
}

// Found by fuzz_journal_record with re-hashed records: a "list" record whose latency is 1e40 was read with
// get<int64_t>() — a float out of range, undefined behaviour (UBSan). Now any fraction refuses the record.
TEST(FuzzFindings, AListingRecordWithAFloatOutOfRangeIsRefused) {
  core::Ledger ledger;
  ASSERT_EQ(ledger.apply(*ledger.create_profile("ada@example.org", "Ada", "", "email", 0, "").record), "");
  core::JournalRecord r;
  r.kind = "list";
  r.data = json::parse(R"({"category":"LLM","description":"A model that is big.","latency_ms":1e40,"name":"Big",
                           "price_per_1k_ucr":1000,"profile":"","slug":"big","tags":["big"]})");
  r.data["profile"] = core::Ledger::profile_id_for("ada@example.org");
  ledger.chain(r);
  const json before = ledger.to_json();
  EXPECT_NE(ledger.apply(r), "");
  EXPECT_EQ(ledger.to_json(), before);
  json snapshot = ledger.to_json();
  snapshot["last_seq"] = 1e40;
  EXPECT_FALSE(core::Ledger::from_json(snapshot).has_value());
}
