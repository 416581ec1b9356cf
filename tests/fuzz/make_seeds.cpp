// Writes the fuzzers' seed corpora from a real session (our own data, made at build time, never committed):
//   <dir>/import_state/*  exports of a small journal      <dir>/journal_record/*  its lines, and records
//                                                          that follow the fuzzer's history (ledger_fuzzing.h)
//   <dir>/catalog/*       the built-in catalog and a slice  <dir>/magic_link/*      a real link's route
//   <dir>/id_token/*      well-formed tokens (good and refused)
//   <dir>/completion_stream/*  replies of an inference endpoint (streamed, whole, an error)
#include "core/id_token.h"
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "app/session.h"
#include "../unit/memory_storage.h"
#include "ledger_fuzzing.h"
#include "platform/embedded_assets.h"

namespace {

std::string g_root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  ::mkdir(g_root.c_str(), 0755);
  ::mkdir((g_root + "/" + target).c_str(), 0755);
  std::ofstream(g_root + "/" + target + "/" + name, std::ios::binary) << bytes;
}

// A command with an id, so its record carries cmd_id and the request fingerprint as the app writes them.
mm::app::Command with_id(mm::app::Command cmd, std::string id) {
  cmd.id = std::move(id);
  return cmd;
}

// Records that can come next after mm::fuzz::history() (one of each kind, chained onto it): the journal
// fuzzer re-chains every line onto that history, so mutations of these start from records it accepts.
void write_next_records() {
  using mm::core::Outcome;
  const mm::core::Ledger history = mm::fuzz::history();
  const std::int64_t t = mm::fuzz::kTimeMs + 3'600'000;
  const std::string ann = mm::core::Ledger::profile_id_for("ann@example.org");
  const std::string bob = mm::core::Ledger::profile_id_for("bob@example.org");
  const mm::core::Model& quill = history.policy().builtin_models->at("quill-7b");
  const mm::core::Model& tutor = history.policy().builtin_models->at("tiny-tutor");
  const mm::core::Model& listed = *history.listing("anns-model");
  mm::core::ListingDraft draft;
  draft.name = "Bob Speech";
  draft.category = "Audio";
  draft.tags = {"speech", "fuzz"};
  draft.price_per_1k_ucr = 3;
  draft.latency_ms = 40;
  draft.description = "Another listing.";
  const std::pair<const char*, Outcome> next[] = {
      {"next_use", history.use(ann, quill, 2000, t, "n-1")},
      {"next_use_listing", history.use(bob, listed, 500, t, "")},
      {"next_rate", history.rate(bob, listed, 5, t, "n-2")},
      {"next_unlock", history.unlock(bob, quill, t, "")},
      {"next_unlock_other", history.unlock(ann, tutor, t, "n-3")},
      {"next_list", history.list_model(bob, draft, t, "n-4", [](const std::string&) { return false; })},
      {"next_price", history.set_listing_price(ann, "anns-model", 900, t, "")},
      {"next_policy", history.set_pricing(bob, mm::core::PricingPolicy{0, 0, {}}, t, "n-5")},
      {"next_profile", history.create_profile("cy@example.org", "Cy", "", "google", t, "")},
  };
  for (auto [name, outcome] : next) {
    if (!outcome.record) {
      std::fprintf(stderr, "make_seeds: %s was refused: %s\n", name, outcome.message.c_str());
      std::exit(1);
    }
    if (!outcome.record->cmd_id.empty()) {
      outcome.record->data["request"] = "feedfacefeedfacefeedfacefeedface";
      history.chain(*outcome.record);
    }
    const std::string line = outcome.record->to_line();
    write("journal_record", name, line.substr(0, line.size() - 1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds <dir>\n");
    return 2;
  }
  g_root = argv[1];
  using mm::app::Command;
  using nlohmann::json;
  mm::test::MemoryStorage storage;
  mm::app::Session session(storage);
  mm::app::Context ctx = mm::app::Context::at(1'790'000'000'000);
  ctx.entropy = std::string(32, '\x5a');
  ctx.base_url = "http://localhost/";
  session.load(mm::assets::catalog_json_text(), ctx);

  const json link = session.submit(Command::make("requestMagicLink", {{"email", "seed@example.org"}}), ctx).data;
  const std::string url = link.value("link", "");
  write("magic_link", "link", url.substr(url.find('#') + 1));
  write("magic_link", "market", "/market?q=speech&cat=Audio&sort=rated");
  // Every step must succeed, or the seeds would silently stop covering what they are meant to.
  auto run = [&](const Command& cmd) {
    const mm::app::Result result = session.submit(cmd, ctx);
    if (!result.ok) {
      std::fprintf(stderr, "make_seeds: %s failed: %s\n", cmd.type.c_str(), result.message.c_str());
      std::exit(1);
    }
  };
  run(Command::navigate(url.substr(url.find('#') + 1)));
  run(Command::make("unlock", {{"slug", "quill-7b"}}));
  run(with_id(Command::make("use", {{"slug", "quill-7b"}, {"tokens", 1500}}), "s-1"));
  run(Command::make("rate", {{"slug", "quill-7b"}, {"stars", 4}}));
  run(with_id(Command::make("listModel", {{"name", "Seed Model"}, {"category", "LLM"}, {"tags", {"seed"}},
                                          {"price_per_1k_ucr", 1000}, {"latency_ms", 100},
                                          {"description", "A model listed to seed the fuzzers."}}),
              "s-2"));
  run(Command::make("applyPricingPolicy", {{"platform_fee_bps", 1500}, {"min_charge_ucr", 20}}));
  // A second profile (signed in with Google) calls the first one's listing, whose price then changes.
  session.sign_in_verified("other@example.org", "Other", ctx, "https://example.org/other.png", "google");
  run(Command::make("unlock", {{"slug", "seed-model"}}));
  run(with_id(Command::make("use", {{"slug", "seed-model"}, {"tokens", 2500}}), "s-3"));
  run(Command::make("switchProfile", {{"profile", mm::core::Ledger::profile_id_for("seed@example.org")}}));
  run(with_id(Command::make("setListingPrice", {{"slug", "seed-model"}, {"price_per_1k_ucr", 1800}}), "s-4"));

  const json exported = session.export_state();
  write("import_state", "full", exported.dump());
  json small = exported;
  small["records"] = json::array({exported["records"][0]});
  write("import_state", "one_record", small.dump());
  int n = 0;
  for (const json& record : exported["records"]) write("journal_record", "r" + std::to_string(++n), record.dump());
  write_next_records();

  const std::string catalog(mm::assets::catalog_json_text());
  write("catalog", "builtin", catalog);
  json slice = json::parse(catalog);
  slice["models"] = json::array({slice["models"][0], slice["models"][1]});
  write("catalog", "two_models", slice.dump());

  const json header = {{"alg", "RS256"}, {"kid", "k1"}};
  const json claims = {{"iss", "https://accounts.google.com"}, {"aud", "client.apps.googleusercontent.com"},
                       {"exp", 1'790'000'600}, {"email", "seed@example.org"}, {"email_verified", true},
                       {"name", "Seed"}};
  write("id_token", "good", mm::core::base64url_encode(header.dump()) + "." + mm::core::base64url_encode(claims.dump()) + ".c2ln");
  json wrong = claims;
  wrong["aud"] = "another";
  write("id_token", "wrong_aud", mm::core::base64url_encode(header.dump()) + "." + mm::core::base64url_encode(wrong.dump()) + ".c2ln");
  // A streamed reply as inference servers send it (the first byte picks the fuzzer's chunk size), and a whole one.
  write("completion_stream", "stream",
        "\x05: keep-alive\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Gr\xC3\xBC\xC3\x9F\xC3\xA9 \"}}]}\n\n"
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\r\n\r\ndata: [DONE]\n\n");
  write("completion_stream", "whole",
        "\x01{\"choices\":[{\"message\":{\"content\":\"Hi\"}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}");
  write("completion_stream", "error", "\x02" "data: {\"error\":{\"message\":\"no\"}}\n\n");
  std::printf("seeds written to %s\n", g_root.c_str());
  return 0;
}
