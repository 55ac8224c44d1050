#pragma once
// `pumprig run SCENARIO`: load and check the fixture and scenario, assemble the bench, run the
// scenario on every applicable station, record everything, analyse, and summarise.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace CLI {
class App;
}
namespace pumprig {
class EventLoop;
}
namespace pumprig::sim {
class SimulatedBench;
}

namespace pumprig {

struct RunOptions {
  std::string scenario_path;
  std::optional<std::string> fixture_path;  // none: the embedded simulated bench
  std::optional<std::string> out_dir;       // exact run folder; none: <runs_dir>/<time>-<scenario>-<id>
  std::string runs_dir = "runs";
  std::optional<double> speed;              // real time scaled by N
  bool realtime = false;                    // real time even on a simulated bench
  std::optional<std::uint64_t> seed;
  bool unattended = false;                  // a simulated operator answers every prompt
  std::vector<std::string> dut;             // KEY=VALUE overrides of the pump under test's identity
  bool quiet = false;                       // no progress line
  std::optional<std::string> sign_key_path; // Ed25519 private key (PEM): sign the run's manifest
  std::optional<std::string> index_path;    // run index; none: <run folder's parent>/index.sqlite
  bool no_index = false;                    // do not record the run in an index

  // Hooks for tests and tools that need to reach into the simulated bench: after the bench is
  // assembled and before the loop runs (schedule fault injection), and after the run, before the
  // simulated bench is gone (inspect the physical world).
  std::function<void(EventLoop&, sim::SimulatedBench*)> before_start;
  std::function<void(sim::SimulatedBench*)> after_run;
};

struct RunReport {
  int exit_code = 0;
  std::filesystem::path run_dir;            // empty when nothing was recorded (configuration error)
  nlohmann::json result;                    // result.json as written
  std::string manifest_digest;              // SHA-256 of MANIFEST.sha256; empty if not sealed
  bool interrupted = false;                 // Ctrl-C / SIGTERM ended it
};

RunReport run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err);

void add_run_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
