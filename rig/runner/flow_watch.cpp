#include "rig/runner/flow_watch.hpp"

#include <algorithm>

namespace pumprig {

FlowWatch::FlowWatch(Expect expect, double threshold_g, Nanos window, Nanos since, std::optional<double> baseline_g)
    : expect_(expect), threshold_g_(threshold_g), window_(window), since_(since), baseline_g_(baseline_g) {}

double FlowWatch::threshold_for(double rate_ml_h, double density_g_ml, Nanos window, std::optional<double> readability_g) {
  const double expected_g = rate_ml_h / 3600.0 * to_seconds(window) * density_g_ml;
  return std::max({0.25 * expected_g, 0.001, 10.0 * readability_g.value_or(0.0)});
}

std::optional<Nanos> FlowWatch::feed(Nanos t, double mass_g) {
  if (t < since_) return std::nullopt;
  if (expect_ == Expect::flow) {
    if (!baseline_g_) baseline_g_ = mass_g;
    if (mass_g - *baseline_g_ >= threshold_g_) return t;
    return std::nullopt;
  }
  recent_.emplace_back(t, mass_g);
  while (recent_.size() > 1 && t - recent_[1].first >= window_) recent_.pop_front();
  if (t - since_ < window_ || t - recent_.front().first < window_) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(recent_.begin(), recent_.end(),
                                            [](const auto& a, const auto& b) { return a.second < b.second; });
  if (hi->second - lo->second < threshold_g_) return t;
  return std::nullopt;
}

}  // namespace pumprig
