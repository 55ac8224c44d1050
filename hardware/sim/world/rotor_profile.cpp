#include "hardware/sim/world/rotor_profile.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pumprig::sim {

RotorProfile::RotorProfile(const PeristalticConfig& c) {
  const int n = c.rollers;
  const double stroke_ml = c.nominal_stroke_ml() * (1.0 + c.rate_error_fraction);
  const double pass = 1.0 / n;  // phase of one roller pass
  // A single roller has nothing to differ from.
  const double mismatch = n >= 2 ? c.roller_mismatch_fraction : 0.0;
  double phase = 0.0;
  double cum = 0.0;
  start_.push_back(0.0);
  cum_.push_back(0.0);
  const auto add = [&](double width, double volume_ml, bool last) {
    if (width <= 0.0) return;
    level_.push_back(volume_ml / width);
    phase = last ? 1.0 : phase + width;
    cum += volume_ml;
    start_.push_back(phase);
    cum_.push_back(cum);
    peak_ml_ = std::max(peak_ml_, cum);
  };
  for (int i = 0; i < n; ++i) {
    const double scale = 1.0 + mismatch * std::cos(2.0 * std::numbers::pi * i / n);
    const double net = stroke_ml * scale;
    const double back = net * c.backflow_fraction;
    const double back_width = pass * c.backflow_phase_fraction;
    const bool last_roller = i == n - 1;
    add(pass - back_width, net + back, last_roller && back_width <= 0.0);
    add(back_width, -back, last_roller);
  }
  // The mismatch terms cancel over a revolution; make the total exact so that whole revolutions
  // add up to the nominal rate times (1 + error) with no rounding residue.
  const double want = n * stroke_ml;
  const double fix = want - cum_.back();
  cum_.back() = want;
  level_.back() += fix / (start_.back() - start_[start_.size() - 2]);
}

std::size_t RotorProfile::segment_of(double f) const {
  const auto it = std::upper_bound(start_.begin(), start_.end(), f);
  const std::size_t j = it == start_.begin() ? 0 : static_cast<std::size_t>(it - start_.begin()) - 1;
  return std::min(j, segments() - 1);
}

double RotorProfile::volume_at(double f) const {
  if (f >= 1.0) return revolution_ml();
  if (f <= 0.0) return 0.0;
  const std::size_t j = segment_of(f);
  return cum_[j] + level_[j] * (f - start_[j]);
}

}  // namespace pumprig::sim
