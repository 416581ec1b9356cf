#include "core/catalog.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/json_fields.h"

namespace mm::core {
namespace {

using nlohmann::json;

// Days from civil date, proleptic Gregorian calendar (the well-known era-based formula).
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

// SplitMix64: a tiny, well-known deterministic generator; seeded from the slug so popularity is stable.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string field_error(std::size_t index, const json& model, const std::string& what) {
  std::string who = "model #" + std::to_string(index + 1);
  if (model.is_object() && model.contains("slug") && model["slug"].is_string())
    who += " (" + model["slug"].get<std::string>() + ")";
  return "Catalog " + who + ": " + what;
}

}  // namespace

ModelStats baseline_stats(std::string_view slug, Micros price_per_1k_ucr) {
  std::uint64_t state = 0x6D6D2D6D61726B65ULL;  // fixed seed; FNV-1a of the slug mixed in
  for (unsigned char c : slug) state = (state ^ c) * 0x100000001B3ULL;
  ModelStats stats;
  stats.purchases = static_cast<std::int64_t>(40 + splitmix64(state) % 4000);
  stats.calls = stats.purchases * static_cast<std::int64_t>(3 + splitmix64(state) % 40);
  stats.tokens = stats.calls * static_cast<std::int64_t>(200 + splitmix64(state) % 1800);
  stats.revenue_ucr = stats.tokens / 1000 * price_per_1k_ucr;
  return stats;
}

std::vector<Model> scaled_catalog(const std::vector<Model>& base, std::size_t count) {
  std::vector<Model> out;
  if (base.empty()) return out;
  out.reserve(count);
  for (std::size_t i = 0; out.size() < count; ++i) {
    Model m = base[i % base.size()];
    const std::size_t copy = i / base.size() + 1;
    if (copy > 1) {
      m.slug += "-" + std::to_string(copy);
      m.name += " " + std::to_string(copy);
      m.baseline = baseline_stats(m.slug, m.price_per_1k_ucr);
    }
    m.id = static_cast<std::int64_t>(out.size() + 1);
    out.push_back(std::move(m));
  }
  return out;
}

ChargeModel charge_model_of(const Model& model) {
  return model.charge_model ? *model.charge_model : ChargeModel::standard(model.price_per_1k_ucr);
}

Micros input_price_of(const Model& model) { return model.input_per_1k_ucr > 0 ? model.input_per_1k_ucr : model.price_per_1k_ucr; }
Micros output_price_of(const Model& model) { return model.output_per_1k_ucr > 0 ? model.output_per_1k_ucr : model.price_per_1k_ucr; }

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool parse_iso_date(std::string_view text, std::int32_t& days_out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p)
    for (int k = 0; k < lengths[p]; ++k) {
      const char c = text[static_cast<std::size_t>(starts[p] + k)];
      if (c < '0' || c > '9') return false;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  const int y = parts[0], m = parts[1], d = parts[2];
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || m < 1 || m > 12 || d < 1) return false;
  if (d > kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0)) return false;
  days_out = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

std::string format_iso_date(std::int32_t days) {
  // Inverse of days_from_civil.
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", y, m, d);
  return buffer;
}

CatalogLoad parse_catalog(std::string_view json_text) {
  CatalogLoad out;
  const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return {{}, "Catalog is not valid JSON."};
  if (!doc.is_object() || integer_field(doc, "schema", 0) != 1 || !doc.contains("models") || !doc["models"].is_array())
    return {{}, "Catalog must be an object with \"schema\": 1 and a \"models\" array."};

  std::unordered_set<std::string> slugs;
  const json& models = doc["models"];
  out.models.reserve(models.size());
  for (std::size_t i = 0; i < models.size(); ++i) {
    const json& m = models[i];
    auto fail = [&](const std::string& what) { return CatalogLoad{{}, field_error(i, m, what)}; };
    if (!m.is_object()) return fail("is not an object.");
    auto text = [&](const char* key, std::string& dest, std::size_t max_length) {
      if (!m.contains(key) || !m[key].is_string()) return false;
      dest = m[key].get<std::string>();
      return !dest.empty() && dest.size() <= max_length;
    };
    Model model;
    model.id = static_cast<std::int64_t>(i + 1);
    if (!text("slug", model.slug, 64) || !is_valid_slug(model.slug))
      return fail("\"slug\" must be 1-64 characters of a-z, 0-9 and '-'.");
    if (!slugs.insert(model.slug).second) return fail("\"slug\" is used twice.");
    if (!text("name", model.name, 80)) return fail("\"name\" must be 1-80 characters.");
    if (!text("owner", model.owner, 80)) return fail("\"owner\" must be 1-80 characters.");
    if (!text("category", model.category, 40)) return fail("\"category\" must be 1-40 characters.");
    if (!text("description", model.description, 2000)) return fail("\"description\" must be 1-2000 characters.");
    if (!m.contains("tags") || !m["tags"].is_array()) return fail("\"tags\" must be an array of strings.");
    for (const json& tag : m["tags"]) {
      if (!tag.is_string() || tag.get<std::string>().empty()) return fail("\"tags\" must be non-empty strings.");
      model.tags.push_back(tag.get<std::string>());
    }
    // A charge model other than standard sets the listed price itself (its first rate); a price given too
    // must agree with it, so the market never lists a price that billing does not use.
    if (m.contains("charge_model")) {
      const ParsedChargeModel parsed = parse_charge_model(m["charge_model"]);
      if (!parsed.model)
        return fail("\"charge_model\" " + parsed.errors.begin()->first + ": " + parsed.errors.begin()->second);
      if (parsed.model->type != ChargeModel::Type::Standard) model.charge_model = parsed.model;
      model.price_per_1k_ucr = first_rate_per_1k_ucr(*parsed.model);
      if (m.contains("price_per_1k_ucr") && m["price_per_1k_ucr"] != model.price_per_1k_ucr)
        return fail("\"price_per_1k_ucr\" must be the charge model's first rate, " + std::to_string(model.price_per_1k_ucr) + ".");
    } else if (!m.contains("price_per_1k_ucr") || !m["price_per_1k_ucr"].is_number_integer() ||
               m["price_per_1k_ucr"].get<std::int64_t>() <= 0 || m["price_per_1k_ucr"].get<std::int64_t>() > kMaxCatalogPriceUcr) {
      return fail("\"price_per_1k_ucr\" must be a positive whole number of micro-credits.");
    } else {
      model.price_per_1k_ucr = m["price_per_1k_ucr"].get<Micros>();
    }
    for (const auto& [key, price] : {std::pair<const char*, Micros*>{"input_per_1k_ucr", &model.input_per_1k_ucr},
                                     std::pair<const char*, Micros*>{"output_per_1k_ucr", &model.output_per_1k_ucr}}) {
      if (!m.contains(key)) continue;
      if (!m[key].is_number_integer() || m[key].get<std::int64_t>() <= 0 || m[key].get<std::int64_t>() > kMaxCatalogPriceUcr)
        return fail("\"" + std::string(key) + "\" must be a positive whole number of micro-credits.");
      *price = m[key].get<Micros>();
    }
    if (!m.contains("latency_ms") || !m["latency_ms"].is_number_integer() || m["latency_ms"].get<std::int64_t>() <= 0 ||
        m["latency_ms"].get<std::int64_t>() > 600000)
      return fail("\"latency_ms\" must be a whole number of milliseconds between 1 and 600000.");
    model.latency_ms = m["latency_ms"].get<std::int32_t>();
    if (!m.contains("rating") || !m["rating"].is_number() || m["rating"].get<double>() < 0 || m["rating"].get<double>() > 5)
      return fail("\"rating\" must be a number from 0 to 5.");
    model.baseline_rating_centi = static_cast<std::int32_t>(m["rating"].get<double>() * 100 + 0.5);
    std::string created;
    if (!text("created", created, 10) || !parse_iso_date(created, model.created_day))
      return fail("\"created\" must be a date written YYYY-MM-DD.");
    model.baseline = baseline_stats(model.slug, model.price_per_1k_ucr);
    out.models.push_back(std::move(model));
  }
  return out;
}

}  // namespace mm::core
