#include "rig/record/csv_readings.hpp"

// fccp copies file names with strncpy into fixed buffers on purpose; GCC flags it when inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"
#include "rig/record/csv_format.hpp"
#include "rig/record/time_format.hpp"

namespace pumprig {

namespace {

// Cells are trimmed of blanks and may be quoted (other loggers quote timestamps); blank lines
// are skipped, so a trailing empty line is no error. The library splits a line at the delimiter
// before it trims, so a tab delimiter and tab blanks do not clash.
template <char Delimiter>
using Reader = io::CSVReader<4, io::trim_chars<' ', '\t'>, io::double_quote_escape<Delimiter, '"'>,
                             io::throw_on_overflow, io::empty_line_comment>;

// A name no header can hold, for the columns we were not asked to read.
constexpr const char* kUnread = "\x1f(not read)";

// A cell as quoted in messages: cut short, and printable (a hostile file may hold escape codes).
std::string describe_cell(std::string_view cell) {
  std::string s(cell.substr(0, 40));
  return "\"" + printable(s) + (cell.size() > 40 ? "..." : "") + "\"";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The header's cell names in order, split where the library splits, so that errors can name a
// column by its position.
std::vector<std::string> header_names(std::string_view line, char delimiter) {
  std::vector<std::string> names;
  for (const std::string_view cell : split_cells(line, delimiter)) names.push_back(cell_value(cell));
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + describe_cell(n);
  return out;
}

// The nearest header cell that reads as `wanted` once blanks and quotes are stripped: the name
// the writer probably meant (`" time_s"`, `t"ime_s"`), for the hint in the message.
std::optional<std::string> near_miss(const std::vector<std::string>& header, const std::string& wanted) {
  for (const auto& h : header) {
    std::string bare;
    for (const char c : h)
      if (c != '"' && c != ' ' && c != '\t') bare += c;
    if (bare == wanted && h != wanted) return h;
  }
  return std::nullopt;
}

// Times are kept as nanoseconds (ISO 8601) or must fit them (numbers): +-9.2e9 s, about 292
// years. Beyond that a time is a wrong column or a wrong unit, never a test.
constexpr double kMaxAbsTimeS = 9.2e9;

struct Column {
  std::size_t position = 0;  // 1-based; 0 when the header lacks it
  std::string name;
};

}  // namespace

CsvError::CsvError(std::string file, std::size_t line, std::size_t column, std::string column_name,
                   std::string message)
    : std::runtime_error([&] {
        std::string where = file;
        if (line > 0) where += fmt::format(", line {}", line);
        if (column > 0) where += fmt::format(", column {} ({})", column, column_name);
        return printable(where + ": " + message);  // file names and cells may hold escape codes
      }()),
      file_(std::move(file)),
      line_(line),
      column_(column),
      column_name_(std::move(column_name)),
      message_(printable(message)) {}

std::optional<TimeUnit> parse_time_unit(std::string_view text) {
  if (text == "s") return TimeUnit::seconds;
  if (text == "min") return TimeUnit::minutes;
  if (text == "h") return TimeUnit::hours;
  if (text == "iso8601") return TimeUnit::iso8601;
  return std::nullopt;
}

namespace {

// An ISO 8601 date-time, nullopt when it is not one.
std::optional<EpochSeconds> parse_iso8601_seconds(std::string_view s) {
  std::size_t pos = 0;
  auto digits = [&](std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
  };
  auto expect = [&](char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(4, y) || !expect('-') || !digits(2, mo) || !expect('-') || !digits(2, d)) return std::nullopt;
  if (!(expect('T') || expect('t') || expect(' '))) return std::nullopt;
  if (!digits(2, h) || !expect(':') || !digits(2, mi)) return std::nullopt;
  long long frac_ns = 0;
  if (expect(':')) {
    if (!digits(2, sec)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      long long scale = 100'000'000;
      std::size_t n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac_ns += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
        ++n;
      }
      if (n == 0) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  long long offset_s = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!digits(2, oh)) return std::nullopt;
      if (expect(':')) {
        if (!digits(2, om)) return std::nullopt;
      } else if (pos < s.size()) {
        if (!digits(2, om)) return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_s = sign * (oh * 3600LL + om * 60LL);
    }
  }
  if (pos != s.size()) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const long long days = sys_days{ymd}.time_since_epoch().count();
  const long long secs = days * 86400LL + h * 3600LL + mi * 60LL + sec - offset_s;
  return EpochSeconds{secs, frac_ns};
}

}  // namespace

std::optional<long long> parse_iso8601_ns(std::string_view s) {
  const auto t = parse_iso8601_seconds(s);
  if (!t) return std::nullopt;
  return to_nanoseconds(*t);
}

bool iso8601_outside_nanosecond_range(std::string_view s) {
  const auto t = parse_iso8601_seconds(s);
  return t && !to_nanoseconds(*t);
}

CsvReadings read_readings_csv(const std::string& path, const CsvReadOptions& options) {
  // A folder opens and reads as nothing on Linux: say what it is.
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    throw CsvError(printable(path), 0, 0, "", "it is a directory, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CsvError(path, 0, 0, "", fmt::format("cannot open the file ({})", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw CsvError(path, 0, 0, "", "cannot read the file");
  return parse_readings_csv(text.str(), path, options);
}

namespace {

// Calls row(cells, line) for every data row, the cells in the order of `names` (null for a name
// the header lacks), and turns the library's errors into CsvErrors.
template <char Delimiter, typename Row>
void for_each_row(std::string_view text, const std::string& file, const std::array<std::string, 4>& names, Row&& row) {
  try {
    Reader<Delimiter> reader(file, text.data(), text.data() + text.size());
    reader.read_header(io::ignore_extra_column | io::ignore_missing_column, names[0], names[1], names[2], names[3]);
    for (;;) {
      std::array<char*, 4> cells{};
      if (!reader.read_row(cells[0], cells[1], cells[2], cells[3])) break;
      row(cells, static_cast<std::size_t>(reader.get_file_line()));
    }
  } catch (const io::error::too_few_columns& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "",
                   "the line has fewer cells than the header: a torn or truncated line");
  } catch (const io::error::too_many_columns& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "",
                   Delimiter == ',' ? "the line has more cells than the header (a decimal comma in a ','-separated "
                                      "file must be quoted: \"1,5\")"
                                    : "the line has more cells than the header");
  } catch (const io::error::escaped_string_not_closed& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "", "a quoted cell is not closed");
  } catch (const io::error::line_length_limit_exceeded& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "", "the line is longer than 16 MiB");
  } catch (const io::error::base& e) {
    throw CsvError(file, 0, 0, "", printable(e.what()));
  }
}

// The readings of a text whose every line is complete (the caller has dealt with the last one).
CsvReadings parse_rows(std::string_view text, const std::string& file, const CsvReadOptions& options) {
  CsvReadings out;
  const std::string_view header_line = text.substr(0, text.find('\n'));

  // The delimiter first: the header's names, and so the columns, depend on it.
  if (options.delimiter) {
    out.delimiter = *options.delimiter;
  } else {
    const DetectedSeparator d = detect_delimiter(header_line);
    out.delimiter = d.value;
    out.delimiter_detected = d.evidence;
  }
  if (out.delimiter != ',' && out.delimiter != ';' && out.delimiter != '\t')
    throw CsvError(file, 0, 0, "", fmt::format("the delimiter {} is not one of ',', ';' and tab", delimiter_name(out.delimiter)));

  // Find the wanted columns in the header ourselves so that errors can say "column 3".
  const std::vector<std::string> header = header_names(header_line, out.delimiter);
  auto find = [&](const std::string& name) {
    Column c;
    c.name = name;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) {
        if (c.position != 0)
          throw CsvError(file, 1, i + 1, name, fmt::format("column \"{}\" appears twice in the header", name));
        c.position = i + 1;
      }
    }
    return c;
  };
  const Column time_col = find(options.time_column);
  const Column mass_col = find(options.mass_column);
  const Column stable_col = find(options.stable_column);
  const Column temp_col = options.temperature_column.empty() ? Column{} : find(options.temperature_column);
  auto require = [&](const Column& c, const char* role) {
    if (c.position != 0) return;
    std::string msg = fmt::format("no {} column '{}' (found: {})", role, printable(c.name), join(header));
    if (const auto near = near_miss(header, c.name))
      msg += fmt::format("; the header cell {} is not '{}': a cell is a name after its blanks are trimmed and "
                         "then, only when it starts and ends with a quote, unquoted",
                         describe_cell(*near), printable(c.name));
    // A wrong delimiter shows as missing columns: say which one was used and why.
    if (out.delimiter_detected)
      msg += fmt::format("; cells were split at {}, detected because {}", delimiter_name(out.delimiter), *out.delimiter_detected);
    else if (header.size() == 1)
      msg += fmt::format("; the header is one cell when split at {}: are the cells separated by another delimiter?",
                         delimiter_name(out.delimiter));
    throw CsvError(file, 1, 0, "", msg);
  };
  require(time_col, "time");
  require(mass_col, "mass");
  if (!options.temperature_column.empty()) require(temp_col, "temperature");
  out.has_stable = stable_col.position != 0;

  const bool date_times = options.time_unit == TimeUnit::iso8601 || options.time_unit == TimeUnit::formatted;
  if (options.decimal) {
    out.decimal = *options.decimal;
  } else {
    std::vector<std::size_t> number_columns{mass_col.position};
    if (!date_times) number_columns.insert(number_columns.begin(), time_col.position);
    if (temp_col.position != 0) number_columns.push_back(temp_col.position);
    const std::string_view data = header_line.size() < text.size() ? text.substr(header_line.size() + 1) : std::string_view{};
    const DetectedSeparator d = detect_decimal_separator(data, 2, out.delimiter, number_columns, header);
    out.decimal = d.value;
    out.decimal_detected = d.evidence;
  }
  if (out.decimal != '.' && out.decimal != ',')
    throw CsvError(file, 0, 0, "", fmt::format("the decimal separator '{}' is not '.' or ','", out.decimal));
  // What a cell that fails to read with the wrong separator is told.
  const std::string decimal_hint =
      out.decimal_detected ? fmt::format("the {} was detected because {}", decimal_name(out.decimal), *out.decimal_detected)
                           : fmt::format("the decimal separator is '{}'", out.decimal);

  double factor = 1.0;
  switch (options.time_unit) {
    case TimeUnit::seconds: factor = 1.0; break;
    case TimeUnit::minutes: factor = 60.0; break;
    case TimeUnit::hours: factor = 3600.0; break;
    case TimeUnit::iso8601: break;
    case TimeUnit::formatted: break;
  }

  std::size_t line = 1;
  // The library returns a null cell for a wanted column its header did not match; the columns
  // required above always match, so a null cell here is a disagreement: an error, never a crash.
  auto cell_of = [&](const char* cell, const Column& col) -> std::string_view {
    if (cell == nullptr)
      throw CsvError(file, 1, 0, "", fmt::format("the CSV library did not find column '{}' in the header",
                                                 printable(col.name)));
    return cell;
  };
  std::string decimal_buffer;
  auto number = [&](const char* cell_ptr, const Column& col) {
    const std::string_view cell = cell_of(cell_ptr, col);
    std::string_view s(cell);
    if (s.empty()) throw CsvError(file, line, col.position, col.name, "the cell is empty");
    // Balances print an explicit sign; from_chars does not take '+'.
    if (s.front() == '+' && s.size() > 1 && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
    const bool other_separator = s.find(out.decimal == ',' ? '.' : ',') != std::string_view::npos;
    if (other_separator)  // never read "1.234,5" or "1,5" with the wrong separator as part of a number
      throw CsvError(file, line, col.position, col.name,
                     fmt::format("{} is not a number with a {} ({})", describe_cell(cell), decimal_name(out.decimal),
                                 decimal_hint));
    if (out.decimal == ',') {
      decimal_buffer.assign(s);
      std::replace(decimal_buffer.begin(), decimal_buffer.end(), ',', '.');
      s = decimal_buffer;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      throw CsvError(file, line, col.position, col.name, fmt::format("{} is not a number", describe_cell(cell)));
    if (!std::isfinite(v))
      throw CsvError(file, line, col.position, col.name, fmt::format("{} is not a finite number", describe_cell(cell)));
    return v;
  };

  std::optional<long long> first_ns;
  long long prev_ns = 0;
  double prev_t = 0;
  bool have_prev = false;
  auto date_time_ns = [&](std::string_view t_text) {
    if (t_text.empty()) throw CsvError(file, line, time_col.position, time_col.name, "the cell is empty");
    const auto t = options.time_unit == TimeUnit::iso8601 ? parse_iso8601_seconds(t_text)
                                                            : parse_formatted_time(t_text, options.time_format);
    if (!t)
      throw CsvError(file, line, time_col.position, time_col.name,
                     options.time_unit == TimeUnit::iso8601
                         ? fmt::format("{} is not an ISO 8601 date-time", describe_cell(t_text))
                         : fmt::format("{} does not match the time format \"{}\"", describe_cell(t_text),
                                       printable(options.time_format)));
    const auto ns = to_nanoseconds(*t);
    if (!ns)
      throw CsvError(file, line, time_col.position, time_col.name,
                     fmt::format("{} is outside the years 1678 to 2262 that times can hold", describe_cell(t_text)));
    return *ns;
  };
  auto row = [&](const std::array<char*, 4>& cells, std::size_t file_line) {
    line = file_line;
    MassReading r;
    const std::string_view t_text = cell_of(cells[0], time_col);
    if (date_times) {
      const long long ns = date_time_ns(t_text);
      if (have_prev && ns < prev_ns)
        throw CsvError(file, line, time_col.position, time_col.name,
                       fmt::format("time goes backwards ({} is before the previous row)", describe_cell(t_text)));
      if (!first_ns) first_ns = ns;
      prev_ns = ns;
      long long since_first_ns = 0;
      if (__builtin_sub_overflow(ns, *first_ns, &since_first_ns) ||
          !(std::fabs(static_cast<double>(since_first_ns) / 1e9) <= kMaxAbsTimeS))
        throw CsvError(file, line, time_col.position, time_col.name,
                       fmt::format("time {} is out of range: more than 9.2e9 s (292 years) after the first row",
                                   describe_cell(t_text)));
      r.t_s = static_cast<double>(since_first_ns) / 1e9;  // seconds from the first row
    } else {
      r.t_s = number(cells[0], time_col) * factor;
      if (!(std::fabs(r.t_s) <= kMaxAbsTimeS))
        throw CsvError(file, line, time_col.position, time_col.name,
                       fmt::format("time {} is out of range: times must lie within +-9.2e9 s (292 years)",
                                   describe_cell(t_text)));
      if (have_prev && r.t_s < prev_t)
        throw CsvError(file, line, time_col.position, time_col.name,
                       fmt::format("time goes backwards ({} after {})", describe_cell(t_text),
                                   fmt::format("{:g}", prev_t / factor)));
      prev_t = r.t_s;
    }
    have_prev = true;
    r.mass_g = number(cells[1], mass_col);
    if (out.has_stable) {
      const std::string_view s = cell_of(cells[2], stable_col);
      if (s == "1" || s == "true" || s == "TRUE" || s == "True") r.stable = true;
      else if (s == "0" || s == "false" || s == "FALSE" || s == "False") r.stable = false;
      else if (s.empty()) throw CsvError(file, line, stable_col.position, stable_col.name, "the cell is empty");
      else
        throw CsvError(file, line, stable_col.position, stable_col.name,
                       fmt::format("{} is not 1/0 or true/false", describe_cell(s)));
    }
    if (!options.temperature_column.empty())
      out.temperatures.push_back(TemperatureReading{r.t_s, number(cells[3], temp_col)});
    out.readings.push_back(r);
  };

  const std::array<std::string, 4> names{options.time_column, options.mass_column, options.stable_column,
                                         options.temperature_column.empty() ? std::string(kUnread)
                                                                            : options.temperature_column};
  switch (out.delimiter) {
    case ';': for_each_row<';'>(text, file, names, row); break;
    case '\t': for_each_row<'\t'>(text, file, names, row); break;
    default: for_each_row<','>(text, file, names, row); break;
  }
  return out;
}

}  // namespace

CsvReadings parse_readings_csv(std::string_view text, const std::string& file, const CsvReadOptions& options) {
  {
    std::vector<std::string> wanted{options.time_column, options.mass_column, options.stable_column};
    if (!options.temperature_column.empty()) wanted.push_back(options.temperature_column);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (wanted[i].empty()) throw CsvError(file, 0, 0, "", "a column name is empty");
      for (std::size_t j = 0; j < i; ++j)
        if (wanted[i] == wanted[j])
          throw CsvError(file, 0, 0, "", fmt::format("column \"{}\" is asked for twice", wanted[i]));
    }
  }
  if (options.time_unit == TimeUnit::formatted)
    if (const auto problem = time_format_problem(options.time_format))
      throw CsvError(file, 0, 0, "", fmt::format("time format \"{}\": {}", printable(options.time_format), *problem));

  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.empty()) throw CsvError(file, 0, 0, "", "the file is empty: no header line");

  const std::size_t last_nl = text.rfind('\n');
  const std::string_view last = last_nl == std::string_view::npos ? text : text.substr(last_nl + 1);
  const auto last_line = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  // Blanks after the last line end are no line (a trailing "\r" or spaces): dropped silently.
  const std::string_view complete = last_nl == std::string_view::npos ? std::string_view{} : text.substr(0, last_nl + 1);
  if (trim(last).empty()) {
    if (complete.empty()) throw CsvError(file, 1, 0, "", "the header line is blank");
    return parse_rows(complete, file, options);
  }

  // The rows before the last line, with a note saying why the last line is not among them.
  auto without_last_line = [&](const std::string& why) {
    CsvReadings out = parse_rows(complete, file, options);
    out.notes.insert(out.notes.begin(), why);
    return out;
  };
  const std::string last_cut = printable(trim(last).substr(0, 40));
  if (options.unterminated_last_line == UnterminatedLastLine::torn) {
    // The recorder was writing this line when the run stopped.
    if (last_nl == std::string_view::npos)
      throw CsvError(file, 1, 0, "", "the header line has no line end: the file is torn or not CSV");
    return without_last_line(fmt::format("{}: line {} has no line end and was dropped as torn (\"{}\"); "
                                         "the recording was probably interrupted while writing it",
                                         file, last_line, last_cut));
  }
  // An exporter's last row without a line end: a row like any other when it reads; cut short
  // (too few cells, a cell that does not read, a time before the row above it) it is torn.
  try {
    return parse_rows(text, file, options);
  } catch (const CsvError& e) {
    if (e.line() != last_line || last_nl == std::string_view::npos) throw;
    return without_last_line(fmt::format("{}: line {}, the last, has no line end and is incomplete ({}): dropped as "
                                         "torn (\"{}\")",
                                         file, last_line, e.message(), last_cut));
  }
}

}  // namespace pumprig
