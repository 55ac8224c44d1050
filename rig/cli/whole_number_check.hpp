#pragma once
// CLI11 reads unsigned options with strtoull, which takes "-5" and wraps it to
// 18446744073709551611. Options that are counts or seeds check their text first.
#include <string>

#include <CLI/CLI.hpp>

namespace pumprig {

// Accepts only decimal digits ("0", "42"); the option's own conversion then checks the range.
inline CLI::Validator whole_number_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
          return "must be a whole number 0 or more, got '" + text + "'";
        return {};
      },
      "WHOLE NUMBER");
}

}  // namespace pumprig
