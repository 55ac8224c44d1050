#pragma once
// The peristaltic pump's volume input to the line over one stretch: the rotor turns from phase
// (rev0, frac0) to (rev1, frac1) in duration_s, its speed starting at omega0 rev/s and changing
// at alpha rev/s^2 (0 at constant speed, nonzero only during a ramp). The flow is the rotor
// profile's level times the speed. Like StepTrain for the syringe drive, everything downstream
// is linear and sees the input only through its total and its exponentially weighted sum; at
// constant speed whole revolutions form a geometric series, so the sum is O(segments per
// revolution) however long the stretch. During a ramp (bounded to a second or so) the sum walks
// the segments the rotor crosses, each in closed form (flow linear in time).
#include <cstdint>

#include "hardware/sim/world/rotor_profile.hpp"

namespace pumprig::sim {

struct FlowTrain {
  const RotorProfile* profile = nullptr;  // null: no flow in this stretch
  std::int64_t rev0 = 0;
  double frac0 = 0.0;
  std::int64_t rev1 = 0;
  double frac1 = 0.0;
  double omega0 = 0.0;  // rev/s at the start
  double alpha = 0.0;   // rev/s^2
  double duration_s = 0.0;
  double total_ml = 0.0;  // pumped volume over the stretch (net of backflow), exact from the phases

  bool empty() const { return profile == nullptr; }
  // Integral over the stretch of q(s) * exp(-age(s) / tau_s), age measured to its end.
  double weighted_ml(double tau_s) const;

 private:
  double constant_speed(double tau_s) const;
  double ramp(double tau_s) const;
  // Constant speed: phases [fa, fb] of revolution `rev`.
  double partial(std::int64_t rev, double fa, double fb, double tau_s) const;
};

}  // namespace pumprig::sim
