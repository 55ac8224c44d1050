#include "rig/record/io_readings.hpp"

#include "rig/record/csv_readings.hpp"

namespace pumprig {

IoReadings read_io_csv(const std::string& path) {
  CsvReadOptions options;
  options.mass_column = "pressure_mmhg";  // the reader's value column, whatever it holds
  options.temperature_column = "temperature_c";
  CsvReadings rows = read_readings_csv(path, options);
  IoReadings out;
  out.pressures.reserve(rows.readings.size());
  for (const MassReading& r : rows.readings) out.pressures.push_back(PressureSample{r.t_s, r.mass_g});
  out.temperatures = std::move(rows.temperatures);
  out.notes = std::move(rows.notes);
  return out;
}

}  // namespace pumprig
