#include "hardware/sim/world/flow_train.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::sim {

namespace {
// 1 - exp(-x)
double one_minus_exp(double x) { return -std::expm1(-x); }
// 1 - exp(-x) * (1 + x), by its series where the difference would cancel.
double one_minus_exp_poly(double x) {
  if (x < 1e-3) return x * x * (0.5 - x / 3.0 + x * x / 8.0);
  return -std::expm1(-x) - x * std::exp(-x);
}
}  // namespace

double FlowTrain::weighted_ml(double tau_s) const {
  if (empty() || duration_s <= 0.0) return 0.0;
  return alpha == 0.0 ? constant_speed(tau_s) : ramp(tau_s);
}

double FlowTrain::partial(std::int64_t rev, double fa, double fb, double tau_s) const {
  const RotorProfile& p = *profile;
  const double w = omega0;
  // Phase distance from the end of the stretch, integer and fractional parts apart (hours of
  // revolutions must not cost the fraction its digits).
  const double back_revs = static_cast<double>(rev1 - rev);
  double sum = 0.0;
  for (std::size_t j = fa <= 0.0 ? 0 : p.segment_of(fa); j < p.segments(); ++j) {
    const double a = std::max(fa, p.start(j));
    const double b = std::min(fb, p.start(j + 1));
    if (a >= fb) break;
    if (b <= a) continue;
    const double age_b = (back_revs + (frac1 - b)) / w;
    const double h = (b - a) / w;
    sum += p.level(j) * w * tau_s * std::exp(-age_b / tau_s) * one_minus_exp(h / tau_s);
  }
  return sum;
}

double FlowTrain::constant_speed(double tau_s) const {
  const RotorProfile& p = *profile;
  const double w = omega0;
  if (!(w > 0.0)) return 0.0;
  if (rev0 == rev1) return partial(rev0, frac0, frac1, tau_s);
  double sum = partial(rev0, frac0, 1.0, tau_s) + partial(rev1, 0.0, frac1, tau_s);
  const std::int64_t whole = rev1 - rev0 - 1;
  if (whole > 0) {
    // One revolution weighted to its own end, then the geometric series over the whole ones;
    // the latest of them ends where revolution rev1 starts, frac1 / w before the end.
    const double period_s = 1.0 / w;
    double one = 0.0;
    for (std::size_t j = 0; j < p.segments(); ++j) {
      const double age_b = (1.0 - p.start(j + 1)) * period_s;
      const double h = (p.start(j + 1) - p.start(j)) * period_s;
      one += p.level(j) * w * tau_s * std::exp(-age_b / tau_s) * one_minus_exp(h / tau_s);
    }
    const double x = period_s / tau_s;
    const double k = static_cast<double>(whole);
    const double series = x == 0.0 ? k : std::expm1(-k * x) / std::expm1(-x);
    sum += one * std::exp(-(frac1 / w) / tau_s) * series;
  }
  return sum;
}

// Speed omega(s) = omega0 + alpha * s >= 0 over the stretch; phase grows by
// omega0 * s + alpha * s^2 / 2. Pieces between segment boundaries have flow linear in time.
double FlowTrain::ramp(double tau_s) const {
  const RotorProfile& p = *profile;
  const double d = duration_s;
  const double omega_end = omega0 + alpha * d;
  // Time from the start to a phase distance delta (the root that is reached first).
  const auto time_at = [&](double delta) {
    if (delta <= 0.0) return 0.0;
    const double disc = omega0 * omega0 + 2.0 * alpha * delta;
    if (disc < 0.0) return d;
    const double den = omega0 + std::sqrt(disc);
    return den > 0.0 ? std::min(d, 2.0 * delta / den) : d;
  };
  double sum = 0.0;
  std::int64_t rev = rev0;
  double f = frac0;
  std::size_t j = p.segment_of(frac0);
  double age_a = d;  // age of the piece's start
  for (;;) {
    const bool last = rev == rev1 && p.start(j + 1) >= frac1;
    const double fb = last ? frac1 : p.start(j + 1);
    const double delta_b = static_cast<double>(rev - rev0) + (fb - frac0);
    const double age_b = last ? 0.0 : d - time_at(delta_b);
    if (age_a > age_b && fb > f) {
      // integral over ages u in [age_b, age_a] of level * (omega_end - alpha * u) * exp(-u / tau)
      const double h = age_a - age_b;
      const double x = h / tau_s;
      const double speed_b = omega_end - alpha * age_b;
      sum += p.level(j) * std::exp(-age_b / tau_s) *
             (speed_b * tau_s * one_minus_exp(x) - alpha * tau_s * tau_s * one_minus_exp_poly(x));
    }
    if (last) break;
    age_a = age_b;
    f = fb;
    if (++j == p.segments()) {
      j = 0;
      ++rev;
      f = 0.0;
    }
  }
  return sum;
}

}  // namespace pumprig::sim
