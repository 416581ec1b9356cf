// Routes are the part of the URL after '#'. Parsing and building them lives here so views, the URL and tests
// agree. The market's search, sort and filters are part of its route (#/market?q=…&sort=…), so Back returns
// to a filtered market and a filtered market can be linked to.
#pragma once
#include <string>

#include "core/query.h"

namespace mm::app {

enum class Screen {
  Market, Model, Profile, MyModels, HowItWorks, SignIn, Leaderboards, Builders, Simulate, Scenarios, NotFound
};

struct Route {
  Screen screen = Screen::Market;
  std::string slug;    // Screen::Model
  core::Query query;   // Screen::Market
  std::string share;   // Screen::Scenarios: a shared scenario (#/scenarios?s=<share code>), as given
};

Route parse_route(const std::string& text);
// The canonical text of a market route for `query` (defaults are left out; "/market" when all are defaults).
std::string market_route(const core::Query& query);

// Sort keys by their URL names: trending, purchased, used, rated, new, price-asc, price-desc, latency.
const char* sort_name(core::SortKey key);
// Percent-encoding for route parameters (RFC 3986 unreserved characters pass through).
std::string url_encode(const std::string& text);
std::string url_decode(const std::string& text);

}  // namespace mm::app
