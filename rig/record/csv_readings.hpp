#pragma once
// Reader for balance readings logged as CSV, by the rig (samples-<station>.csv with columns
// time_s,mass_g,stable) or by any other logger (columns chosen by name, time in s, min, h, ISO
// 8601 or a stated date-time layout, extra columns ignored; cells separated by ',', ';' or tab,
// decimal point or comma, stated or detected: csv_format.hpp). It is the one piece of the
// analysis path that does I/O.
//
// Every cell is taken as text and converted with std::from_chars: an empty, truncated or
// non-numeric cell is an error naming file, line and column, never a silent zero. A last line
// without a line end is the rig recorder's torn write (dropped with a note) or, from an exporter
// that leaves the last line end off, a row like any other when it is complete; a torn line
// anywhere else is an error.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "rig/analysis/mass_reading.hpp"

namespace pumprig {

// iso8601 and formatted times count from the first row; formatted needs CsvReadOptions::time_format.
enum class TimeUnit { seconds, minutes, hours, iso8601, formatted };

// "s", "min", "h", "iso8601"; nullopt otherwise (formatted comes with a time format, not a name).
std::optional<TimeUnit> parse_time_unit(std::string_view text);

// What a last line without a line end is.
enum class UnterminatedLastLine {
  // The rig's recorder ends every row, so such a line was cut by a kill: dropped with a note,
  // even when it looks complete ("2.9" may be the start of "2.95").
  torn,
  // Spreadsheets and other loggers often leave the last line end off: the row is kept when it
  // has every cell and they read; otherwise it was cut short and is dropped with a note.
  kept_when_complete,
};

struct CsvReadOptions {
  std::string time_column = "time_s";
  std::string mass_column = "mass_g";
  std::string stable_column = "stable";  // read when present; readings are "unknown" otherwise
  std::string temperature_column;        // empty: not read; otherwise required
  TimeUnit time_unit = TimeUnit::seconds;
  std::string time_format;               // with TimeUnit::formatted, e.g. "%d.%m.%Y %H:%M:%S" (time_format.hpp)
  // ',' ';' or '\t', and '.' or ','; nullopt: detected from the file (csv_format.hpp). The
  // defaults are the rig's own files, which never need guessing.
  std::optional<char> delimiter = ',';
  std::optional<char> decimal = '.';
  UnterminatedLastLine unterminated_last_line = UnterminatedLastLine::torn;
};

struct CsvReadings {
  std::vector<MassReading> readings;
  std::vector<TemperatureReading> temperatures;  // same rows, when a temperature column is read
  bool has_stable = false;
  std::vector<std::string> notes;                // e.g. the dropped torn last line
  char delimiter = ',';                          // as read: stated or detected
  char decimal = '.';
  std::optional<std::string> delimiter_detected; // why, when it was detected
  std::optional<std::string> decimal_detected;
};

// An input error a tester can act on: file, line (1-based, 0 when not about a line), column
// (1-based position in the header, 0 when not about a column) and its name.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::string file, std::size_t line, std::size_t column, std::string column_name,
           std::string message);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& column_name() const { return column_name_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
  std::string column_name_;
  std::string message_;
};

// Reads and parses a file; throws CsvError.
CsvReadings read_readings_csv(const std::string& path, const CsvReadOptions& options = {});

// Parses CSV text; file_name is only used in messages. Throws CsvError.
CsvReadings parse_readings_csv(std::string_view text, const std::string& file_name,
                               const CsvReadOptions& options = {});

// Nanoseconds since 1970-01-01T00:00:00Z of an ISO 8601 date-time such as
// "2024-05-01T12:00:00.125Z", "2024-05-01 14:00:00+02:00" or "2024-05-01T12:00" (no zone: taken
// as UTC, which is harmless since only differences are used). nullopt when malformed.
std::optional<long long> parse_iso8601_ns(std::string_view text);
// True when `text` is a valid ISO 8601 date-time that 64-bit nanoseconds cannot hold (outside
// about 1677-09-21 to 2262-04-11): parse_iso8601_ns returns nullopt for it, never a wrapped time.
bool iso8601_outside_nanosecond_range(std::string_view text);

}  // namespace pumprig
