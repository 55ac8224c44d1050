#pragma once
// The volume a peristaltic rotor moves over one revolution, as a function of its phase: a table
// of segments within which the flow per unit of phase is constant (each roller: delivery, then
// backflow or a flat part as it lifts off). The cumulative volume is piecewise linear in phase,
// so flow at constant rotor speed is piecewise constant in time and every downstream response
// has a closed form.
#include <cstdint>
#include <vector>

#include "hardware/sim/world/world_config.hpp"

namespace pumprig::sim {

class RotorProfile {
 public:
  // The real (with rate error) profile of the configured pump.
  explicit RotorProfile(const PeristalticConfig& config);

  std::size_t segments() const { return level_.size(); }
  // Phase (revolutions, 0..1) where segment j starts; start(segments()) == 1.
  double start(std::size_t j) const { return start_[j]; }
  // Pumped volume at the start of segment j since the start of the revolution, ml;
  // cumulative(segments()) == revolution_ml().
  double cumulative(std::size_t j) const { return cum_[j]; }
  // ml per revolution of phase within segment j (flow = level * rotor speed; negative: backflow).
  double level(std::size_t j) const { return level_[j]; }
  double revolution_ml() const { return cum_.back(); }
  // Highest cumulative volume within a revolution (a roller's peak before its backflow), ml.
  double peak_ml() const { return peak_ml_; }

  // The segment holding phase f in [0, 1): start(j) <= f < start(j + 1).
  std::size_t segment_of(double f) const;
  // Pumped volume from the start of the revolution to phase f in [0, 1], ml.
  double volume_at(double f) const;

 private:
  std::vector<double> start_;
  std::vector<double> cum_;
  std::vector<double> level_;
  double peak_ml_ = 0.0;
};

}  // namespace pumprig::sim
