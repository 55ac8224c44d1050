#pragma once
// `pumprig run SCENARIO`: option parsing and printing around a RunSession (rig/session), which
// does the run itself: the terminal's progress line is an observer, the reports an output.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <ostream>
#include <vector>

#include "rig/session/run_session.hpp"

namespace CLI {
class App;
}
namespace pumprig::sim {
class SimulatedBench;
}
namespace pumprig::control {
class ControlChannel;
}

namespace pumprig {

struct RunOptions : SessionOptions {
  bool quiet = false;                       // no progress line
  std::vector<std::string> param_texts;     // --param NAME=VALUE as typed (parsed into `parameters`)
  // The control channel (rig/control/PROTOCOL.md): served at this path, or at the default path
  // (control::default_control_path) when none; `no_control` serves none. A suite passes its one
  // channel in `channel` to every run.
  std::optional<std::string> control_path;
  bool no_control = false;
  control::ControlChannel* channel = nullptr;

  // Hooks for tests and tools that need to reach into the simulated bench: after the bench is
  // assembled and before the loop runs (schedule fault injection), and after the run, before the
  // simulated bench is gone (inspect the physical world).
  std::function<void(EventLoop&, sim::SimulatedBench*)> before_start;
  std::function<void(sim::SimulatedBench*)> after_run;
};

RunReport run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err);

// The channel a run or suite serves as `options` ask (none with no_control); the run prints its
// path on `err` once it stands. Throws std::runtime_error when it cannot serve (path too long, in use, folder not ours).
std::unique_ptr<control::ControlChannel> open_control_channel(const RunOptions& options, const std::string& name,
                                                              const std::string& suite_id, std::ostream& err);

void add_run_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
