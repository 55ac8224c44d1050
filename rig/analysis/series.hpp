#pragma once
// Helpers on any time-sorted series of readings (members t_s and a value), shared by the
// analyses (accuracy's resampling, occlusion, free flow). get(r) returns the reading's value.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace pumprig {

// The first reading later than t_s (end() when none).
template <class R>
typename std::vector<R>::const_iterator first_after(const std::vector<R>& rs, double t_s) {
  return std::upper_bound(rs.begin(), rs.end(), t_s, [](double t, const R& r) { return t < r.t_s; });
}

// Value at t_s by linear interpolation between the two readings around it; a reading exactly at
// t_s is taken as it is (the last one when several share t_s). nullopt when t_s is outside the
// data or the readings around it are further apart than gap_limit_s: a value is never invented
// across a hole.
template <class R, class Get>
std::optional<double> value_at(const std::vector<R>& rs, double t_s, double gap_limit_s, Get get) {
  const auto after = first_after(rs, t_s);
  if (after == rs.begin()) return std::nullopt;
  const auto before = after - 1;
  if (before->t_s == t_s) return get(*before);
  if (after == rs.end() || after->t_s - before->t_s > gap_limit_s) return std::nullopt;
  const double f = (t_s - before->t_s) / (after->t_s - before->t_s);
  return get(*before) + f * (get(*after) - get(*before));
}

// Slope (value per second) at t_s of the same linear interpolation: between the last reading at
// or before t_s and the first after it, when both exist within gap_limit_s of each other.
template <class R, class Get>
std::optional<double> slope_at(const std::vector<R>& rs, double t_s, double gap_limit_s, Get get) {
  const auto after = first_after(rs, t_s);
  if (after == rs.begin() || after == rs.end()) return std::nullopt;
  const auto before = after - 1;
  if (after->t_s - before->t_s > gap_limit_s) return std::nullopt;
  return (get(*after) - get(*before)) / (after->t_s - before->t_s);
}

// The longest stretch of [from_s, to_s] with no reading: the largest interval between
// consecutive readings that overlaps the span, counting from_s (to_s) as an edge when no reading
// lies at or before (at or after) it. Compared with a gap limit it says whether the data cover
// the span. An empty series never covers a span: returns to_s - from_s.
template <class R>
double longest_hole_s(const std::vector<R>& rs, double from_s, double to_s) {
  if (to_s < from_s) return 0;
  const auto by_time = [](const R& r, double t) { return r.t_s < t; };
  auto lo = std::lower_bound(rs.begin(), rs.end(), from_s, by_time);  // first reading >= from_s
  double prev = from_s;
  if (lo != rs.begin() && (lo == rs.end() || lo->t_s > from_s)) prev = (lo - 1)->t_s;
  double longest = 0;
  for (auto it = lo; it != rs.end(); ++it) {
    longest = std::max(longest, it->t_s - prev);
    prev = it->t_s;
    if (it->t_s >= to_s) return longest;
  }
  return std::max(longest, to_s - prev);
}

// Index of the first reading that breaks the analyses' contract (non-finite time or value, or
// time going backwards); nullopt when the series is usable.
template <class R, class Get>
std::optional<std::size_t> first_unusable_reading(const std::vector<R>& rs, Get get) {
  for (std::size_t i = 0; i < rs.size(); ++i) {
    if (!std::isfinite(rs[i].t_s) || !std::isfinite(get(rs[i]))) return i;
    if (i > 0 && rs[i].t_s < rs[i - 1].t_s) return i;
  }
  return std::nullopt;
}

// Median of the positive intervals between consecutive readings (the polling period);
// nullopt when there is none.
template <class R>
std::optional<double> median_interval_of(const std::vector<R>& rs) {
  std::vector<double> d;
  for (std::size_t i = 1; i < rs.size(); ++i)
    if (rs[i].t_s > rs[i - 1].t_s) d.push_back(rs[i].t_s - rs[i - 1].t_s);
  if (d.empty()) return std::nullopt;
  const auto mid = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
  std::nth_element(d.begin(), mid, d.end());
  if (d.size() % 2 == 1) return *mid;
  return (*mid + *std::max_element(d.begin(), mid)) / 2.0;
}

}  // namespace pumprig
