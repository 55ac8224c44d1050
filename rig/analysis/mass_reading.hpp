#pragma once
// The analysis input: balance readings as logged, host-timestamped relative to the test's
// t = 0 (the moment the pump was started). Readings taken before the start have negative t_s;
// they are what lets the grid point W_0 be interpolated.
#include <optional>

namespace pumprig {

struct MassReading {
  double t_s = 0;                 // seconds since the pump was started
  double mass_g = 0;              // balance reading as displayed (net, tared)
  std::optional<bool> stable;     // balance stability flag; nullopt when the logger had none
};

struct TemperatureReading {
  double t_s = 0;
  double temp_c = 0;              // water temperature in the collecting vessel
};

// Line pressure from the rig I/O board's transducer (upstream of the occluded stopcock path), on
// the same time base as the mass readings.
struct PressureSample {
  double t_s = 0;
  double pressure_mmhg = 0;
};

}  // namespace pumprig
