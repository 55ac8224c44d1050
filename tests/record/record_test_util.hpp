#pragma once
// Helpers shared by the recorder tests: a scratch directory and plain file reading.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace pumprig::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pumprig-record-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

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
