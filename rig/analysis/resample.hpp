#pragma once
// Resampling of host-timestamped balance readings onto the fixed grid t_i = i·S of the standard.
// Readings never fall exactly on the grid, so grid masses are interpolated linearly between the
// two readings around each grid point. A grid point that falls inside a gap (two consecutive
// readings further apart than the gap limit) or outside the data is never invented: it is marked
// missing, and the gap is listed.
#include <cstdint>
#include <optional>
#include <vector>

#include "rig/analysis/mass_reading.hpp"
#include "rig/core/time.hpp"

namespace pumprig {

enum class GapKind {
  between_readings,  // two consecutive readings further apart than the gap limit
  before_data,       // grid points before the first reading
  after_data,        // grid points after the last reading
};

struct GridGap {
  GapKind kind = GapKind::between_readings;
  double from_s = 0;  // last reading before the hole (grid start for before_data)
  double to_s = 0;    // first reading after the hole (grid end for after_data)
  // Missing grid points inside the hole, or -1/-1 when the hole holds no grid point.
  std::int64_t first_point = -1;
  std::int64_t last_point = -1;
};

struct GridSpec {
  Nanos interval_ns = 0;        // S, exact
  std::int64_t last_point = 0;  // N: the grid is t_0 .. t_N
  double gap_limit_s = 0;
};

struct ResampledGrid {
  std::vector<double> mass_g;          // W_0 .. W_N (NaN where missing)
  std::vector<std::uint8_t> present;   // 1 where W_i rests on readings, 0 where missing
  std::vector<GridGap> gaps;           // in time order
};

// t_i = i·S computed from integers, so that edges of windows and periods are exact.
inline double grid_time_s(Nanos interval_ns, std::int64_t i) {
  return static_cast<double>(i * interval_ns) / 1e9;
}

// Median of the positive intervals between consecutive readings: the polling period of data
// from an unknown logger. nullopt when there is no positive interval.
std::optional<double> median_interval_s(const std::vector<MassReading>& readings);

// Default gap limit: three polling periods, never more than S.
double default_gap_limit_s(double polling_period_s, double sample_interval_s);

// A logger that records once per S stamps its readings with a jittered clock: the reading of
// slot i lands at t_i ± a second or two, so consecutive readings are sometimes more than S apart
// (a gap) and the grid mass is interpolated from the neighbouring slot. Taking each such reading
// as the grid point's own value ("on time") gives back the logger's series exactly.
//
// take_on_time moves a reading onto grid point t_i when it lies within ±tolerance_s of t_i and
// is the nearer of the two readings around t_i (on a tie, the earlier); every other reading keeps
// its time. The order of the readings is kept, and a reading already on t_i moves nothing. The
// tolerance must be below S/2, so that a reading is near at most one grid point. Meant for data
// with about one reading per S: with many, the nearest would replace the interpolation between
// the two around t_i, which is the better estimate.
struct OnTimeReadings {
  std::vector<MassReading> readings;  // sorted as given, with the moved times
  std::size_t moved = 0;              // readings whose time was changed
};
OnTimeReadings take_on_time(const std::vector<MassReading>& readings, Nanos interval_ns, double tolerance_s);

// Readings must be sorted by t_s (equal times allowed). O(readings + grid points).
ResampledGrid resample_to_grid(const std::vector<MassReading>& readings, const GridSpec& grid);

}  // namespace pumprig
