#include "app/market.h"

#include <algorithm>
#include <cstdio>

namespace mm::app {

void rebuild_catalog(AppState& state) {
  state.catalog = state.catalog_scale ? core::scaled_catalog(state.builtin_catalog, state.catalog_scale)
                                      : state.builtin_catalog;
  state.model_index.clear();
  for (std::size_t i = 0; i < state.catalog.size(); ++i) state.model_index[state.catalog[i].slug] = i;
  for (const core::Model& listed : state.ledger.listings()) {
    // A listing's slug was unique when it was made; should a later built-in catalog take it, the built-in wins.
    if (state.model_index.count(listed.slug)) continue;
    state.model_index[listed.slug] = state.catalog.size();
    state.catalog.push_back(listed);
    state.catalog.back().id = static_cast<std::int64_t>(state.catalog.size());
  }
  ++state.catalog_version;
}

core::ModelFacts model_facts(const AppState& state, const core::Model& model, std::int64_t now_ms) {
  core::ModelFacts facts;
  facts.purchases = model.baseline.purchases;
  facts.calls = model.baseline.calls;
  facts.rating_centi = model.baseline_rating_centi;
  std::int64_t live_calls = 0, live_purchases = 0;
  std::int32_t days_since_call = 0;
  if (const core::ModelActivity* live = state.ledger.model_activity(model.slug)) {
    live_calls = live->calls;
    live_purchases = live->purchases;
    facts.purchases += live->purchases;
    facts.calls += live->calls;
    facts.rating_centi = core::blended_rating_centi(model.baseline_rating_centi, live->rating_sum, live->rating_count);
    if (live->last_call_ms > 0) days_since_call = core::day_of(now_ms) - core::day_of(live->last_call_ms);
  }
  if (const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id))
    facts.owned = mine->owned.count(model.slug) > 0;
  facts.trending = core::trending_score(model, live_calls, live_purchases, days_since_call, core::day_of(now_ms));
  return facts;
}

std::string usage_csv(const AppState& state) {
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  if (!mine) return "";
  // A field with a comma, quote or newline is quoted, quotes doubled (RFC 4180). Text that a spreadsheet
  // would run as a formula (it starts with = + - @, a tab or a carriage return: a listing named
  // "=HYPERLINK(...)") gets a leading apostrophe, as OWASP advises, so it stays text.
  auto field = [](std::string text) {
    if (!text.empty() && std::string("=+-@\t\r").find(text.front()) != std::string::npos) text.insert(0, "'");
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  std::string csv = "time_utc,model,model_name,tokens,cost_ucr,cost\n";
  for (const core::UsageEntry& u : mine->usage) {
    const std::int64_t seconds = u.time_ms / 1000;
    char clock[16];
    std::snprintf(clock, sizeof clock, "T%02lld:%02lld:%02lldZ", static_cast<long long>(seconds / 3600 % 24),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    const core::Model* model = state.find_model(u.slug);
    csv += core::format_iso_date(core::day_of(u.time_ms)) + clock + "," + field(u.slug) + "," +
           field(model ? model->name : u.slug) + "," + std::to_string(u.tokens) + "," + std::to_string(u.cost_ucr) +
           "," + field(core::format_ucr(u.cost_ucr)) + "\n";
  }
  return csv;
}

std::vector<core::Micros> spend_per_day(const AppState& state, std::int64_t now_ms, int days) {
  std::vector<core::Micros> out(static_cast<std::size_t>(std::max(days, 0)), 0);
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  if (!mine || days <= 0) return out;
  const std::int32_t last = core::day_of(now_ms), first = last - days + 1;
  // Usage is oldest first: walk back from the newest until before the window.
  for (auto it = mine->usage.rbegin(); it != mine->usage.rend(); ++it) {
    const std::int32_t day = core::day_of(it->time_ms);
    if (day < first) break;
    if (day <= last) out[static_cast<std::size_t>(day - first)] += it->cost_ucr;
  }
  return out;
}

std::vector<core::ModelFacts> all_model_facts(const AppState& state, std::int64_t now_ms) {
  std::vector<core::ModelFacts> out;
  out.reserve(state.catalog.size());
  for (const core::Model& model : state.catalog) out.push_back(model_facts(state, model, now_ms));
  return out;
}

}  // namespace mm::app
