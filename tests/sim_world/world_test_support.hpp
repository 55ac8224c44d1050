#pragma once
// Small helpers shared by the station world tests.
#include <cmath>
#include <limits>
#include <vector>

#include "hardware/sim/world/station_world.hpp"

namespace pumprig::sim::test {

inline Nanos at_s(double s) { return from_seconds(s); }

// Actual (not nominal) volume the drive moves per mm of plunger travel and per screw turn.
inline double area_mm2(double d_mm) { return 3.14159265358979323846 * 0.25 * d_mm * d_mm; }

// Seconds per screw revolution at rate_ml_h with the programmed diameter equal to the real one.
inline double revolution_s(const WorldConfig& c, double rate_ml_h) {
  const double ml_per_rev = area_mm2(c.syringe.inner_diameter_mm) * c.drive.lead_screw_pitch_mm / 1000.0;
  return ml_per_rev / rate_ml_h * 3600.0;
}

// Starts the pump at t = 0 and returns the first whole second at which the flow delivered into
// the vessel over the preceding 30 s (one IEC sample interval) reaches 95 % of the set rate.
inline double seconds_to_95_percent(const WorldConfig& c, double rate_ml_h, int limit_s) {
  StationWorld w(c, 1);
  w.set_rate_ml_h(0, rate_ml_h);
  w.start(0);
  std::vector<double> delivered;
  for (int s = 0; s <= limit_s; ++s) delivered.push_back(w.delivered_ml(at_s(s)));
  for (int s = 30; s <= limit_s; ++s) {
    const double q = (delivered[s] - delivered[s - 30]) * 3600.0 / 30.0;
    if (q >= 0.95 * rate_ml_h) return s;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace pumprig::sim::test
