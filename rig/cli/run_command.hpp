#pragma once
// `pumprig run SCENARIO`: option parsing and printing around a RunSession (rig/session), which
// does the run itself: the terminal's progress line is an observer, the reports an output.
#include <functional>
#include <ostream>

#include "rig/session/run_session.hpp"

namespace CLI {
class App;
}
namespace pumprig::sim {
class SimulatedBench;
}

namespace pumprig {

struct RunOptions : SessionOptions {
  bool quiet = false;                       // no progress line

  // Hooks for tests and tools that need to reach into the simulated bench: after the bench is
  // assembled and before the loop runs (schedule fault injection), and after the run, before the
  // simulated bench is gone (inspect the physical world).
  std::function<void(EventLoop&, sim::SimulatedBench*)> before_start;
  std::function<void(sim::SimulatedBench*)> after_run;
};

RunReport run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err);

void add_run_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
