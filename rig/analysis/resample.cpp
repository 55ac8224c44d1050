#include "rig/analysis/resample.hpp"

#include "rig/analysis/series.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pumprig {

// Repeated timestamps (coarse host clocks) say nothing about the polling period: skipped.
std::optional<double> median_interval_s(const std::vector<MassReading>& readings) { return median_interval_of(readings); }

double default_gap_limit_s(double polling_period_s, double sample_interval_s) {
  return std::min(3.0 * polling_period_s, sample_interval_s);
}

OnTimeReadings take_on_time(const std::vector<MassReading>& readings, Nanos interval_ns, double tolerance_s) {
  OnTimeReadings out{readings, 0};
  if (!(tolerance_s > 0) || interval_ns <= 0) return out;
  const double s = static_cast<double>(interval_ns) / 1e9;
  const std::size_t n = readings.size();
  for (std::size_t k = 0; k < n; ++k) {
    const double t = readings[k].t_s;
    if (!std::isfinite(t)) continue;
    const double slot = std::round(t / s);
    if (!(std::fabs(slot) < 9e18 / static_cast<double>(interval_ns))) continue;  // i·S would not fit in nanoseconds
    const double t_i = grid_time_s(interval_ns, static_cast<std::int64_t>(slot));
    const double d = std::fabs(t - t_i);
    if (d == 0.0 || d > tolerance_s) continue;
    if (t < t_i) {
      // The last reading at or before t_i, and nearer than the first one after it.
      if (k + 1 < n && readings[k + 1].t_s <= t_i) continue;
      if (k + 1 < n && std::fabs(readings[k + 1].t_s - t_i) < d) continue;
    } else {
      // The first reading after t_i, and strictly nearer than the last one before it.
      if (k > 0 && readings[k - 1].t_s >= t_i) continue;
      if (k > 0 && std::fabs(readings[k - 1].t_s - t_i) <= d) continue;
    }
    out.readings[k].t_s = t_i;
    ++out.moved;
  }
  return out;
}

namespace {

// Grid points strictly inside (from_s, to_s), clipped to 0..last; -1/-1 when there are none.
void points_inside(const GridSpec& grid, double from_s, double to_s, GridGap& gap) {
  const double s = static_cast<double>(grid.interval_ns) / 1e9;
  // Start from a float estimate and correct it with the same grid_time_s the sweep uses, so the
  // listed points are exactly the ones the sweep marks missing.
  auto first = static_cast<std::int64_t>(std::floor(from_s / s));
  first = std::max<std::int64_t>(first - 1, 0);
  while (first <= grid.last_point && grid_time_s(grid.interval_ns, first) <= from_s) ++first;
  auto last = static_cast<std::int64_t>(std::ceil(to_s / s));
  last = std::min<std::int64_t>(last + 1, grid.last_point);
  while (last >= 0 && grid_time_s(grid.interval_ns, last) >= to_s) --last;
  if (first > last) {
    gap.first_point = gap.last_point = -1;
  } else {
    gap.first_point = first;
    gap.last_point = last;
  }
}

}  // namespace

ResampledGrid resample_to_grid(const std::vector<MassReading>& readings, const GridSpec& grid) {
  ResampledGrid out;
  const auto points = static_cast<std::size_t>(grid.last_point + 1);
  out.mass_g.assign(points, std::numeric_limits<double>::quiet_NaN());
  out.present.assign(points, 0);
  const double t_end = grid_time_s(grid.interval_ns, grid.last_point);

  if (readings.empty()) {
    GridGap gap{GapKind::before_data, 0.0, t_end, 0, grid.last_point};
    out.gaps.push_back(gap);
    return out;
  }

  // Holes in time order: before the data, between readings, after the data.
  const double t_first = readings.front().t_s;
  const double t_last = readings.back().t_s;
  if (t_first > 0.0) {
    GridGap gap{GapKind::before_data, 0.0, t_first, -1, -1};
    points_inside(grid, -1.0, t_first, gap);  // t_0 = 0 is missing too
    out.gaps.push_back(gap);
  }
  for (std::size_t i = 1; i < readings.size(); ++i) {
    const double a = readings[i - 1].t_s;
    const double b = readings[i].t_s;
    if (b - a <= grid.gap_limit_s) continue;
    if (b <= 0.0 || a >= t_end) continue;  // outside the test: irrelevant
    GridGap gap{GapKind::between_readings, a, b, -1, -1};
    points_inside(grid, a, b, gap);
    out.gaps.push_back(gap);
  }
  if (t_last < t_end) {
    GridGap gap{GapKind::after_data, t_last, t_end, -1, -1};
    points_inside(grid, t_last, t_end + 1.0, gap);  // t_N itself is missing too
    out.gaps.push_back(gap);
  }

  // One forward sweep: b is the first reading at or after the grid point.
  std::size_t b = 0;
  const std::size_t n = readings.size();
  for (std::size_t g = 0; g < points; ++g) {
    const double t = grid_time_s(grid.interval_ns, static_cast<std::int64_t>(g));
    while (b < n && readings[b].t_s < t) ++b;
    if (b == n) break;                          // after the data: the rest stays missing
    if (readings[b].t_s == t) {
      out.mass_g[g] = readings[b].mass_g;
      out.present[g] = 1;
      continue;
    }
    if (b == 0) continue;                       // before the data
    const MassReading& ra = readings[b - 1];
    const MassReading& rb = readings[b];
    const double span = rb.t_s - ra.t_s;
    if (span > grid.gap_limit_s) continue;      // inside a gap: never invented
    out.mass_g[g] = ra.mass_g + (rb.mass_g - ra.mass_g) * ((t - ra.t_s) / span);
    out.present[g] = 1;
  }
  return out;
}

}  // namespace pumprig
