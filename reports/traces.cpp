#include "reports/traces.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

namespace pumprig::reports {
namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const auto comma = line.find(',');
    out.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::optional<Trace> read_trace(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  Trace t;
  const std::string name = path.filename().string();
  std::string_view rest(text);
  std::size_t line_no = 0;
  std::vector<std::vector<double>*> cols;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      t.notes.push_back(fmt::format("{}: torn last line {} dropped (no line end)", name, line_no + 1));
      break;
    }
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      for (auto h : split(line)) {
        t.header.emplace_back(h);
        cols.push_back(&t.columns[std::string(h)]);
      }
      continue;
    }
    if (line.empty()) continue;
    const auto cells = split(line);
    if (cells.size() != cols.size()) {
      t.notes.push_back(fmt::format("{}: line {} has {} cells instead of {}; the trace ends before it", name, line_no,
                                    cells.size(), cols.size()));
      break;
    }
    std::vector<double> values(cells.size());
    bool ok = true;
    for (std::size_t i = 0; i < cells.size() && ok; ++i) {
      if (cells[i].empty()) {
        values[i] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      const auto r = std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), values[i]);
      ok = r.ec == std::errc() && r.ptr == cells[i].data() + cells[i].size();
    }
    if (!ok) {
      t.notes.push_back(fmt::format("{}: line {} is not numeric; the trace ends before it", name, line_no));
      break;
    }
    for (std::size_t i = 0; i < values.size(); ++i) cols[i]->push_back(values[i]);
    ++t.rows;
  }
  if (line_no == 0) t.notes.push_back(fmt::format("{}: empty file", name));
  return t;
}

}  // namespace pumprig::reports
