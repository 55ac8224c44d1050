#pragma once
// A time series that draws at the cost of the pixels, not of the points: every point is kept,
// and a min/max pyramid over them (level k holds the min and max of each block of 2^k points)
// answers "lowest and highest value between these two times" in O(log n). A plot asks that once
// per pixel column, so a 24 h trace at 10 Hz (864,000 points) draws every frame, and a one-point
// spike is never lost to decimation.
#include <cstddef>
#include <optional>
#include <vector>

#include "gui/plot/plot_math.hpp"

namespace pumprig::gui {

class MinMaxSeries {
 public:
  // Times must not decrease (a point earlier than the last is dropped: the feed repeats nothing).
  void append(double t, double v);
  void clear();
  std::size_t size() const { return t_.size(); }
  bool empty() const { return t_.empty(); }
  double t(std::size_t i) const { return t_[i]; }
  double v(std::size_t i) const { return v_[i]; }
  std::optional<double> last_value() const { return v_.empty() ? std::nullopt : std::optional<double>(v_.back()); }
  Range time_range() const { return t_.empty() ? Range{0, 1} : Range{t_.front(), t_.back()}; }

  // The value at or before time `at` (none before the first point).
  std::optional<double> value_at(double at) const;
  // Min and max of the points with time in [lo, hi] (none when there are none).
  std::optional<Range> value_range(Range times) const;

  // One entry per pixel column that holds points: its min and max, and the first and last value
  // (to join neighbouring columns as the trace runs). At most `columns` entries.
  struct Column {
    int column;
    double min, max, first, last;
  };
  void decimate(Range times, int columns, std::vector<Column>& out) const;

 private:
  // Min and max of points [i, j).
  Range index_range(std::size_t i, std::size_t j) const;
  std::vector<double> t_, v_;
  std::vector<std::vector<Range>> levels_;  // levels_[k-1]: blocks of 2^k points
};

}  // namespace pumprig::gui
