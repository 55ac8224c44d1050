#pragma once
// Reading recorded traces (samples-<station>.csv, io-<station>.csv) for plots. Forgiving like the
// run reader: a torn last line is dropped, and a damaged line ends the trace there; both give a
// note for the report's "what is missing" list instead of an error.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pumprig::reports {

struct Trace {
  std::vector<std::string> header;
  std::map<std::string, std::vector<double>> columns;  // NaN for an empty cell
  std::size_t rows = 0;
  std::vector<std::string> notes;

  const std::vector<double>* column(const std::string& name) const {
    auto it = columns.find(name);
    return it == columns.end() ? nullptr : &it->second;
  }
};

// std::nullopt when the file does not exist or cannot be opened.
std::optional<Trace> read_trace(const std::filesystem::path& path);

}  // namespace pumprig::reports
