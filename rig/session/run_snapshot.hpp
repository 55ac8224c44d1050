#pragma once
// What a live display needs of a running run at one instant, copied out of the stations so an
// observer never holds a reference into them.
#include <string>
#include <vector>

#include "rig/core/time.hpp"
#include "rig/runner/station_run.hpp"

namespace pumprig {

class Runner;

struct StationSnapshot {
  std::string id;
  LiveStationState live;
  bool finished = false;
  bool aborted = false;
  bool paused = false;
};

struct RunSnapshot {
  Nanos now = 0;  // loop time
  std::vector<StationSnapshot> stations;
};

RunSnapshot snapshot_of(const Runner& runner, Nanos now);

}  // namespace pumprig
