// make_journal <records> <out.json>: an export (importState's format) of a journal with exactly <records>
// records — a profile, an unlock and usage calls — for measuring load + verify in the browser.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "app/session.h"
#include "../unit/memory_storage.h"
#include "platform/embedded_assets.h"

int main(int argc, char** argv) {
  if (argc != 3 || std::atoll(argv[1]) < 3) {
    std::fprintf(stderr, "usage: make_journal <records, at least 3> <out.json>\n");
    return 2;
  }
  const long long records = std::atoll(argv[1]);
  mm::test::MemoryStorage storage;
  mm::app::Session session(storage);
  mm::app::Context ctx = mm::app::Context::at(1'790'000'000'000);
  session.load(mm::assets::catalog_json_text(), ctx);
  session.sign_in_verified("bench@example.org", "Bench", ctx);
  session.submit(mm::app::Command::make("unlock", {{"slug", "tiny-tutor"}}), ctx);
  while (session.state().ledger.last_seq() < records) {
    ctx.now_ms += 1000;
    session.submit(mm::app::Command::make("use", {{"slug", "tiny-tutor"}, {"tokens", 1}}), ctx);
  }
  std::ofstream(argv[2], std::ios::binary) << session.export_state().dump();
  return 0;
}
