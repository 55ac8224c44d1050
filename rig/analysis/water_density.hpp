#pragma once
// Density of water from its temperature, so that a logged vessel temperature can replace the
// fixed 0.998 g/ml of the standard's default.
#include <optional>
#include <vector>

#include "rig/analysis/mass_reading.hpp"

namespace pumprig {

// Density of air-free water at 101.325 kPa in g/ml, valid 0..40 °C (Tanaka et al. 2001).
double water_density_g_ml(double temp_c);

// Mean of the temperatures logged in [from_s, to_s]; nullopt when none fall inside.
std::optional<double> mean_temperature_c(const std::vector<TemperatureReading>& temps,
                                         double from_s, double to_s);

}  // namespace pumprig
