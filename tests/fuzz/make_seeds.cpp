// Writes the fuzzers' seed corpora from a real session (our own data, made at build time, never committed):
//   <dir>/import_state/*  exports of a small journal      <dir>/journal_record/*  its lines
//   <dir>/catalog/*       the built-in catalog and a slice  <dir>/magic_link/*      a real link's route
//   <dir>/id_token/*      well-formed tokens (good and refused)
#include "core/id_token.h"
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "app/session.h"
#include "../unit/memory_storage.h"
#include "platform/embedded_assets.h"

namespace {

std::string g_root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  ::mkdir(g_root.c_str(), 0755);
  ::mkdir((g_root + "/" + target).c_str(), 0755);
  std::ofstream(g_root + "/" + target + "/" + name, std::ios::binary) << bytes;
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
  session.submit(Command::navigate(url.substr(url.find('#') + 1)), ctx);
  session.submit(Command::make("unlock", {{"slug", "quill-7b"}}), ctx);
  session.submit(Command::make("use", {{"slug", "quill-7b"}, {"tokens", 1500}}), ctx);
  session.submit(Command::make("rate", {{"slug", "quill-7b"}, {"stars", 4}}), ctx);
  session.submit(Command::make("listModel", {{"name", "Seed Model"}, {"category", "LLM"}, {"tags", {"seed"}},
                                             {"price_per_1k_ucr", 1000}, {"latency_ms", 100},
                                             {"description", "A model listed to seed the fuzzers."}}),
                 ctx);
  session.submit(Command::make("applyPricingPolicy", {{"platform_fee_bps", 1500}, {"min_charge_ucr", 20}}), ctx);

  const json exported = session.export_state();
  write("import_state", "full", exported.dump());
  json small = exported;
  small["records"] = json::array({exported["records"][0]});
  write("import_state", "one_record", small.dump());
  int n = 0;
  for (const json& record : exported["records"]) write("journal_record", "r" + std::to_string(++n), record.dump());

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
  std::printf("seeds written to %s\n", g_root.c_str());
  return 0;
}
