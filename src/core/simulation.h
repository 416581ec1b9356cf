// Time travel: a seeded market of buyers over days, run through the real ledger and billing engine (the same
// operations live commands use, in a ledger kept in memory: no journal, no hashing, no storage). A scenario
// is a plain value (also JSON, every field optional with a stated default); its result is per-day series,
// totals and per-model figures, with a fingerprint (SHA-256 of the canonical result) that is the same
// natively, in WASM and in every browser: randomness comes from our own generator and only + − × ÷ on doubles
// (IEEE-exact everywhere), never the platform's libm.
//
// [SECTION] Randomness
// [SECTION] Scenarios
// [SECTION] Running one
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/ledger.h"

namespace mm::core {

// --- [SECTION] Randomness -----------------------------------------------------------------------------------

// SplitMix64 (Steele, Lea and Flood): tiny, fast, and the same sequence on every platform.
struct SplitMix64 {
  std::uint64_t state = 0;
  std::uint64_t next();
  double unit();                             // uniform in [0, 1), 53 bits
  std::int64_t below(std::int64_t n);        // uniform in [0, n), n ≥ 1
  bool chance_bps(std::int64_t bps);         // true with probability bps / 10,000
  double normal();                           // standard normal (Irwin–Hall: twelve uniforms, minus 6)
  // A whole number around `median` with log-normal spread sigma = spread_bps / 10,000, from 1 to `high`.
  std::int64_t log_normal(std::int64_t median, std::int64_t spread_bps, std::int64_t high);
};
// e^x from + − × ÷ and an exact power of two: bit-for-bit the same wherever IEEE doubles are.
double portable_exp(double x);

// --- [SECTION] Scenarios ------------------------------------------------------------------------------------

struct Scenario {
  std::uint64_t seed = 1;
  std::int64_t days = 30;                          // 1..365
  std::int64_t start_day = 20'819;                 // days since 1970-01-01 ("start_date", default 2027-01-01)
  // The market: the first `model_count` catalog models, or these slugs, listed by their catalog owners.
  std::int64_t model_count = 8;
  std::vector<std::string> models;
  std::int64_t price_bps = 10'000;                 // every model's prices × this / 10,000 (100..100,000)
  std::optional<ChargeModel> charge_model;         // for every model (else each its own, or standard)
  std::optional<nlohmann::json> bundle;            // {tokens, price_ucr, valid_days} offered on every model
  std::optional<nlohmann::json> plan;              // {fee_ucr, included_tokens, ...} on every model of each owner,
                                                   // or one platform plan on all (platform: true)
  PricingPolicy policy;                            // fee, minimum charge, loyalty
  // The population.
  std::int64_t buyers = 200;                       // at the start, 1..100,000
  std::int64_t arrivals_per_day = 0;               // 0..10,000
  Micros starting_ucr = 25'000'000;                // each buyer's first credits
  std::int64_t top_up_bps = 0;                     // chance a buyer who cannot pay tops up (else churns)
  Micros top_up_ucr = 10'000'000;
  std::int64_t active_bps = 6000;                  // chance a buyer is active on a given day
  std::int64_t demand_median_tokens = 3000;        // tokens on an active day (log-normal)
  std::int64_t demand_spread_bps = 5000;
  std::int64_t calls_per_day = 3;                  // an active day's tokens in this many calls (1..20)
  Micros willingness_median_per_1k_ucr = 5000;     // what a buyer will pay per 1K tokens (log-normal)
  std::int64_t willingness_spread_bps = 5000;
  std::int64_t price_sensitivity_bps = 5000;       // chance a buyer reacts to a price above willingness
  std::vector<std::string> categories;             // preferred; empty: any
};

inline constexpr std::int64_t kMaxScenarioDays = 365;
inline constexpr std::int64_t kMaxScenarioBuyers = 100'000;
inline constexpr std::int64_t kMaxScenarioCalls = 20'000'000;  // expected: about a minute in a browser

// About how many calls `scenario` makes (every buyer staying): its size, for limits and progress.
std::int64_t expected_calls(const Scenario& scenario);

struct ScenarioRead {
  std::optional<Scenario> scenario;
  std::map<std::string, std::string> fields;  // field -> what is wrong with it
};
// Every field left out takes its default; every bad field gets its own message. `catalog` names the models.
ScenarioRead read_scenario(const nlohmann::json& doc, const std::vector<Model>& catalog);
// Every field, in one order: the canonical form (shared links, the fingerprint).
nlohmann::json scenario_json(const Scenario& scenario);

// --- [SECTION] Running one ----------------------------------------------------------------------------------

struct SimulationResult {
  std::int64_t days = 0;
  std::map<std::string, std::vector<std::int64_t>> series;  // name -> one value per day
  nlohmann::json totals;
  nlohmann::json models;    // [{slug, name, calls, tokens, owner_revenue_ucr}]
  std::string fingerprint;  // SHA-256 of the canonical result
  nlohmann::json to_json() const;
};

class Simulation {
 public:
  // `keep_records`: remember every record applied (for tests that replay them through a fresh ledger).
  Simulation(Scenario scenario, const std::vector<Model>& catalog, bool keep_records = false);
  bool done() const { return day_ >= scenario_.days; }
  std::int64_t day() const { return day_; }
  std::int64_t days() const { return scenario_.days; }
  double progress() const;  // 0..1, within the day too
  // Up to `units` more of the run (an arrival or one buyer's day each; a day's due events and its close come
  // with them), so a caller can stop at a time budget in the middle of a big day.
  void step(std::int64_t units);
  void run_day();  // the rest of the current day
  SimulationResult result() const;
  const Ledger& ledger() const { return ledger_; }
  const std::vector<JournalRecord>& records() const { return records_; }

 private:
  struct Buyer {
    std::string profile;
    std::size_t favourite = 0;  // index into models_
    Micros willingness_per_1k_ucr = 0;
    std::int64_t joined_day = 0;
    bool churned = false;
  };
  struct Listed {
    Model model;   // as listed in the simulated ledger
    std::string bundle_id;
  };
  bool commit(const Outcome& outcome);          // applies a derived record; false if refused
  std::int64_t next_time();                     // the next command's time (ms), events due by then recorded
  void settle(std::int64_t now_ms);             // records the events due by `now_ms`
  void arrive(std::int64_t index);
  void act(Buyer& buyer, std::int64_t index);
  std::optional<std::size_t> cheaper_in_category(std::size_t current) const;
  void close_day();

  Scenario scenario_;
  Ledger ledger_;
  bool keep_records_;
  std::vector<JournalRecord> records_;
  std::vector<Listed> models_;
  std::vector<std::string> owners_;             // owner profiles
  std::string plan_id_;                         // the platform plan (or the first owner plan)
  std::map<std::string, std::string> owner_plan_;  // owner profile -> its plan
  std::vector<Buyer> buyers_;
  std::int64_t day_ = 0, clock_ms_ = 0, commands_today_ = 0, arrived_ = 0;
  bool day_open_ = false;
  std::int64_t arrivals_today_ = 0, arrived_today_ = 0;
  std::size_t next_buyer_ = 0;  // the next buyer to act today
  // Per-day counters and the totals of the day before (for flows).
  struct DayCounts {  // today's flows counted as they happen (the rest is read from the ledger at the close)
    std::int64_t calls = 0, tokens = 0, active_buyers = 0, new_buyers = 0, churned_buyers = 0, refused_insufficient = 0,
                 top_ups_ucr = 0, renewals = 0, expiries = 0, bundles_bought = 0, subscriptions = 0;
  };
  DayCounts today_;
  std::map<std::string, std::vector<std::int64_t>> series_;
  Micros last_owner_ = 0, last_platform_ = 0, last_loyalty_ = 0, last_calls_ = 0, last_bundles_ = 0, last_subs_ = 0;
};

// Runs `scenario` to its end.
SimulationResult simulate(const Scenario& scenario, const std::vector<Model>& catalog);

// Scenarios to start from (as scenario JSON): pay as you go, graduated discounts, bundles, subscription with
// overage, loyalty cashback.
struct ScenarioPreset {
  std::string name;
  nlohmann::json scenario;
};
const std::vector<ScenarioPreset>& scenario_presets();

// B against A on the same seed and population: each total's change in basis points of A's, and a sentence
// ("B earns owners +18% with 7% fewer buyers by day 90").
nlohmann::json compare_results(const SimulationResult& a, const SimulationResult& b);

}  // namespace mm::core
