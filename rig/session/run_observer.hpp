#pragma once
// A live display of a run (the terminal's progress line, the control channel that the dashboard
// talks to). Called on the loop's thread; an observer must return quickly and never throw.
#include <string>
#include <vector>

#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/runner/operator.hpp"
#include "rig/session/run_snapshot.hpp"

namespace pumprig {

struct FinishedRun;

// What is known once the run folder exists and the stations stand, before anything moves.
struct RunStarted {
  std::string run_id;
  std::string run_dir;
  std::string fixture_name;
  std::string scenario_id;
  std::string scenario_title;
  bool simulated = false;     // every instrument simulated in-process
  bool virtual_time = false;  // as fast as possible (no pace to change)
  double speed = 1.0;         // real time scaled by this (paced and real-time runs)
  std::vector<std::string> stations;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_started(const RunStarted&) {}
  // Every event as it is recorded.
  virtual void on_event(const RigEvent&) {}
  // Every reading as it arrives (loop time in the reading).
  virtual void on_reading(const std::string& /*station*/, const BalanceReading&) {}
  virtual void on_io_reading(const std::string& /*station*/, const IoReading&) {}
  // A prompt for the operator (with its id), and its end: answered by anyone, the first wins.
  virtual void on_prompt(const OperatorPrompt&) {}
  virtual void on_prompt_closed(int /*id*/, const OperatorAnswer&) {}
  // About once a second of loop time, when asked (RunSession::request_snapshot), and once more
  // when the loop has ended.
  virtual void on_snapshot(const RunSnapshot&) {}
  // After the seal and the outputs.
  virtual void on_finished(const FinishedRun&) {}
};

}  // namespace pumprig
