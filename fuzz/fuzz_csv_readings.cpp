// The readings CSV reader (pumprig analyze --input) with every option: the first byte picks the
// time unit (s, min, h, ISO 8601), whether a temperature column is required, and the column names
// (the rig's own, or another logger's); the rest is the file's text. A bad file must end in a
// CsvError, nothing else.
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "rig/record/csv_readings.hpp"

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
  try {
    const CsvReadings r = parse_readings_csv(in.rest_text(), "fuzz.csv", options);
    if (options.temperature_column.empty())
      fuzz::require(r.temperatures.empty(), "no temperatures unless a temperature column is read");
  } catch (const CsvError& e) {
    (void)e.what();
  }
  (void)parse_time_unit(in.rest_text());
  (void)parse_iso8601_ns(in.rest_text());
  return 0;
}
