#pragma once
// Scratch folders and whole-file reads and writes, shared by the test executables (this folder
// holds headers only, so it is no test executable of its own).
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace pumprig::test {

// A fresh folder under the system temp dir, removed at the end of the test unless
// PUMPRIG_KEEP_TEST_RUNS=1 asks to keep it for a look after a failure.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "pumprig-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    if (const char* keep = std::getenv("PUMPRIG_KEEP_TEST_RUNS"); keep && *keep == '1') return;
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

// Every occurrence of `from` in `s` replaced by `to` (fixture and scenario edits in tests).
inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

}  // namespace pumprig::test
