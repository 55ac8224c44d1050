#include "rig/record/csv_format.hpp"

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"

namespace pumprig {

std::string delimiter_name(char delimiter) {
  if (delimiter == '\t') return "tab";
  return fmt::format("'{}'", delimiter);
}

std::string decimal_name(char decimal) { return decimal == ',' ? "decimal comma" : "decimal point"; }

std::optional<char> parse_delimiter(std::string_view text) {
  if (text == "," || text == ";") return text[0];
  if (text == "\t" || text == "\\t" || text == "tab") return '\t';
  return std::nullopt;
}

std::optional<char> parse_decimal_separator(std::string_view text) {
  if (text == "," || text == "comma") return ',';
  if (text == "." || text == "point") return '.';
  return std::nullopt;
}

std::vector<std::string_view> split_cells(std::string_view line, char delimiter) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // the library drops it too
  std::vector<std::string_view> cells;
  std::size_t begin = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') {
      quoted = !quoted;
    } else if (i == line.size() || (line[i] == delimiter && !quoted)) {
      cells.push_back(line.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  return cells;
}

std::string cell_value(std::string_view cell) {
  while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
  if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return std::string(cell);
  cell = cell.substr(1, cell.size() - 2);
  std::string value;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '"' && i + 1 < cell.size() && cell[i + 1] == '"') ++i;
    value += cell[i];
  }
  return value;
}

DetectedSeparator detect_delimiter(std::string_view header_line) {
  std::size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == ';') ++semicolons;
    else if (c == ',') ++commas;
    else if (c == '\t') ++tabs;
  }
  DetectedSeparator d;
  // In the order ties are broken: the first with the highest count wins.
  d.value = ';';
  std::size_t best = semicolons;
  if (commas > best) d.value = ',', best = commas;
  if (tabs > best) d.value = '\t', best = tabs;
  if (best == 0) d.value = ',';
  d.evidence = fmt::format("the header holds {} ';', {} ',' and {} tab{} outside quotes", semicolons, commas, tabs,
                           tabs == 1 ? "" : "s");
  return d;
}

DetectedSeparator detect_decimal_separator(std::string_view data, std::size_t first_line, char delimiter,
                                           const std::vector<std::size_t>& number_columns,
                                           const std::vector<std::string>& header) {
  std::size_t line_no = first_line;
  while (!data.empty()) {
    const std::size_t nl = data.find('\n');
    const std::string_view line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
    const std::vector<std::string_view> cells = split_cells(line, delimiter);
    for (const std::size_t column : number_columns) {
      if (column == 0 || column > cells.size()) continue;
      const std::string value = cell_value(cells[column - 1]);
      const std::size_t at = value.find_last_of(".,");
      if (at == std::string::npos) continue;
      DetectedSeparator d;
      d.value = value[at];
      const std::string name = column <= header.size() ? header[column - 1] : std::string();
      d.evidence = fmt::format("line {}, column {} ({}) holds \"{}\"", line_no, column, printable(name),
                               printable(value.substr(0, 40)));
      return d;
    }
    ++line_no;
  }
  return DetectedSeparator{'.', "no number cell holds a '.' or ','"};
}

}  // namespace pumprig
