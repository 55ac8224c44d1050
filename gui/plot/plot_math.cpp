#include "gui/plot/plot_math.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace pumprig::gui {

float PlotTransform::x_px(double v) const {
  return left + static_cast<float>((v - x.lo) / x.span() * (right - left));
}
float PlotTransform::y_px(double v) const {
  return bottom - static_cast<float>((v - y.lo) / y.span() * (bottom - top));
}
double PlotTransform::x_value(float px) const { return x.lo + (px - left) / (right - left) * x.span(); }
double PlotTransform::y_value(float py) const { return y.lo + (bottom - py) / (bottom - top) * y.span(); }

double nice_step(double span, int max_ticks) {
  if (!(span > 0) || !std::isfinite(span)) return 1.0;
  const int intervals = std::max(1, max_ticks - 1);
  const double raw = span / intervals;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

Range padded(Range r, double fraction, double min_span) {
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi)) return {0, min_span};
  double span = r.span();
  if (span < min_span) {
    const double mid = (r.lo + r.hi) / 2;
    r = {mid - min_span / 2, mid + min_span / 2};
    span = min_span;
  }
  return {r.lo - span * fraction, r.hi + span * fraction};
}

std::vector<Tick> nice_ticks(Range r, int max_ticks, std::string_view unit) {
  if (!(r.span() > 0)) r = padded(r, 0, std::max(1e-9, std::abs(r.lo) * 1e-3 + 1e-9));
  const double step = nice_step(r.span(), std::max(2, max_ticks));
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  std::vector<Tick> ticks;
  const double first = std::ceil(r.lo / step - 1e-9) * step;
  for (double v = first; v <= r.hi + step * 1e-9 && ticks.size() < 1000; v += step) {
    const double value = std::abs(v) < step * 1e-9 ? 0.0 : v;  // no "-0.0"
    ticks.push_back({value, fmt::format("{:.{}f}", value, decimals)});
  }
  if (!ticks.empty() && !unit.empty()) ticks.back().label += fmt::format(" {}", unit);
  return ticks;
}

std::string time_label(double seconds, double step) {
  const bool negative = seconds < 0;
  const double s = std::abs(seconds);
  std::string out;
  if (step < 60 && s < 600) {
    out = step < 1 ? fmt::format("{:.1f} s", s) : fmt::format("{:.0f} s", s);
  } else {
    const auto total = static_cast<long long>(std::llround(s));
    if (total >= 3600)
      out = fmt::format("{}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
    else
      out = fmt::format("{}:{:02}", total / 60, total % 60);
  }
  return negative ? "-" + out : out;
}

}  // namespace pumprig::gui
