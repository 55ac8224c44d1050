#pragma once
// A number of a test's result.json entry for a terminal headline: formatted, or "n/a".
#include <string>

#include <nlohmann/json.hpp>

#include "rig/core/fixed_text.hpp"

namespace pumprig {

inline std::string summary_number(const nlohmann::json& test, const char* key, int decimals) {
  const auto it = test.find(key);
  return it != test.end() && it->is_number() ? fixed_text(it->get<double>(), decimals) : "n/a";
}

}  // namespace pumprig
