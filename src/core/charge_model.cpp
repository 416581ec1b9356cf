#include "core/charge_model.h"

#include <algorithm>

#include "core/pricing.h"

namespace mm::core {
namespace {

using nlohmann::json;

// ceil(tokens × per_1k / 1000); tokens and prices are bounded so the product fits.
Micros ceil_per_1k(std::int64_t tokens, Micros per_1k_ucr) {
  const Micros product = tokens * per_1k_ucr;
  return product / 1000 + (product % 1000 != 0 ? 1 : 0);
}

// Tokens 1..n of the month that fall in `range` (the first range also takes token 1 when from_tokens is 0).
std::int64_t tokens_in(const ChargeRange& range, std::int64_t n) {
  const std::int64_t first = std::max<std::int64_t>(range.from_tokens, 1);
  const std::int64_t last = range.to_tokens ? std::min(*range.to_tokens, n) : n;
  return last >= first ? last - first + 1 : 0;
}

// The range token n (≥ 1) falls in.
const ChargeRange& range_of(const std::vector<ChargeRange>& ranges, std::int64_t n) {
  for (const ChargeRange& range : ranges)
    if (!range.to_tokens || n <= *range.to_tokens) return range;
  return ranges.back();
}

// An integer member: absent -> fallback; present but not an integer -> an error for that field.
std::optional<std::int64_t> integer_member(const json& doc, const char* key, const std::string& field,
                                           ChargeModelErrors& errors, std::optional<std::int64_t> fallback) {
  const auto it = doc.find(key);
  if (it == doc.end()) {
    if (!fallback) errors[field] = "Required.";
    return fallback;
  }
  if (!it->is_number_integer()) {
    errors[field] = "A whole number is expected.";
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

constexpr Micros kMaxPricePer1k = 1'000'000;         // $1.00 per 1K tokens, as for a listing
constexpr Micros kMaxFlatOrPackage = 1'000'000'000;  // $1,000.00

}  // namespace

ChargeModel ChargeModel::standard(Micros price_per_1k_ucr) {
  ChargeModel model;
  model.price_per_1k_ucr = price_per_1k_ucr;
  return model;
}

const char* type_name(ChargeModel::Type type) {
  switch (type) {
    case ChargeModel::Type::Standard: return "standard";
    case ChargeModel::Type::Graduated: return "graduated";
    case ChargeModel::Type::Volume: return "volume";
    case ChargeModel::Type::Package: return "package";
  }
  return "standard";
}

json ChargeModel::to_json() const {
  json doc = {{"type", type_name(type)}};
  switch (type) {
    case Type::Standard: doc["price_per_1k_ucr"] = price_per_1k_ucr; break;
    case Type::Graduated:
    case Type::Volume:
      doc["ranges"] = json::array();
      for (const ChargeRange& range : ranges)
        doc["ranges"].push_back({{"from_tokens", range.from_tokens},
                                 {"to_tokens", range.to_tokens ? json(*range.to_tokens) : json(nullptr)},
                                 {"per_1k_ucr", range.per_1k_ucr},
                                 {"flat_ucr", range.flat_ucr}});
      break;
    case Type::Package:
      doc["package_tokens"] = package_tokens;
      doc["package_ucr"] = package_ucr;
      doc["free_tokens"] = free_tokens;
      break;
  }
  return doc;
}

ChargeModelErrors check_charge_model(const ChargeModel& model) {
  ChargeModelErrors errors;
  switch (model.type) {
    case ChargeModel::Type::Standard:
      if (model.price_per_1k_ucr < 1 || model.price_per_1k_ucr > kMaxPricePer1k)
        errors["price_per_1k_ucr"] = "The price is from $0.000001 to $1.00 per 1K tokens.";
      break;
    case ChargeModel::Type::Graduated:
    case ChargeModel::Type::Volume: {
      if (model.ranges.empty() || model.ranges.size() > kMaxChargeRanges) {
        errors["ranges"] = "Between 1 and " + std::to_string(kMaxChargeRanges) + " ranges.";
        break;
      }
      for (std::size_t i = 0; i < model.ranges.size(); ++i) {
        const ChargeRange& range = model.ranges[i];
        const std::string at = "ranges[" + std::to_string(i) + "].";
        const std::int64_t expected_from = i == 0 ? 0 : model.ranges[i - 1].to_tokens.value_or(-1) + 1;
        if (range.from_tokens != expected_from)
          errors[at + "from_tokens"] = i == 0 ? "The first range starts at 0 tokens."
                                              : "Starts right after the previous range: at " +
                                                    std::to_string(expected_from) + " tokens.";
        const bool last = i + 1 == model.ranges.size();
        if (!last && !range.to_tokens)
          errors[at + "to_tokens"] = "Only the last range is open-ended.";
        else if (last && range.to_tokens)
          errors[at + "to_tokens"] = "The last range is open-ended (no end).";
        else if (range.to_tokens && (*range.to_tokens < std::max<std::int64_t>(range.from_tokens, 1) ||
                                     *range.to_tokens >= kMaxMonthTokens))
          errors[at + "to_tokens"] = "Ends at or after where it starts, below 1,000,000,000,000 tokens.";
        if (range.per_1k_ucr < 0 || range.per_1k_ucr > kMaxPricePer1k)
          errors[at + "per_1k_ucr"] = "The price is from $0.00 to $1.00 per 1K tokens.";
        if (range.flat_ucr < 0 || range.flat_ucr > kMaxFlatOrPackage)
          errors[at + "flat_ucr"] = "The flat fee is from $0.00 to $1,000.00.";
      }
      break;
    }
    case ChargeModel::Type::Package:
      if (model.package_tokens < 1 || model.package_tokens > 1'000'000'000)
        errors["package_tokens"] = "A package is from 1 to 1,000,000,000 tokens.";
      if (model.package_ucr < 0 || model.package_ucr > kMaxFlatOrPackage)
        errors["package_ucr"] = "A package costs from $0.00 to $1,000.00.";
      if (model.free_tokens < 0 || model.free_tokens >= kMaxMonthTokens)
        errors["free_tokens"] = "Free tokens are 0 or more, below 1,000,000,000,000.";
      break;
  }
  return errors;
}

ParsedChargeModel parse_charge_model(const json& doc) {
  ParsedChargeModel out;
  if (!doc.is_object()) {
    out.errors["type"] = "A charge model is an object with a type.";
    return out;
  }
  ChargeModel model;
  const auto type = doc.find("type");
  const std::string name = type != doc.end() && type->is_string() ? type->get<std::string>() : "";
  if (name == "standard") model.type = ChargeModel::Type::Standard;
  else if (name == "graduated") model.type = ChargeModel::Type::Graduated;
  else if (name == "volume") model.type = ChargeModel::Type::Volume;
  else if (name == "package") model.type = ChargeModel::Type::Package;
  else {
    out.errors["type"] = "The type is standard, graduated, volume or package.";
    return out;
  }
  ChargeModelErrors& errors = out.errors;
  switch (model.type) {
    case ChargeModel::Type::Standard:
      model.price_per_1k_ucr = integer_member(doc, "price_per_1k_ucr", "price_per_1k_ucr", errors, std::nullopt).value_or(0);
      break;
    case ChargeModel::Type::Graduated:
    case ChargeModel::Type::Volume: {
      const auto ranges = doc.find("ranges");
      if (ranges == doc.end() || !ranges->is_array()) {
        errors["ranges"] = "A list of ranges is expected.";
        break;
      }
      for (std::size_t i = 0; i < ranges->size(); ++i) {
        const json& item = (*ranges)[i];
        const std::string at = "ranges[" + std::to_string(i) + "].";
        if (!item.is_object()) {
          errors["ranges[" + std::to_string(i) + "]"] = "A range is an object.";
          continue;
        }
        ChargeRange range;
        range.from_tokens = integer_member(item, "from_tokens", at + "from_tokens", errors, std::nullopt).value_or(-1);
        const auto to = item.find("to_tokens");
        if (to != item.end() && !to->is_null()) range.to_tokens = integer_member(item, "to_tokens", at + "to_tokens", errors, std::nullopt);
        if (to != item.end() && !to->is_null() && !range.to_tokens) range.to_tokens = -1;  // reported already
        range.per_1k_ucr = integer_member(item, "per_1k_ucr", at + "per_1k_ucr", errors, std::nullopt).value_or(-1);
        range.flat_ucr = integer_member(item, "flat_ucr", at + "flat_ucr", errors, 0).value_or(-1);
        model.ranges.push_back(range);
      }
      break;
    }
    case ChargeModel::Type::Package:
      model.package_tokens = integer_member(doc, "package_tokens", "package_tokens", errors, std::nullopt).value_or(0);
      model.package_ucr = integer_member(doc, "package_ucr", "package_ucr", errors, std::nullopt).value_or(-1);
      model.free_tokens = integer_member(doc, "free_tokens", "free_tokens", errors, 0).value_or(-1);
      break;
  }
  // The rules, for every field that was read (a field already refused keeps its first message).
  for (auto& [field, message] : check_charge_model(model)) errors.emplace(field, message);
  if (errors.empty()) out.model = std::move(model);
  return out;
}

Micros first_rate_per_1k_ucr(const ChargeModel& model) {
  switch (model.type) {
    case ChargeModel::Type::Standard: return model.price_per_1k_ucr;
    case ChargeModel::Type::Graduated:
    case ChargeModel::Type::Volume: return model.ranges.empty() ? 0 : model.ranges.front().per_1k_ucr;
    case ChargeModel::Type::Package:
      return model.package_tokens > 0 ? (model.package_ucr * 1000 + model.package_tokens - 1) / model.package_tokens : 0;
  }
  return 0;
}

std::optional<Micros> month_total(const ChargeModel& model, std::int64_t n) {
  if (n < 0 || n > kMaxMonthTokens || model.type == ChargeModel::Type::Standard || !check_charge_model(model).empty())
    return std::nullopt;
  if (n == 0) return 0;
  switch (model.type) {
    case ChargeModel::Type::Graduated: {
      Micros total = 0;
      for (const ChargeRange& range : model.ranges) {
        const std::int64_t in = tokens_in(range, n);
        if (in > 0) total += range.flat_ucr + ceil_per_1k(in, range.per_1k_ucr);
      }
      return total;
    }
    case ChargeModel::Type::Volume: {
      const ChargeRange& reached = range_of(model.ranges, n);
      return reached.flat_ucr + ceil_per_1k(n, reached.per_1k_ucr);
    }
    case ChargeModel::Type::Package: {
      const std::int64_t billable = std::max<std::int64_t>(0, n - model.free_tokens);
      const std::int64_t packages = billable / model.package_tokens + (billable % model.package_tokens != 0 ? 1 : 0);
      return checked_mul(packages, model.package_ucr);
    }
    case ChargeModel::Type::Standard: break;
  }
  return std::nullopt;
}

std::optional<ChargeQuote> quote_call(const ChargeModel& model, std::int64_t before, std::int64_t tokens) {
  if (tokens < 1 || tokens > kMaxTokensPerCall || before < 0) return std::nullopt;
  ChargeQuote quote;
  if (model.type == ChargeModel::Type::Standard) {
    // Any positive price: a built-in model may cost more per 1K than a listing (up to $1,000).
    const std::optional<Micros> cost = call_cost(tokens, model.price_per_1k_ucr);
    if (!cost) return std::nullopt;
    quote.charge_ucr = quote.usage_ucr = *cost;
    return quote;
  }
  const std::optional<Micros> total_before = month_total(model, before);
  const std::optional<Micros> total_after = month_total(model, before + tokens);
  if (!total_before || !total_after) return std::nullopt;
  quote.charge_ucr = *total_after - *total_before;
  if (model.type == ChargeModel::Type::Volume && before > 0) {
    const ChargeRange& was = range_of(model.ranges, before);
    const ChargeRange& now = range_of(model.ranges, before + tokens);
    if (&was != &now) quote.true_up_ucr = now.flat_ucr + ceil_per_1k(before, now.per_1k_ucr) - *total_before;
  }
  quote.usage_ucr = quote.charge_ucr - quote.true_up_ucr;
  return quote;
}

}  // namespace mm::core
