// The readings CSV reader (pumprig analyze --input) with every option: the first byte picks the
// time unit (s, min, h, ISO 8601), whether a temperature column is required, and the column names
// (the rig's own, or another logger's); the second the delimiter and decimal separator (stated or
// detected), the last line's reading (recorder or exporter) and a stated time format instead of
// the unit; the rest is the file's text. A bad file must end in a CsvError, nothing else.
#include <optional>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/time_format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  CsvReadOptions options;
  static constexpr TimeUnit kUnits[] = {TimeUnit::seconds, TimeUnit::minutes, TimeUnit::hours, TimeUnit::iso8601};
  options.time_unit = kUnits[flags & 3];
  if (flags & 4) options.temperature_column = "temp_c";
  if (flags & 8) {  // another logger's names
    options.time_column = "timestamp";
    options.mass_column = "weight";
    options.stable_column = "";
  }
  if (flags & 16) options.stable_column = "stable";
  const std::uint8_t format = in.byte();
  static constexpr std::optional<char> kDelimiters[] = {',', ';', '\t', std::nullopt};
  static constexpr std::optional<char> kDecimals[] = {'.', ',', std::nullopt, std::nullopt};
  options.delimiter = kDelimiters[format & 3];
  options.decimal = kDecimals[(format >> 2) & 3];
  if (format & 16) options.unterminated_last_line = UnterminatedLastLine::kept_when_complete;
  if (format & 32) {
    static constexpr const char* kFormats[] = {"%d.%m.%Y %H:%M:%S", "%m/%d/%y %I:%M:%S %p", "%F %T", "%H:%M:%S"};
    options.time_unit = TimeUnit::formatted;
    options.time_format = kFormats[(format >> 6) & 3];
  }
  try {
    const CsvReadings r = parse_readings_csv(in.rest_text(), "fuzz.csv", options);
    if (options.temperature_column.empty())
      fuzz::require(r.temperatures.empty(), "no temperatures unless a temperature column is read");
    fuzz::require(!options.delimiter || r.delimiter == *options.delimiter, "a stated delimiter is the one used");
    fuzz::require(!options.decimal || r.decimal == *options.decimal, "a stated decimal separator is the one used");
  } catch (const CsvError& e) {
    (void)e.what();
  }
  (void)parse_time_unit(in.rest_text());
  (void)parse_iso8601_ns(in.rest_text());
  (void)time_format_problem(in.rest_text());
  (void)parse_formatted_time(in.rest_text(), "%d.%m.%Y %H:%M:%S");
  return 0;
}
