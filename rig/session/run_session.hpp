#pragma once
// One run of one scenario, from its configuration to its sealed record and outputs: load and
// check fixture and scenario, choose the clock, assemble the bench (simulated instruments only
// where the fixture names them), record from the first byte, run the stations to the safe state,
// analyse, write result.json, seal (manifest, signature), then hand the sealed folder to the
// outputs (run index, reports, ...). The CLI, the control channel and the tests all run a
// scenario through this class; it prints nothing but warnings and errors to `err`.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/config/scenario_parameters.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/run_verdict.hpp"
#include "rig/runner/operator.hpp"
#include "rig/session/run_observer.hpp"
#include "rig/session/run_output.hpp"
#include "rig/session/simulation.hpp"

namespace pumprig {

class StationRun;

struct SessionOptions {
  std::string scenario_path;
  ParameterOverrides parameters;            // --param NAME=VALUE, or a suite's parameter set
  std::optional<std::string> fixture_path;  // none: the embedded simulated bench
  std::optional<std::string> out_dir;       // exact run folder; none: <runs_dir>/<time>-<scenario>[-<params>]-<id>
  std::string runs_dir = "runs";
  std::optional<double> speed;              // real time scaled by N
  bool realtime = false;                    // real time even on a simulated bench
  std::optional<std::uint64_t> seed;
  bool unattended = false;                  // a simulated operator answers every prompt
  std::vector<std::string> dut;             // KEY=VALUE overrides of the pump under test's identity
  std::vector<std::string> conditions;      // --condition KEY=VALUE test conditions (rig/config/fixture.hpp)
  std::optional<std::string> operator_name; // who runs the test (default: the fixture's `operator`)
  std::vector<std::string> operator_conditions;  // the same, typed by the operator at the start (ambient: ask)
  std::optional<std::string> sign_key_path; // Ed25519 private key (PEM): sign the run's manifest
  std::optional<std::string> index_path;    // run index; none: <run folder's parent>/index.sqlite
  bool no_index = false;                    // do not record the run in an index
  std::string control_socket;               // the control channel serving this run, for run.json ("" = none)
  std::vector<std::string> accept_deviations;  // --accept-deviation KIND (rig/config/validate.hpp)
};

// For tests and tools that reach into the simulated world: after the bench stands and before the
// loop runs (schedule fault injection), and after the loop, before the simulation is gone.
struct SessionHooks {
  std::function<void(EventLoop&, Simulation*)> loop_ready;
  std::function<void(Simulation*)> loop_done;
};

struct RunReport {
  int exit_code = 0;
  std::filesystem::path run_dir;            // empty when nothing was recorded (configuration error)
  std::optional<RunResult> result;          // result.json as written (none when the run never got that far)
  std::string manifest_digest;              // SHA-256 of MANIFEST.sha256; empty if not sealed
  bool interrupted = false;                 // Ctrl-C / SIGTERM ended it
  RunVerdict verdict;                       // the overall verdict (rig/record/run_verdict.hpp)
  // For the summary: what ran, and the test kinds' terminal blocks (the accuracy tables).
  std::string scenario_title, fixture_name;
  std::string scenario_parameters;          // "level=low, rate=5 ml/h (given)": in force, "" when none declared
  bool parameters_given = false;            // some came from outside (--param, a suite's set)
  std::string record_error;                 // non-empty when recording failed
  std::vector<std::string> details;
};

class RunSession {
 public:
  RunSession(SessionOptions options, SimulationFactory simulation, std::ostream& err);
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  // Outputs run in the order added, after the seal; the run index is added by the session itself
  // unless the options say no_index.
  void add_output(std::unique_ptr<RunOutput> output);
  void add_observer(RunObserver* observer);
  void set_hooks(SessionHooks hooks) { hooks_ = std::move(hooks); }

  // Runs to the end. `interrupt` (set by a signal handler) ends every station in the safe state.
  RunReport run(const std::atomic<bool>* interrupt = nullptr);

  // Thread-safe, at any time during run(): every station goes to the safe state and the run
  // ends as aborted, with `reason` in the abort event. Before the loop runs, the abort is kept
  // and carried out as soon as it does.
  void request_abort(std::string reason);

  // Thread-safe commands of the control channel. Each is carried out on the loop; `reply` (called
  // on the loop's thread, or at once when no run is going) gets an empty text when done, else why
  // it was refused.
  using Reply = std::function<void(const std::string& refused)>;
  // Answers open prompt `id` (the first answer wins).
  void answer_prompt(int id, OperatorAnswer answer, Reply reply);
  // Pauses (resumes) `station`, or every station when empty, where its fault policy allows.
  void request_pause(const std::string& station, const std::string& who, Reply reply);
  void request_resume(const std::string& station, const std::string& who, Reply reply);
  // A new pace for a paced simulated run.
  void request_speed(double speed, Reply reply);
  // A snapshot to every observer at the loop's next turn.
  void request_snapshot();
  // Records an info event from outside the loop (a control client dropped): thread-safe.
  void record_note(std::string message);

 private:
  SessionOptions options_;
  SimulationFactory simulation_factory_;
  std::ostream& err_;
  std::vector<std::unique_ptr<RunOutput>> outputs_;
  std::vector<RunObserver*> observers_;
  SessionHooks hooks_;
  // Set while run() has a loop, so request_abort() from another thread can post to it.
  // Posts `task` to the running loop; false (and `task` is dropped) when no loop runs.
  bool post_to_run(std::function<void()> task);
  // A command on the loop: `task` runs there with live_ set; `reply` hears "no run" otherwise.
  void on_loop(const Reply& reply, std::function<void()> task);
  // A command for `station` (every station when empty): the refusals `act` returns, joined.
  void on_stations(const std::string& station, Reply reply, std::function<std::optional<std::string>(StationRun&)> act);
  std::mutex live_mutex_;
  EventLoop* loop_ = nullptr;
  std::optional<std::string> early_abort_;  // asked for before the loop ran
  // Set on the loop's thread while run() has a loop: what the commands act on.
  struct Live;
  Live* live_ = nullptr;
  std::function<void()> snapshot_now_;
};

}  // namespace pumprig
