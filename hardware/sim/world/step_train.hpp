#pragma once
// The plunger's volume input over one stretch of constant motor speed: `count` equally spaced
// motor steps, the last one `last_age_s` before the end of the stretch. Step k (screw index m_k)
// moves a volume
//     a_k = volume_per_mm * (mean_step_mm + Im(ripple_mm * exp(i * omega * m_k)))
// so the per-revolution ripple is exact, not averaged. Everything downstream (line compliance,
// balance settling) is linear, so it sees the train only through sums of exponentially weighted
// steps; those are geometric series, summed here in O(1) so that a long interval never loops
// over its steps.
#include <complex>
#include <cstdint>

namespace pumprig::sim {

struct StepTrain {
  std::int64_t count = 0;          // steps in the stretch
  double interval_s = 0.0;         // time between steps
  double last_age_s = 0.0;         // time from the last step to the end of the stretch
  double volume_per_mm = 0.0;      // ml per mm of plunger travel, negative when withdrawing
  double mean_step_mm = 0.0;       // mean plunger travel per step
  std::complex<double> ripple_mm;  // complex amplitude of the per-step ripple
  double omega = 0.0;              // screw phase per step, radians
  std::int64_t steps_per_rev = 1;
  std::int64_t last_index_mod = 0;  // screw index of the last step, modulo steps_per_rev
  int index_step = 1;               // m_k - m_{k-1}: +1 infusing, -1 withdrawing
  double total_ml = 0.0;            // sum of a_k, telescoped exactly by the caller

  bool empty() const { return count == 0; }
  // Sum over the steps of a_k * exp(-age_k / tau_s), age measured to the end of the stretch.
  double weighted_ml(double tau_s) const;
};

}  // namespace pumprig::sim
