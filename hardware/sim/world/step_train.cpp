#include "hardware/sim/world/step_train.hpp"

#include <cmath>

namespace pumprig::sim {

namespace {
// 1 - exp(-x + i*theta), written so that it stays accurate when both x and theta are small
// (long time constants, many steps per revolution), where 1 - w would cancel.
std::complex<double> one_minus_exp(double x, double theta) {
  const double re = 2.0 * std::sin(0.5 * theta) * std::sin(0.5 * theta) - std::cos(theta) * std::expm1(-x);
  const double im = -std::exp(-x) * std::sin(theta);
  return {re, im};
}
}  // namespace

double StepTrain::weighted_ml(double tau_s) const {
  if (count == 0) return 0.0;
  const double k = static_cast<double>(count);
  const double x = interval_s / tau_s;  // decay from one step to the next, older ones weigh less
  const double lead = std::exp(-last_age_s / tau_s);

  // sum_{j<K} r^j with r = exp(-x)
  const double plain = (x == 0.0) ? k : std::expm1(-k * x) / std::expm1(-x);

  // sum_{j<K} w^j with w = r * exp(-i*omega*index_step): steps older by j sit j indices back.
  const double theta = -omega * index_step;
  const std::complex<double> denom = one_minus_exp(x, theta);
  const double theta_k = theta * static_cast<double>(count % steps_per_rev);
  std::complex<double> geometric;
  if (std::abs(denom) < 1e-300) {
    geometric = k;
  } else {
    geometric = one_minus_exp(k * x, theta_k) / denom;
  }
  const std::complex<double> last_phase = std::polar(1.0, omega * static_cast<double>(last_index_mod));
  const double ripple = (ripple_mm * last_phase * geometric).imag();
  return volume_per_mm * lead * (mean_step_mm * plain + ripple);
}

}  // namespace pumprig::sim
