#pragma once
// Helpers shared by the recorder tests: a scratch directory and plain file reading.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/temp_files.hpp"

namespace pumprig::test {


// Complete lines only (each ended by '\n'); a trailing partial line is returned in `torn`.
inline std::vector<std::string> complete_lines(const std::string& text, std::string* torn = nullptr) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  if (torn) *torn = text.substr(start);
  return lines;
}

inline std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// `text` has the shape of `pattern`: '#' a digit, '*' a lowercase hex digit, anything else
// itself. (Used instead of <regex>, which GCC 12 warns about inside its own headers under ASan.)
inline bool fits(const std::string& text, const std::string& pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i], p = pattern[i];
    const bool digit = c >= '0' && c <= '9';
    if (p == '#' ? !digit : p == '*' ? !(digit || (c >= 'a' && c <= 'f')) : c != p) return false;
  }
  return true;
}

inline const std::string kUtcIsoPattern = "####-##-##T##:##:##.######Z";

}  // namespace pumprig::test
