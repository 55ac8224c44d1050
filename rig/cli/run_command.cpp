#include "rig/cli/run_command.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "hardware/sim/simulated_bench.hpp"
#include "hardware/sim/simulated_operator.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/bench/bench.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/cli/progress_line.hpp"
#include "rig/cli/report_command.hpp"
#include "rig/cli/result_table.hpp"
#include "rig/cli/station_results.hpp"
#include "rig/cli/suite_run.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/validate.hpp"
#include "rig/index/run_index.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/record/recorder.hpp"
#include "rig/runner/runner.hpp"
#include "rig/runner/terminal_operator.hpp"

namespace pumprig {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) { g_interrupted.store(true); }

// Ctrl-C and SIGTERM end the run in the safe state instead of killing the process mid-step.
class SignalGuard {
 public:
  SignalGuard() {
    g_interrupted.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

struct LoadedConfig {
  Fixture fixture;
  Scenario scenario;
};

LoadedConfig load_config(const RunOptions& o) {
  Fixture fixture = load_fixture_or_default(o.fixture_path);
  apply_dut_overrides(fixture, o.dut);
  Scenario scenario = load_scenario_file(o.scenario_path);
  validate_scenario_for_fixture(scenario, fixture);
  return {std::move(fixture), std::move(scenario)};
}

nlohmann::json dut_json(const DutIdentity& d) {
  return {{"manufacturer", d.manufacturer}, {"model", d.model}, {"serial", d.serial}, {"firmware", d.firmware}};
}

nlohmann::json run_metadata(const LoadedConfig& c, double speed, std::uint64_t seed, bool simulated,
                            bool virtual_time, const Operator& op) {
  nlohmann::json stations = nlohmann::json::array();
  for (const auto& st : c.fixture.stations) {
    stations.push_back({{"id", st.id},
                        {"pump_class", to_string(st.pump.pump_class)},
                        {"pump_under_test", dut_json(st.pump.dut)},
                        {"balance", {{"name", st.balance.name}, {"connection", st.balance.connection_text},
                                     {"calibration_due", st.balance.calibration_due}}},
                        {"pump", {{"name", st.pump.name}, {"driver", st.pump.driver}, {"connection", st.pump.connection_text}}},
                        {"on_fault", std::string(to_string(st.on_fault))}});
    if (st.io_board)
      stations.back()["io_board"] = {{"name", st.io_board->name},
                                     {"driver", st.io_board->driver},
                                     {"connection", st.io_board->connection_text},
                                     {"calibration_due", st.io_board->calibration_due},
                                     {"over_pressure_limit_mmhg", st.io_board->over_pressure_limit_mmhg}};
  }
  return {{"software", {{"name", "pumprig"}, {"version", PUMPRIG_VERSION}}},
          {"provenance", simulated ? "simulated" : "real"},
          {"scenario", {{"id", c.scenario.id}, {"title", c.scenario.title}, {"source", c.scenario.source}, {"text", c.scenario.text}}},
          {"fixture", {{"name", c.fixture.name}, {"source", c.fixture.source}, {"text", c.fixture.text},
                       {"dut_overrides", c.fixture.dut_overrides}}},
          {"seed", seed},
          {"clock", virtual_time ? "virtual" : fmt::format("real time x{}", speed)},
          {"operator", {{"name", c.fixture.operator_name}, {"answered_by", op.describe()}, {"simulated", op.simulated()}}},
          {"stations", stations},
          {"instruments", nlohmann::json::object()}};
}

// The headline numbers of an occlusion or free-flow test for the terminal summary (accuracy
// tests print their own table).
std::string test_summary(const nlohmann::json& t) {
  const auto num = [&](const char* key, const char* fmt_spec) -> std::string {
    const auto it = t.find(key);
    return it != t.end() && it->is_number() ? fmt::format(fmt::runtime(fmt_spec), it->get<double>()) : "n/a";
  };
  const std::string kind = t.value("kind", "");
  if (kind == "occlusion")
    return fmt::format(" (threshold {}: alarm after {} s at {} mmHg, peak {} mmHg, bolus {} ml)", t.value("threshold", "?"),
                       num("time_to_alarm_s", "{:.1f}"), num("alarm_pressure_mmhg", "{:.0f}"),
                       num("peak_pressure_mmhg", "{:.0f}"), num("bolus_ml", "{:.3f}"));
  if (kind == "free_flow")
    return fmt::format(" (door open {} s: {} ml, peak {} ml/h)", num("duration_s", "{:.0f}"), num("volume_ml", "{:.3f}"),
                       num("peak_flow_ml_h", "{:.1f}"));
  return "";
}

}  // namespace

RunReport run_scenario(const RunOptions& o, std::ostream& out, std::ostream& err) {
  RunReport report;
  LoadedConfig config;
  try {
    config = load_config(o);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }
  // The signing key is read before anything moves: a run that cannot be signed as asked is a
  // configuration error, not a surprise after hours of recording.
  std::optional<SigningKey> signing_key;
  if (o.sign_key_path) {
    try {
      signing_key = SigningKey::load(*o.sign_key_path);
    } catch (const std::exception& e) {
      err << "pumprig: " << e.what() << "\n";
      report.exit_code = kExitUsage;
      return report;
    }
  }
  const bool all_sim = fixture_is_all_simulated(config.fixture);
  const std::uint64_t seed = o.seed.value_or(config.fixture.seed.value_or(1));
  if (o.speed && (!(*o.speed > 0) || !std::isfinite(*o.speed))) {
    err << "pumprig: --speed must be a positive number\n";
    report.exit_code = kExitUsage;
    return report;
  }
  // The fixture's `speed` (written by pumprig-sim, whose instruments run at that speed) is the
  // default for --speed; --realtime means speed 1 whatever the fixture says.
  std::optional<double> speed = o.speed;
  if (!speed && !o.realtime) speed = config.fixture.speed;
  if (o.speed && config.fixture.speed && *o.speed != *config.fixture.speed && !all_sim)
    err << fmt::format("pumprig: warning: --speed {} differs from the fixture's speed {}, at which its instruments "
                       "run: timeouts and rates will be off by the ratio\n",
                       *o.speed, *config.fixture.speed);
  const bool virtual_time = all_sim && !o.realtime && !speed;

  // The loop outlives everything that schedules on it (declared first, destroyed last).
  // A simulated bench stays in virtual time even when paced for a demo (--speed, --realtime):
  // the clock then waits for real time to catch up with the next event instead of running ahead
  // of it, so the run is the same run, only slower. Real instruments need the steady clock.
  std::unique_ptr<Clock> clock;
  if (virtual_time)
    clock = std::make_unique<VirtualClock>();
  else if (all_sim)
    clock = std::make_unique<PacedClock>(speed.value_or(1.0));
  else
    clock = std::make_unique<SteadyClock>(speed.value_or(1.0));
  EventLoop loop(std::move(clock));

  std::unique_ptr<sim::SimulatedBench> sim_bench;
  try {
    sim_bench = std::make_unique<sim::SimulatedBench>(config.fixture, seed);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }


  std::unique_ptr<Operator> op;
  if (all_sim || o.unattended)
    op = std::make_unique<sim::SimulatedOperator>(loop, sim_bench.get());
  else
    op = std::make_unique<TerminalOperator>(loop);

  std::unique_ptr<Recorder> recorder;

  // A recording failure (disk full) must not escape through the event loop: it aborts the run to
  // the safe state and is reported. What can still be recorded afterwards is (the abort and the
  // teardown go to events.jsonl even when only a samples file failed); a file that failed once
  // refuses further lines, so nothing is appended after a torn one.
  std::string record_error;
  Runner* runner_ptr = nullptr;
  auto guard = [&](auto&& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      if (!record_error.empty()) return;  // already aborting
      record_error = e.what();
      if (runner_ptr) runner_ptr->abort_all(std::string("recording failed: ") + e.what());
    }
  };
  EventSink record_event = [&](RigEvent ev) { guard([&] { recorder->add_event(ev); }); };

  std::unique_ptr<Bench> bench;
  try {
    bench = std::make_unique<Bench>(
        config.fixture, loop, sim_bench.get(),
        [&](const std::string& instrument) -> WireTap::Sink {
          return [&, instrument](Nanos t, char dir, std::span<const std::uint8_t> bytes) {
            guard([&] { recorder->add_wire(instrument, t, dir, bytes); });
          };
        },
        record_event);
  } catch (const std::exception& e) {
    // A missing port or an unknown driver: nothing has moved and nothing was recorded.
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }

  // The run folder is made only once the bench stands (links carry no bytes before the loop runs).
  try {
    RunFolder folder = o.out_dir ? RunFolder::create_at(*o.out_dir) : RunFolder::create_new(o.runs_dir, config.scenario.id);
    nlohmann::json metadata = run_metadata(config, speed.value_or(1.0), seed, all_sim, virtual_time, *op);
    if (signing_key) metadata["signing"] = {{"algorithm", "ed25519"}, {"key_fingerprint", signing_key->fingerprint()}};
    RecorderOptions recording;
    recording.wire_log_max_bytes = config.fixture.wire_log_max_bytes.value_or(kDefaultWireLogMaxBytes);
    recorder = std::make_unique<Recorder>(std::move(folder), std::move(metadata), std::move(recording));
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }
  report.run_dir = recorder->dir();

  Runner runner(
      loop, *bench, config.fixture, config.scenario, *op,
      [&](const std::string& station) {
        StationSinks sinks;
        sinks.event = record_event;
        sinks.sample = [&, station](double t_s, const BalanceReading& r) {
          guard([&] { recorder->add_sample(station, t_s, r.mass_g, r.stable); });
        };
        sinks.io_sample = [&, station](double t_s, const IoReading& r) {
          guard([&] {
            recorder->add_io_sample(station, t_s, r.pressure_mmhg, r.pressure2_mmhg, r.temperature_c, r.alarm, r.occluder_closed);
          });
        };
        sinks.identity = [&](const std::string& name, const InstrumentIdentity& id) {
          guard([&] {
            recorder->update_metadata({{"instruments", {{name, {{"manufacturer", id.manufacturer}, {"model", id.model},
                                                                 {"serial", id.serial}, {"firmware", id.firmware},
                                                                 {"protocol", id.protocol}}}}}});
          });
        };
        return sinks;
      },
      record_event);
  runner_ptr = &runner;

  ProgressLine progress(stderr, o.quiet);
  TimerId tick = 0;
  std::function<void()> on_tick = [&] {
    progress.update(runner, loop.now());
    guard([&] { recorder->sync_if_due(); });
    tick = loop.schedule_after(seconds(1), on_tick);
  };
  tick = loop.schedule_after(seconds(1), on_tick);

  if (o.before_start) o.before_start(loop, sim_bench.get());
  {
    SignalGuard signals;
    runner.start(&g_interrupted);
    try {
      loop.run();
    } catch (const std::exception& e) {
      // Nothing should throw out of the loop; if something does, still reach the safe state.
      record_event(RigEvent{loop.now(), "fault", "runner", std::string("internal error: ") + e.what()});
      runner.abort_all(std::string("internal error: ") + e.what());
      loop.run();
    }
  }
  loop.cancel(tick);
  report.interrupted = g_interrupted.load();
  if (o.after_run) o.after_run(sim_bench.get());
  progress.update(runner, loop.now(), true);
  progress.finish();

  // Analysis, result.json, and the final status.
  StationResults results = station_results(runner, config.fixture, config.scenario);
  std::vector<nlohmann::json>& tests = results.tests;
  const bool aborted = runner.any_aborted() || !record_error.empty();
  std::string reason;
  for (const auto& st : runner.stations())
    if (st->aborted()) reason += (reason.empty() ? "" : "; ") + st->id() + ": " + st->abort_reason();
  if (!record_error.empty()) reason = "recording failed: " + record_error;
  nlohmann::json run_json = {{"id", recorder->dir().filename().string()},
                             {"scenario", config.scenario.id},
                             {"fixture", config.fixture.name},
                             {"provenance", all_sim ? "simulated" : "real"},
                             {"status", aborted ? "aborted" : "finished"},
                             {"seed", seed},
                             {"stations", results.stations},
                             {"stations_finished", results.finished_ids()},
                             {"stations_aborted", results.aborted_ids()}};
  report.result = make_result_document(run_json, tests);
  try {
    recorder->write_result(report.result);
    recorder->finish(aborted ? "aborted" : "finished", reason);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitAborted;
    return report;
  }
  // Seal what was recorded (everything is final now), sign the seal, and list the run in the
  // index. A seal that cannot be made is an error of the run; an index that cannot be written is
  // only a warning: the folder is the record, the index a catalogue that can be rebuilt.
  bool sealed = true;
  try {
    report.manifest_digest = write_manifest(recorder->dir()).digest;
    if (signing_key) sign_manifest(recorder->dir(), *signing_key);
  } catch (const std::exception& e) {
    err << "pumprig: cannot seal the run folder: " << e.what() << "\n";
    sealed = false;
  }
  if (sealed && !o.no_index) {
    const std::filesystem::path index_path =
        o.index_path ? std::filesystem::path(*o.index_path)
                     : std::filesystem::absolute(recorder->dir()).lexically_normal().parent_path() / kIndexFile;
    try {
      RunIndex(index_path).record(indexed_run_from_folder(recorder->dir(), report.manifest_digest));
    } catch (const std::exception& e) {
      err << "pumprig: warning: run not recorded in the index " << index_path.string() << ": " << e.what() << "\n";
    }
  }
  // Reports last: they are derived from the sealed folder (the same path as `pumprig report`,
  // aborted runs included) and carry its manifest digest and integrity check.
  write_run_reports(recorder->dir(), err);

  // Summary.
  out << fmt::format("\n{} on {}: {}\n", config.scenario.title, config.fixture.name, aborted ? "ABORTED" : "finished");
  if (!record_error.empty()) out << "  reason: " << reason << "\n";
  for (const auto& st : results.stations) {
    const std::size_t deviations = st["deviations"].size();
    out << fmt::format("  station {}: {}{}\n", st["id"].get<std::string>(),
                       st["status"] == "aborted" ? "ABORTED: " + st["reason"].get<std::string>() : "finished",
                       deviations ? fmt::format(", {} deviation(s) under policy {}", deviations, st["policy"].get<std::string>()) : "");
  }
  for (const auto& [station, r] : results.accuracy) print_accuracy_table(out, r, fmt::format("Accuracy, station {}", station));
  bool all_pass = !tests.empty() || !config.scenario.accuracy;
  for (const auto& t : tests) {
    const std::string verdict = t.value("verdict", "inconclusive");
    out << fmt::format("  {}: {}{}\n", t.value("id", "test"), verdict, test_summary(t));
    if (verdict != "pass") all_pass = false;
  }
  out << "  run folder: " << recorder->dir().string() << " (report.pdf, report.html, junit.xml)\n";
  report.exit_code = aborted || !sealed ? kExitAborted : all_pass ? kExitPass : kExitFail;
  return report;
}

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a scenario, or a suite of scenarios, on a bench (default: the embedded simulated bench)");
  run->add_option("scenario", options->scenario_path, "Scenario or suite file (YAML)")->required();
  run->add_option("--fixture", options->fixture_path, "Bench description (YAML); default: the embedded simulated bench");
  run->add_option("--out", options->out_dir, "Run folder to create (must not exist or be empty)");
  run->add_option("--runs-dir", options->runs_dir, "Where new run folders go")->capture_default_str();
  auto* speed = run->add_option("--speed", options->speed, "Run in real time scaled by N (default: the fixture's speed, if any)");
  run->add_flag("--realtime", options->realtime, "Run in real time even on a simulated bench")->excludes(speed);
  run->add_option("--seed", options->seed, "Seed of the simulated instruments");
  run->add_flag("--unattended", options->unattended, "A simulated operator answers every prompt");
  run->add_option("--dut", options->dut, "Pump under test identity KEY=VALUE (manufacturer, model, serial, firmware)");
  run->add_flag("--quiet,-q", options->quiet, "No progress line");
  run->add_option("--sign-key", options->sign_key_path, "Ed25519 private key (PEM, from `pumprig keys init`): sign the run folder's manifest");
  auto* index = run->add_option("--index", options->index_path, "Run index to record the run in (default: index.sqlite next to the run folder)");
  run->add_flag("--no-index", options->no_index, "Do not record the run in a run index")->excludes(index);
  run->callback([options, &exit_code] {
    // A suite file (pumprig.suite/1) runs its scenarios in order; anything else is one scenario.
    std::string text;
    try {
      text = read_text_file(options->scenario_path);
    } catch (const std::exception&) {
      // run_scenario reports the unreadable file.
    }
    exit_code = is_suite_text(text) ? run_suite(*options, std::cout, std::cerr).exit_code
                                    : run_scenario(*options, std::cout, std::cerr).exit_code;
  });
}

}  // namespace pumprig
