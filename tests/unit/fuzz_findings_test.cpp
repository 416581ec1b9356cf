// Inputs the fuzzers (make fuzz) found that crashed the app, kept as tests. Each was an uncaught
// nlohmann type_error from value(key, default) on a member of the wrong type, which aborts the WASM app.
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
