#pragma once
// A live display of a run (the terminal's progress line, the control channel that the dashboard
// talks to). Called on the loop's thread; an observer must return quickly and never throw.
#include "rig/core/rig_event.hpp"
#include "rig/session/run_snapshot.hpp"

namespace pumprig {

struct FinishedRun;

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Every event as it is recorded.
  virtual void on_event(const RigEvent&) {}
  // About once a second of loop time, and once more when the loop has ended.
  virtual void on_snapshot(const RunSnapshot&) {}
  // After the seal and the outputs.
  virtual void on_finished(const FinishedRun&) {}
};

}  // namespace pumprig
