#pragma once
// Test data: balance readings from a known mass curve, optionally with host-timestamp jitter.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "hardware/sim/random.hpp"
#include "rig/analysis/mass_reading.hpp"
#include "rig/analysis/resample.hpp"
#include "rig/analysis/verdict.hpp"

namespace pumprig {
// Printable in Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, Verdict v) { return os << to_string(v); }
inline std::ostream& operator<<(std::ostream& os, GapKind k) { return os << "GapKind(" << static_cast<int>(k) << ")"; }
}  // namespace pumprig

namespace pumprig::test {

inline constexpr double kPi = 3.14159265358979323846;

// Readings at from_s + k·period_s (+ uniform jitter in ±jitter_s) up to to_s.
inline std::vector<MassReading> sample(const std::function<double(double)>& mass_at, double from_s, double to_s,
                                       double period_s, double jitter_s = 0.0, std::uint64_t seed = 1) {
  std::vector<MassReading> out;
  sim::Random rng(seed);
  const auto n = static_cast<std::int64_t>(std::floor((to_s - from_s) / period_s + 1e-9));
  for (std::int64_t k = 0; k <= n; ++k) {
    double t = from_s + static_cast<double>(k) * period_s;
    if (jitter_s > 0) t += rng.uniform(-jitter_s, jitter_s);
    out.push_back(MassReading{t, mass_at(t), true});
  }
  return out;
}

// Mass on the balance for a constant flow: tare offset plus rate·density·t. Linear everywhere
// (also before t = 0), so linear interpolation reproduces it exactly.
inline std::function<double(double)> constant_flow(double rate_ml_h, double density_g_ml, double offset_g = 5.0) {
  return [=](double t_s) { return offset_g + rate_ml_h * density_g_ml * t_s / 3600.0; };
}

// Mass for a flow of rate_a until step_s and rate_b after (piecewise linear).
inline std::function<double(double)> step_flow(double rate_a, double rate_b, double step_s, double density_g_ml,
                                               double offset_g = 5.0) {
  return [=](double t_s) {
    const double a = std::min(t_s, step_s);
    const double b = std::max(t_s - step_s, 0.0);
    return offset_g + density_g_ml * (rate_a * a + rate_b * b) / 3600.0;
  };
}

// Remove readings with from_s < t < to_s.
inline std::vector<MassReading> cut(std::vector<MassReading> r, double from_s, double to_s) {
  std::erase_if(r, [&](const MassReading& m) { return m.t_s > from_s && m.t_s < to_s; });
  return r;
}

}  // namespace pumprig::test
