// Ledger and query figures, measured (never asserted): the same program natively and in WASM under Node.
//   make bench-ledger   (prints a table for both)
#include <chrono>
#include <cstdio>
#include <map>

#include "app/journal_store.h"
#include "app/session.h"
#include "core/query.h"
#include "core/simulation.h"
#include "platform/embedded_assets.h"
#include "../unit/memory_storage.h"

using namespace mm;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// Bytes in the journal's segment files.
std::size_t journal_bytes(const test::MemoryStorage& storage) {
  std::size_t n = 0;
  for (const auto& [name, bytes] : storage.files)
    if (name.rfind("journal-", 0) == 0) n += bytes.size();
  return n;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

template <typename F>
double median_seconds(int repetitions, F&& run) {
  std::vector<double> times;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = Clock::now();
    run();
    times.push_back(seconds_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The scenario simulator: 1,000 buyers on every catalog model over 90 days, through the ledger in memory.
// Returns {seconds, calls}.
std::pair<double, double> simulate_90_days(const std::vector<core::Model>& catalog) {
  const auto start = Clock::now();
  const core::ScenarioRead read = core::read_scenario(
      {{"seed", 1}, {"days", 90}, {"buyers", 1000}, {"models", static_cast<std::int64_t>(catalog.size())}}, catalog);
  const core::SimulationResult simulated = core::simulate(*read.scenario, catalog);
  return {seconds_since(start), static_cast<double>(simulated.totals["calls"].get<std::int64_t>())};
}

}  // namespace

// `ledger_bench simulation` runs only the simulator (for profiling it).
int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "simulation") {
    const auto [seconds, calls] = simulate_90_days(core::parse_catalog(assets::catalog_json_text()).models);
    std::printf("simulation: %.0f calls in %.3f s = %.0f simulated calls/s\n", calls, seconds, calls / seconds);
    return 0;
  }
  constexpr int kCalls = 100'000;
  app::Context ctx = app::Context::at(1'790'000'000'000);

  // 1. Usage calls through the whole app path (dispatch, ledger, hash chain, journal append).
  test::MemoryStorage storage;
  app::Session session(storage);
  session.load(assets::catalog_json_text(), ctx);
  session.sign_in_verified("bench@example.org", "Bench", ctx);
  session.submit(app::Command::from_json({{"type", "unlock"}, {"slug", "tiny-tutor"}}), ctx);
  const std::size_t bytes_before = journal_bytes(storage);
  const auto start = Clock::now();
  for (int i = 0; i < kCalls; ++i) {
    ctx.now_ms += 1000;
    session.submit(app::Command::from_json({{"type", "use"}, {"slug", "tiny-tutor"}, {"tokens", 1 + i % 2},
                                            {"id", "bench-" + std::to_string(i)}}),
                   ctx);
  }
  const double call_seconds = seconds_since(start);
  const double bytes_per_call = double(journal_bytes(storage) - bytes_before) / kCalls;
  const auto records = session.state().ledger.last_seq();

  // 1b. The same calls billed through billing plans: a listing priced by graduated tiers, half of the calls'
  // tokens drawn from a bundle, the rest paid from the wallet by tier.
  test::MemoryStorage planned_storage;
  app::Session planned(planned_storage);
  app::Context planned_ctx = app::Context::at(1'790'000'000'000);
  planned.load(assets::catalog_json_text(), planned_ctx);
  auto run = [&](const json& cmd) { return planned.submit(app::Command::from_json(cmd), planned_ctx); };
  planned.sign_in_verified("owner@example.org", "Owner", planned_ctx);
  run({{"type", "listModel"}, {"name", "Bench Poet"}, {"category", "LLM"}, {"tags", "bench"}, {"price_per_1k_ucr", 400},
       {"latency_ms", 100}, {"description", "Benchmarked."}});
  run({{"type", "setChargeModel"}, {"slug", "bench-poet"},
       {"charge_model", {{"type", "graduated"}, {"ranges", {{{"from_tokens", 0}, {"to_tokens", 100'000}, {"per_1k_ucr", 400}},
                                                             {{"from_tokens", 100'001}, {"to_tokens", nullptr}, {"per_1k_ucr", 300}}}}}}});
  run({{"type", "offerBundle"}, {"slug", "bench-poet"}, {"tokens", 75'000}, {"price_ucr", 20'000}, {"valid_days", 3650}});
  planned.sign_in_verified("buyer@example.org", "Buyer", planned_ctx);
  run({{"type", "unlock"}, {"slug", "bench-poet"}});
  const bool bought = run({{"type", "buyBundle"}, {"bundle_id", "bundle-1"}}).ok;
  const auto planned_start = Clock::now();
  for (int i = 0; i < kCalls; ++i) {
    planned_ctx.now_ms += 1000;
    run({{"type", "use"}, {"slug", "bench-poet"}, {"tokens", 1 + i % 2}, {"id", "planned-" + std::to_string(i)}});
  }
  const double planned_seconds = seconds_since(planned_start);
  const std::int64_t planned_calls = planned.state().ledger.model_activity("bench-poet")->calls;

  // 2. Load the journal just written (~100k records): as the page opens it (snapshot + verified, re-derived
  // tail; the older history is checked in the background), and re-deriving everything without a snapshot.
  core::LedgerPolicy policy;
  policy.builtin_models = core::make_directory(core::parse_catalog(assets::catalog_json_text()).models);
  const double load_with_snapshot =
      median_seconds(3, [&] { app::JournalStore(storage).load(policy, ctx.now_ms, /*everything=*/false); });
  test::MemoryStorage no_snapshot = storage;
  no_snapshot.files.erase("snapshot.json");
  const double load_full_replay = median_seconds(3, [&] { app::JournalStore(no_snapshot).load(policy, ctx.now_ms); });

  // 3. Query at 100k models: the catalog repeated with distinct slugs.
  const auto base = core::parse_catalog(assets::catalog_json_text()).models;
  std::vector<core::Model> models;
  for (int i = 0; models.size() < 100'000; ++i)
    for (core::Model m : base) {
      m.slug += "-" + std::to_string(i);
      m.price_per_1k_ucr += i % 7;
      m.baseline = core::baseline_stats(m.slug, m.price_per_1k_ucr);
      models.push_back(std::move(m));
      if (models.size() == 100'000) break;
    }
  std::vector<core::ModelFacts> facts;
  for (const core::Model& m : models)
    facts.push_back({m.baseline.purchases, m.baseline.calls, m.baseline_rating_centi, false,
                     core::trending_score(m, 0, 0, 0, 20'800)});
  double index_seconds = median_seconds(3, [&] { core::SearchIndex index(models); });
  core::SearchIndex index(models);
  std::size_t matched = 0;
  auto query_time = [&](core::Query q) {
    return median_seconds(5, [&] { matched = core::run_query(models, facts, index, q).size(); });
  };
  core::Query trending;
  core::Query text;
  text.text = "Summar";
  text.sort = core::SortKey::TopRated;
  core::Query filtered;
  filtered.categories = {"Audio", "Vision"};
  filtered.price = core::PriceBand::From1mTo2m;
  filtered.rating = core::RatingFilter::AtLeast4;
  filtered.sort = core::SortKey::PriceLow;
  const double q_all = query_time(trending);
  const double q_text = query_time(text);
  const std::size_t text_matches = matched;
  const double q_filter = query_time(filtered);

  // 4. The scenario simulator.
  const auto [sim_seconds, sim_calls] = simulate_90_days(base);

  std::printf("usage calls:          %d in %.3f s = %.0f calls/s\n", kCalls, call_seconds, kCalls / call_seconds);
  std::printf("calls through plans:  %lld in %.3f s = %.0f calls/s (graduated tiers, a bundle%s)\n",
              static_cast<long long>(planned_calls), planned_seconds, kCalls / planned_seconds, bought ? "" : " NOT BOUGHT");
  std::printf("bytes appended/call:  %.1f\n", bytes_per_call);
  std::printf("load+verify %lld records: %.1f ms with snapshot, %.1f ms full replay\n",
              static_cast<long long>(records), load_with_snapshot * 1000, load_full_replay * 1000);
  std::printf("query 100k models:    index %.1f ms; all+trending %.2f ms; text \"Summar\"+top rated %.2f ms (%zu); "
              "filters+price sort %.2f ms\n",
              index_seconds * 1000, q_all * 1000, q_text * 1000, text_matches, q_filter * 1000);
  std::printf("simulation:           1,000 buyers x %zu models x 90 days in %.2f s: %.0f calls, %.0f simulated calls/s\n",
              base.size(), sim_seconds, sim_calls, sim_calls / sim_seconds);
  // One line for scripts (make bench reads it).
  std::printf("BENCH_JSON {\"calls_per_s\": %.0f, \"planned_calls_per_s\": %.0f, \"bytes_per_call\": %.1f, \"records\": %lld, "
              "\"load_snapshot_ms\": %.1f, \"load_full_replay_ms\": %.1f, \"query_index_ms\": %.2f, "
              "\"query_all_ms\": %.2f, \"query_text_ms\": %.2f, \"query_filter_ms\": %.2f, \"simulated_calls_per_s\": %.0f, "
              "\"simulation_90_days_s\": %.2f}\n",
              kCalls / call_seconds, kCalls / planned_seconds, bytes_per_call, static_cast<long long>(records), load_with_snapshot * 1000,
              load_full_replay * 1000, index_seconds * 1000, q_all * 1000, q_text * 1000, q_filter * 1000,
              sim_calls / sim_seconds, sim_seconds);
  return 0;
}
