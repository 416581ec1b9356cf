// Reading members of JSON that came from outside (imports, saved files, the automation API) without
// exceptions: nlohmann's value(key, default) throws when the member exists with another type, and an
// uncaught exception aborts the WebAssembly app. These return the fallback instead.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace mm::core {

inline std::string text_field(const nlohmann::json& doc, const char* key, std::string fallback = "") {
  if (!doc.is_object()) return fallback;
  const auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline std::int64_t integer_field(const nlohmann::json& doc, const char* key, std::int64_t fallback) {
  if (!doc.is_object()) return fallback;
  const auto it = doc.find(key);
  return it != doc.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

inline bool bool_field(const nlohmann::json& doc, const char* key, bool fallback) {
  if (!doc.is_object()) return fallback;
  const auto it = doc.find(key);
  return it != doc.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace mm::core
