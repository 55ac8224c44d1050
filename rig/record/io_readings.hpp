#pragma once
// The rig I/O board's stream as the recorder wrote it (io-<station>.csv or
// prestart-io-<station>.csv: time_s,pressure_mmhg,pressure2_mmhg,temperature_c,alarm,
// occluder_closed), read with the same strict CSV reader as balance readings: every cell a
// number or an error naming file, line and column; a torn last line dropped with a note.
#include <string>
#include <vector>

#include "rig/analysis/mass_reading.hpp"

namespace pumprig {

struct IoReadings {
  std::vector<PressureSample> pressures;         // upstream transducer
  std::vector<TemperatureReading> temperatures;  // the same rows' water temperature
  std::vector<std::string> notes;
};

// Throws CsvError (csv_readings.hpp).
IoReadings read_io_csv(const std::string& path);

}  // namespace pumprig
