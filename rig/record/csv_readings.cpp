#include "rig/record/csv_readings.hpp"

// fccp copies file names with strncpy into fixed buffers on purpose; GCC flags it when inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
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

namespace pumprig {

namespace {

// Cells are trimmed of blanks and may be quoted (other loggers quote timestamps); blank lines
// are skipped, so a trailing empty line is no error.
using Reader = io::CSVReader<4, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
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

// One header cell as fccp reads it (io::trim_chars<' ', '\t'> then io::double_quote_escape):
// trim blanks, then unquote only a cell that starts and ends with '"' (a doubled "" inside is
// one quote). So `" time_s"` is the name " time_s" and `t"ime_s"` is `t"ime_s"`: the columns
// found here are exactly the ones the library will return cells for.
std::string header_cell_name(std::string_view cell) {
  while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
  if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return std::string(cell);
  cell = cell.substr(1, cell.size() - 2);
  std::string name;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '"' && i + 1 < cell.size() && cell[i + 1] == '"') ++i;
    name += cell[i];
  }
  return name;
}

// The header's cell names in order, split where fccp splits (a quote opens a quoted stretch up
// to the next quote, anywhere in a cell), so that errors can name a column by its position.
std::vector<std::string> header_names(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // fccp drops it too
  std::vector<std::string> names;
  std::size_t begin = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') {
      quoted = !quoted;
    } else if (i == line.size() || (line[i] == ',' && !quoted)) {
      names.push_back(header_cell_name(line.substr(begin, i - begin)));
      begin = i + 1;
    }
  }
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

// An ISO 8601 date-time as whole seconds since the epoch (any four-digit year fits) and the
// fraction in nanoseconds; nullopt when it is not one.
struct IsoSeconds {
  long long secs = 0;
  long long frac_ns = 0;
};

std::optional<IsoSeconds> parse_iso8601_seconds(std::string_view s) {
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
  return IsoSeconds{secs, frac_ns};
}

// Nanoseconds since the epoch, or nullopt when they do not fit in 64 bits (before
// 1677-09-21T00:12:43.145224192Z or after 2262-04-11T23:47:16.854775807Z).
std::optional<long long> to_nanoseconds(const IsoSeconds& t) {
  long long ns = 0;
  if (__builtin_mul_overflow(t.secs, 1'000'000'000LL, &ns) || __builtin_add_overflow(ns, t.frac_ns, &ns))
    return std::nullopt;
  return ns;
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

CsvReadings parse_readings_csv(std::string_view text, const std::string& file, const CsvReadOptions& options) {
  CsvReadings out;
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

  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.empty()) throw CsvError(file, 0, 0, "", "the file is empty: no header line");

  // A last line without a line end was being written when the run stopped: drop it.
  const std::size_t last_nl = text.rfind('\n');
  if (last_nl == std::string_view::npos)
    throw CsvError(file, 1, 0, "", "the header line has no line end: the file is torn or not CSV");
  if (last_nl + 1 != text.size()) {
    const std::string_view torn = text.substr(last_nl + 1);
    const auto line = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    text = text.substr(0, last_nl + 1);
    if (!trim(torn).empty())
      out.notes.push_back(fmt::format("{}: line {} has no line end and was dropped as torn (\"{}\"); "
                                      "the recording was probably interrupted while writing it",
                                      file, line, printable(trim(torn).substr(0, 40))));
  }

  // Find the wanted columns in the header ourselves so that errors can say "column 3".
  const std::vector<std::string> header = header_names(text.substr(0, text.find('\n')));
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
    throw CsvError(file, 1, 0, "", msg);
  };
  require(time_col, "time");
  require(mass_col, "mass");
  if (!options.temperature_column.empty()) require(temp_col, "temperature");
  out.has_stable = stable_col.position != 0;

  double factor = 1.0;
  switch (options.time_unit) {
    case TimeUnit::seconds: factor = 1.0; break;
    case TimeUnit::minutes: factor = 60.0; break;
    case TimeUnit::hours: factor = 3600.0; break;
    case TimeUnit::iso8601: break;
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
  auto number = [&](const char* cell_ptr, const Column& col) {
    const std::string_view cell = cell_of(cell_ptr, col);
    std::string_view s(cell);
    if (s.empty()) throw CsvError(file, line, col.position, col.name, "the cell is empty");
    // Balances print an explicit sign; from_chars does not take '+'.
    if (s.front() == '+' && s.size() > 1 && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      throw CsvError(file, line, col.position, col.name, fmt::format("{} is not a number", describe_cell(cell)));
    if (!std::isfinite(v))
      throw CsvError(file, line, col.position, col.name, fmt::format("{} is not a finite number", describe_cell(cell)));
    return v;
  };

  try {
    Reader reader(file, text.data(), text.data() + text.size());
    reader.read_header(io::ignore_extra_column | io::ignore_missing_column, options.time_column,
                       options.mass_column, options.stable_column,
                       options.temperature_column.empty() ? std::string(kUnread) : options.temperature_column);
    std::optional<long long> first_ns;
    long long prev_ns = 0;
    double prev_t = 0;
    bool have_prev = false;
    for (;;) {
      char* t_cell = nullptr;
      char* m_cell = nullptr;
      char* s_cell = nullptr;
      char* c_cell = nullptr;
      if (!reader.read_row(t_cell, m_cell, s_cell, c_cell)) break;
      line = reader.get_file_line();
      MassReading r;
      const std::string_view t_text = cell_of(t_cell, time_col);
      if (options.time_unit == TimeUnit::iso8601) {
        if (t_text.empty()) throw CsvError(file, line, time_col.position, time_col.name, "the cell is empty");
        const auto ns = parse_iso8601_ns(t_text);
        if (!ns && iso8601_outside_nanosecond_range(t_text))
          throw CsvError(file, line, time_col.position, time_col.name,
                         fmt::format("{} is outside the years 1678 to 2262 that times can hold",
                                     describe_cell(t_text)));
        if (!ns)
          throw CsvError(file, line, time_col.position, time_col.name,
                         fmt::format("{} is not an ISO 8601 date-time", describe_cell(t_text)));
        if (have_prev && *ns < prev_ns)
          throw CsvError(file, line, time_col.position, time_col.name,
                         fmt::format("time goes backwards ({} is before the previous row)", describe_cell(t_text)));
        if (!first_ns) first_ns = *ns;
        prev_ns = *ns;
        long long since_first_ns = 0;
        if (__builtin_sub_overflow(*ns, *first_ns, &since_first_ns) ||
            !(std::fabs(static_cast<double>(since_first_ns) / 1e9) <= kMaxAbsTimeS))
          throw CsvError(file, line, time_col.position, time_col.name,
                         fmt::format("time {} is out of range: more than 9.2e9 s (292 years) after the first row",
                                     describe_cell(t_text)));
        r.t_s = static_cast<double>(since_first_ns) / 1e9;  // seconds from the first row
      } else {
        r.t_s = number(t_cell, time_col) * factor;
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
      r.mass_g = number(m_cell, mass_col);
      if (out.has_stable) {
        const std::string_view s = cell_of(s_cell, stable_col);
        if (s == "1" || s == "true" || s == "TRUE" || s == "True") r.stable = true;
        else if (s == "0" || s == "false" || s == "FALSE" || s == "False") r.stable = false;
        else if (s.empty()) throw CsvError(file, line, stable_col.position, stable_col.name, "the cell is empty");
        else
          throw CsvError(file, line, stable_col.position, stable_col.name,
                         fmt::format("{} is not 1/0 or true/false", describe_cell(s)));
      }
      if (!options.temperature_column.empty())
        out.temperatures.push_back(TemperatureReading{r.t_s, number(c_cell, temp_col)});
      out.readings.push_back(r);
    }
  } catch (const io::error::too_few_columns& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "",
                   "the line has fewer cells than the header: a torn or truncated line");
  } catch (const io::error::too_many_columns& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "", "the line has more cells than the header");
  } catch (const io::error::escaped_string_not_closed& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "", "a quoted cell is not closed");
  } catch (const io::error::line_length_limit_exceeded& e) {
    throw CsvError(file, static_cast<std::size_t>(e.file_line), 0, "", "the line is longer than 16 MiB");
  } catch (const io::error::base& e) {
    throw CsvError(file, 0, 0, "", printable(e.what()));
  }
  return out;
}

}  // namespace pumprig
