#include "rig/session/run_snapshot.hpp"

#include "rig/runner/runner.hpp"

namespace pumprig {

RunSnapshot snapshot_of(const Runner& runner, Nanos now) {
  RunSnapshot s;
  s.now = now;
  s.stations.reserve(runner.stations().size());
  for (const auto& st : runner.stations())
    s.stations.push_back(StationSnapshot{st->id(), st->live(), st->finished(), st->aborted(), st->paused()});
  return s;
}

}  // namespace pumprig
