#pragma once
// Runs a scenario on every station of a bench that it applies to, in parallel on one event loop,
// and stops the loop when every station has reached the safe state.
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/runner/station_run.hpp"

namespace pumprig {

class Runner {
 public:
  Runner(EventLoop& loop, Bench& bench, const Fixture& fixture, const Scenario& scenario, Operator& op,
         std::function<StationSinks(const std::string& station)> sinks, EventSink runner_events);

  // Schedules the stations; run the loop afterwards. `interrupt` (set by a signal handler) is
  // polled on the loop so that Ctrl-C ends every station in the safe state.
  void start(const std::atomic<bool>* interrupt = nullptr);
  void abort_all(const std::string& reason);
  bool done() const;
  bool any_aborted() const;
  const std::vector<std::unique_ptr<StationRun>>& stations() const { return stations_; }

 private:
  void poll_interrupt();
  void station_done();

  EventLoop& loop_;
  EventSink events_;
  std::vector<std::unique_ptr<StationRun>> stations_;
  const std::atomic<bool>* interrupt_ = nullptr;
  TimerId interrupt_timer_ = 0;
  bool interrupted_ = false;
};

}  // namespace pumprig
