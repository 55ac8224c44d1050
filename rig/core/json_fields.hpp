#pragma once
// One field of a JSON object read back from a record that may be damaged or from another
// version: the value when it has the type asked for, else a fallback, never an exception. Every
// reader of result.json, run.json and events.jsonl uses these.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pumprig {

// The string at `key` of a JSON object, or `fallback` when `j` is no object, the key is missing
// or its value is not a string.
inline std::string string_field(const nlohmann::json& j, const char* key, std::string fallback = {}) {
  if (!j.is_object()) return fallback;
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The number at `key` of a JSON object, or none.
inline std::optional<double> number_field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

}  // namespace pumprig
