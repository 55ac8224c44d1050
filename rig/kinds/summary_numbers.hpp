#pragma once
// A number of a test's result.json entry for a terminal headline: formatted, or "n/a".
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pumprig {

inline std::string summary_number(const nlohmann::json& test, const char* key, const char* fmt_spec) {
  const auto it = test.find(key);
  return it != test.end() && it->is_number() ? fmt::format(fmt::runtime(fmt_spec), it->get<double>()) : "n/a";
}

}  // namespace pumprig
