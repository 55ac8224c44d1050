#include "rig/analysis/water_density.hpp"

namespace pumprig {

double water_density_g_ml(double temp_c) {
  // M. Tanaka, G. Girard, R. Davis, A. Peuto, N. Bignell, "Recommended table for the density of
  // water between 0 °C and 40 °C based on recent experimental reports", Metrologia 38 (2001)
  // 301-309, eq. (1), for SMOW free of air at 101.325 kPa. Its 1 ppm uncertainty is far below what
  // a flow test resolves, and the isotopic/air corrections it describes are smaller still.
  constexpr double a1 = -3.983035;    // °C
  constexpr double a2 = 301.797;      // °C
  constexpr double a3 = 522528.9;     // °C²
  constexpr double a4 = 69.34881;     // °C
  constexpr double a5 = 999.974950;   // kg/m³
  const double t = temp_c;
  const double rho_kg_m3 = a5 * (1.0 - (t + a1) * (t + a1) * (t + a2) / (a3 * (t + a4)));
  return rho_kg_m3 / 1000.0;          // kg/m³ -> g/ml
}

std::optional<double> mean_temperature_c(const std::vector<TemperatureReading>& temps,
                                         double from_s, double to_s) {
  double sum = 0;
  std::size_t count = 0;
  for (const auto& r : temps) {
    if (r.t_s >= from_s && r.t_s <= to_s) {
      sum += r.temp_c;
      ++count;
    }
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

}  // namespace pumprig
