#include "gui/plot/min_max_series.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace pumprig::gui {

void MinMaxSeries::append(double t, double v) {
  if (!std::isfinite(t) || !std::isfinite(v)) return;
  if (!t_.empty() && t < t_.back()) return;
  t_.push_back(t);
  v_.push_back(v);
  // Each level's last block takes the new point: O(log n) per point. Level k starts when there
  // are 2^k points, with one block over all of them (amortised O(1): it happens at each doubling).
  const std::size_t n = t_.size();
  const std::size_t i = n - 1;
  for (std::size_t k = 1; (std::size_t{1} << k) <= n; ++k) {
    if (levels_.size() < k) {
      const auto [lo, hi] = std::minmax_element(v_.begin(), v_.end());
      levels_.push_back({Range{*lo, *hi}});
      continue;
    }
    auto& level = levels_[k - 1];
    const std::size_t block = i >> k;
    if (level.size() <= block) {
      level.push_back({v, v});
    } else {
      level[block].lo = std::min(level[block].lo, v);
      level[block].hi = std::max(level[block].hi, v);
    }
  }
}

void MinMaxSeries::clear() {
  t_.clear();
  v_.clear();
  levels_.clear();
}

Range MinMaxSeries::index_range(std::size_t i, std::size_t j) const {
  Range r{v_[i], v_[i]};
  while (i < j) {
    // The largest aligned block that starts at i and ends by j: its size is limited by i's
    // alignment (trailing zero bits), by what is left (j - i) and by the levels there are.
    std::size_t k = static_cast<std::size_t>(std::bit_width(j - i)) - 1;
    if (i != 0) k = std::min<std::size_t>(k, static_cast<std::size_t>(std::countr_zero(i)));
    k = std::min(k, levels_.size());
    while (k > 0 && (i >> k) >= levels_[k - 1].size()) --k;
    if (k == 0) {
      r.lo = std::min(r.lo, v_[i]);
      r.hi = std::max(r.hi, v_[i]);
      ++i;
    } else {
      const Range& b = levels_[k - 1][i >> k];
      r.lo = std::min(r.lo, b.lo);
      r.hi = std::max(r.hi, b.hi);
      i += std::size_t{1} << k;
    }
  }
  return r;
}

std::optional<double> MinMaxSeries::value_at(double at) const {
  const auto it = std::upper_bound(t_.begin(), t_.end(), at);
  if (it == t_.begin()) return std::nullopt;
  return v_[static_cast<std::size_t>(it - t_.begin()) - 1];
}

std::optional<Range> MinMaxSeries::value_range(Range times) const {
  const auto i = static_cast<std::size_t>(std::lower_bound(t_.begin(), t_.end(), times.lo) - t_.begin());
  const auto j = static_cast<std::size_t>(std::upper_bound(t_.begin(), t_.end(), times.hi) - t_.begin());
  if (i >= j) return std::nullopt;
  return index_range(i, j);
}

namespace {

// The first index at or after `from` whose time is not below `t` (upper: above `t`), found by
// galloping from `from`: a column's end is a few hundred points on, and a binary search over the
// whole array would miss the cache at every step, for every column.
template <bool upper>
std::size_t gallop(const std::vector<double>& ts, std::size_t from, double t) {
  const auto before = [t](double v) { return upper ? v <= t : v < t; };
  std::size_t lo = from, step = 1, hi = from;
  while (hi < ts.size() && before(ts[hi])) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  hi = std::min(hi, ts.size());
  const auto begin = ts.begin() + static_cast<std::ptrdiff_t>(lo), end = ts.begin() + static_cast<std::ptrdiff_t>(hi);
  return static_cast<std::size_t>((upper ? std::upper_bound(begin, end, t) : std::lower_bound(begin, end, t)) - ts.begin());
}

}  // namespace

void MinMaxSeries::decimate(Range times, int columns, std::vector<Column>& out) const {
  out.clear();
  if (columns <= 0 || t_.empty() || !(times.span() > 0)) return;
  const double width = times.span() / columns;
  auto i = static_cast<std::size_t>(std::lower_bound(t_.begin(), t_.end(), times.lo) - t_.begin());
  for (int c = 0; c < columns && i < t_.size(); ++c) {
    const double end = times.lo + (c + 1) * width;
    // The column's points: [i, j). Columns without points are skipped (a gap stays a gap).
    const std::size_t j = c == columns - 1 ? gallop<true>(t_, i, times.hi) : gallop<false>(t_, i, end);
    if (j > i) {
      const Range r = index_range(i, j);
      out.push_back({c, r.lo, r.hi, v_[i], v_[j - 1]});
    }
    i = j;
  }
}

}  // namespace pumprig::gui
