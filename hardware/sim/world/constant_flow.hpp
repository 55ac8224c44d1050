#pragma once
// A constant flow into the line over one stretch: the bag draining by gravity through an open
// door with a failed clamp. Like StepTrain and FlowTrain, the line and the balance see it only
// through its total and its exponentially weighted sum, here in closed form.
#include <cmath>

namespace pumprig::sim {

struct ConstantFlow {
  double rate_ml_s = 0.0;
  double duration_s = 0.0;
  double total_ml = 0.0;  // rate * duration

  bool empty() const { return rate_ml_s == 0.0 || duration_s <= 0.0; }
  // Integral over the stretch of q * exp(-age / tau_s) = q * tau * (1 - exp(-duration / tau)).
  double weighted_ml(double tau_s) const {
    if (empty()) return 0.0;
    return rate_ml_s * tau_s * -std::expm1(-duration_s / tau_s);
  }
};

inline ConstantFlow constant_flow(double rate_ml_s, double duration_s) {
  return ConstantFlow{rate_ml_s, duration_s, rate_ml_s * duration_s};
}

}  // namespace pumprig::sim
