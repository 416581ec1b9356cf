// The catalog of models: what assets/catalog.json holds, parsed and validated. Pure data, no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/charge_model.h"
#include "core/money.h"

namespace mm::core {

struct ModelStats {
  std::int64_t purchases = 0;
  std::int64_t calls = 0;
  std::int64_t tokens = 0;
  Micros revenue_ucr = 0;
};

struct Model {
  std::int64_t id = 0;
  std::string slug;  // unique, URL-safe: lowercase letters, digits and '-'
  std::string name;
  std::string owner;          // who made it, as shown
  std::string owner_profile;  // listed in Builders mode: the listing profile's id; empty for built-in models
  std::string category;
  std::vector<std::string> tags;
  Micros price_per_1k_ucr = 0;  // with a charge model: its first rate (what the market lists as "from")
  // How a buyer's tokens are priced over a month when it is not standard at price_per_1k_ucr.
  std::optional<ChargeModel> charge_model;
  // Separate prices for a completion's prompt and reply tokens (as OpenRouter lists them); 0: price_per_1k_ucr.
  Micros input_per_1k_ucr = 0;
  Micros output_per_1k_ucr = 0;
  std::int32_t latency_ms = 0;
  std::string description;
  std::int32_t created_day = 0;     // days since 1970-01-01
  std::int32_t baseline_rating_centi = 0;  // 0..500: 4.6 stars = 460 (integers keep sorting exact)
  // Popularity before this browser's own activity: derived from the slug with a fixed seed, so it is the
  // same on every load (never random per load). Live stats = baseline + the journal's activity.
  ModelStats baseline;
};

// The model's charge model: its own, or standard at its price.
ChargeModel charge_model_of(const Model& model);
// What a completion's prompt and reply tokens cost per 1K: the model's own, or its price per 1K.
Micros input_price_of(const Model& model);
Micros output_price_of(const Model& model);

inline constexpr Micros kMaxCatalogPriceUcr = kMicrosPerCredit * 1000;  // $1,000 per 1K tokens

struct CatalogLoad {
  std::vector<Model> models;
  std::string error;  // empty when the catalog is valid; otherwise says which model and field
  bool ok() const { return error.empty(); }
};

// Parses and validates catalog JSON ({"schema": 1, "models": [...]}). All or nothing: any invalid model
// rejects the whole catalog with a message naming it.
CatalogLoad parse_catalog(std::string_view json_text);

bool is_valid_slug(std::string_view slug);

// `count` models made from `base` repeated: copies after the first get "-2", "-3", ... on their slug and
// name, and their own baseline popularity. Deterministic; for measuring the UI and queries at scale.
std::vector<Model> scaled_catalog(const std::vector<Model>& base, std::size_t count);

// The deterministic baseline popularity of a model (see Model::baseline).
ModelStats baseline_stats(std::string_view slug, Micros price_per_1k_ucr);

// The UTC day (days since 1970-01-01) of a time in milliseconds since 1970-01-01.
inline std::int32_t day_of(std::int64_t time_ms) { return static_cast<std::int32_t>(time_ms / 86'400'000); }

// "2026-03-14" -> days since 1970-01-01; false for anything that is not a real calendar date.
bool parse_iso_date(std::string_view text, std::int32_t& days_out);
std::string format_iso_date(std::int32_t days);

}  // namespace mm::core
