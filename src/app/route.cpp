#include "app/route.h"

#include <utility>
#include <vector>

namespace mm::app {
namespace {

const std::pair<core::SortKey, const char*> kSorts[] = {
    {core::SortKey::Trending, "trending"}, {core::SortKey::MostPurchased, "purchased"},
    {core::SortKey::MostUsed, "used"},     {core::SortKey::TopRated, "rated"},
    {core::SortKey::New, "new"},           {core::SortKey::PriceLow, "price-asc"},
    {core::SortKey::PriceHigh, "price-desc"}, {core::SortKey::Latency, "latency"}};

const std::pair<core::PriceBand, const char*> kPrices[] = {
    {core::PriceBand::Below1m, "lt1"}, {core::PriceBand::From1mTo2m, "1to2"}, {core::PriceBand::Above2m, "gt2"}};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + url_encode(p);
  return out;
}

core::Query parse_market_query(const std::string& query_text) {
  core::Query q;
  for (const std::string& pair : split(query_text, '&')) {
    const std::size_t eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (key == "q") q.text = url_decode(value);
    else if (key == "sort") {
      for (const auto& [sort, name] : kSorts)
        if (value == name) q.sort = sort;
    } else if (key == "cat") {
      for (const std::string& c : split(value, ',')) q.categories.push_back(url_decode(c));
    } else if (key == "tags") {
      for (const std::string& t : split(value, ',')) q.tags.push_back(url_decode(t));
    } else if (key == "rating") {
      if (value == "4") q.rating = core::RatingFilter::AtLeast4;
      if (value == "4.5") q.rating = core::RatingFilter::AtLeast4_5;
    } else if (key == "price") {
      for (const auto& [band, name] : kPrices)
        if (value == name) q.price = band;
    } else if (key == "owned") {
      q.owned_only = value == "1";
    }
  }
  return q;
}

}  // namespace

const char* sort_name(core::SortKey key) {
  for (const auto& [sort, name] : kSorts)
    if (sort == key) return name;
  return "trending";
}

std::string url_encode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string url_decode(const std::string& text) {
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

Route parse_route(const std::string& text) {
  const std::size_t question = text.find('?');
  const std::string path = text.substr(0, question);
  const std::string query = question == std::string::npos ? "" : text.substr(question + 1);
  Route route;
  if (path == "/market" || path == "/" || path.empty()) {
    route.screen = Screen::Market;
    route.query = parse_market_query(query);
  } else if (path.rfind("/model/", 0) == 0 && path.size() > 7) {
    route.screen = Screen::Model;
    route.slug = url_decode(path.substr(7));
  } else if (path == "/profile") {
    route.screen = Screen::Profile;
  } else if (path == "/profile/models") {
    route.screen = Screen::MyModels;
  } else if (path == "/how-it-works") {
    route.screen = Screen::HowItWorks;
  } else if (path == "/leaderboards") {
    route.screen = Screen::Leaderboards;
  } else if (path == "/builders") {
    route.screen = Screen::Builders;
  } else if (path == "/simulate") {
    route.screen = Screen::Simulate;
  } else if (path == "/scenarios") {
    route.screen = Screen::Scenarios;
    if (query.rfind("s=", 0) == 0) route.share = query.substr(2, query.find('&') == std::string::npos ? std::string::npos : query.find('&') - 2);
  } else if (path == "/sign-in") {
    route.screen = Screen::SignIn;
  } else {
    route.screen = Screen::NotFound;
  }
  return route;
}

std::string market_route(const core::Query& q) {
  std::vector<std::string> params;
  if (!q.text.empty()) params.push_back("q=" + url_encode(q.text));
  if (q.sort != core::SortKey::Trending) params.push_back(std::string("sort=") + sort_name(q.sort));
  if (!q.categories.empty()) params.push_back("cat=" + join(q.categories));
  if (q.rating == core::RatingFilter::AtLeast4) params.push_back("rating=4");
  if (q.rating == core::RatingFilter::AtLeast4_5) params.push_back("rating=4.5");
  for (const auto& [band, name] : kPrices)
    if (q.price == band) params.push_back(std::string("price=") + name);
  if (!q.tags.empty()) params.push_back("tags=" + join(q.tags));
  if (q.owned_only) params.push_back("owned=1");
  std::string out = "/market";
  for (std::size_t i = 0; i < params.size(); ++i) out += (i == 0 ? "?" : "&") + params[i];
  return out;
}

}  // namespace mm::app
