#include "rig/cli/run_command.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <cctype>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "hardware/sim/bench_simulation.hpp"
#include "rig/cli/whole_number_check.hpp"
#include "rig/control/control_channel.hpp"
#include "rig/cli/ambient_prompt.hpp"
#include "rig/cli/progress_line.hpp"
#include "rig/cli/report_command.hpp"
#include "rig/cli/result_table.hpp"
#include "rig/cli/suite_run.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/fixture.hpp"
#include "rig/session/exit_codes.hpp"

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

// The terminal's live line as an observer of the session.
class ProgressObserver final : public RunObserver {
 public:
  explicit ProgressObserver(bool quiet) : line_(stderr, quiet) {}
  ~ProgressObserver() override { line_.finish(); }
  void on_snapshot(const RunSnapshot& s) override {
    last_ = s;
    line_.update(s);
  }
  void on_finished(const FinishedRun&) override {
    line_.update(last_, true);
    line_.finish();
  }

 private:
  ProgressLine line_;
  RunSnapshot last_;
};

// Where the dashboard can attach, said once the run stands (a run refused for its configuration
// says only why).
class ControlPathNotice final : public RunObserver {
 public:
  ControlPathNotice(std::ostream& err, std::string path) : err_(err), path_(std::move(path)) {}
  void on_started(const RunStarted&) override { err_ << "pumprig: control channel: " << path_ << "\n"; }

 private:
  std::ostream& err_;
  std::string path_;
};

// The reports (PDF, HTML, JUnit) as an output: derived from the sealed folder (the same path as
// `pumprig report`, aborted runs included), carrying its manifest digest and integrity check.
class ReportsOutput final : public RunOutput {
 public:
  std::string name() const override { return "reports"; }
  void write(const FinishedRun& run, std::ostream& err) override {
    // The reports check the seal against what vouches for it: the index entry just written (none
    // when it could not be), and the key that signed it.
    VerifyOptions seal_check;
    seal_check.no_index = !run.index_path;
    if (run.index_path) seal_check.index_path = *run.index_path;
    if (run.signing_key_path) seal_check.trusted_keys.push_back(*run.signing_key_path);
    write_run_reports(run.dir, err, seal_check);
  }
};

void print_summary(std::ostream& out, const RunReport& report) {
  const bool aborted = report.verdict.outcome == OverallVerdict::aborted;
  out << fmt::format("\n{} on {}: {}\n", report.scenario_title, report.fixture_name, aborted ? "ABORTED" : "finished");
  if (!report.record_error.empty()) out << "  reason: recording failed: " << report.record_error << "\n";
  if (report.parameters_given) out << "  parameters: " << report.scenario_parameters << "\n";
  print_result_summary(out, *report.result, report.details, report.verdict);
  out << "  run folder: " << report.run_dir.string() << " (report.pdf, report.html, junit.xml)\n";
}

}  // namespace

namespace {

// A name for the default socket before the run has its id: the time, what runs, and a random part.
std::string control_name(const std::string& what) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::random_device random;
  std::string safe;
  for (char c : what.substr(0, 40)) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z-{}-{:06x}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, safe, random() & 0xffffffu);
}

}  // namespace

std::unique_ptr<control::ControlChannel> open_control_channel(const RunOptions& o, const std::string& name,
                                                              const std::string& suite_id, std::ostream& err) {
  if (o.no_control) return nullptr;
  control::ChannelOptions channel;
  channel.path = o.control_path ? std::filesystem::path(*o.control_path) : control::default_control_path(control_name(name));
  channel.suite_id = suite_id;
  (void)err;
  return std::make_unique<control::ControlChannel>(channel);
}

RunReport run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err) {
  // The run's own channel, unless a suite serves one for all its runs.
  std::unique_ptr<control::ControlChannel> own_channel;
  RunOptions o = options;
  if (!o.channel && !o.no_control) {
    try {
      own_channel = open_control_channel(o, std::filesystem::path(o.scenario_path).stem().string(), "", err);
    } catch (const std::exception& e) {
      err << "pumprig: " << e.what() << "\n";
      RunReport refused;
      refused.exit_code = kExitUsage;
      return refused;
    }
    o.channel = own_channel.get();
  }
  if (o.channel) o.control_socket = o.channel->path().string();
  RunSession session(o, sim::make_bench_simulation, err);
  ProgressObserver progress(o.quiet);
  session.add_observer(&progress);
  std::optional<ControlPathNotice> notice;
  // The channel forgets the session before it goes, however run() ends.
  struct Detach {
    control::ControlChannel* channel;
    ~Detach() {
      if (channel) channel->attach(nullptr);
    }
  } detach{o.channel};
  if (o.channel) {
    notice.emplace(err, o.channel->path().string());
    session.add_observer(&*notice);
    session.add_observer(o.channel);
    o.channel->attach(&session);
  }
  session.add_output(std::make_unique<ReportsOutput>());
  SessionHooks hooks;
  if (o.before_start)
    hooks.loop_ready = [&](EventLoop& loop, Simulation* s) { o.before_start(loop, sim::simulated_bench_of(s)); };
  if (o.after_run) hooks.loop_done = [&](Simulation* s) { o.after_run(sim::simulated_bench_of(s)); };
  session.set_hooks(std::move(hooks));
  RunReport report;
  {
    SignalGuard signals;
    report = session.run(&g_interrupted);
  }
  if (o.channel) {
    o.channel->attach(nullptr);
    // The clients get the verdict before the socket goes (a suite's channel stays).
    if (own_channel) own_channel->flush();
  }
  detach.channel = nullptr;
  if (!report.run_dir.empty() && report.result) print_summary(out, report);
  return report;
}

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a scenario, or a suite of scenarios, on a bench (default: the embedded simulated bench)");
  run->add_option("scenario", options->scenario_path, "Scenario or suite file (YAML)")->required();
  run->add_option("--param", options->param_texts,
                  "Scenario parameter NAME=VALUE, replacing the value the scenario declares (e.g. rate=5ml/h); on a "
                  "suite, for every scenario that declares NAME; repeatable")
      ->type_name("NAME=VALUE");
  run->add_option("--fixture", options->fixture_path, "Bench description (YAML); default: the embedded simulated bench");
  run->add_option("--out", options->out_dir, "Run folder to create (must not exist or be empty)");
  run->add_option("--runs-dir", options->runs_dir, "Where new run folders go")->capture_default_str();
  auto* speed = run->add_option("--speed", options->speed, "Run in real time scaled by N (default: the fixture's speed, if any)");
  run->add_flag("--realtime", options->realtime, "Run in real time even on a simulated bench")->excludes(speed);
  run->add_option("--seed", options->seed, "Seed of the simulated instruments")->check(whole_number_check());
  run->add_flag("--unattended", options->unattended, "A simulated operator answers every prompt");
  run->add_option("--dut", options->dut, "Pump under test identity KEY=VALUE (manufacturer, model, serial, firmware)");
  run->add_option("--operator", options->operator_name, "Who runs the test, for the record and the report (default: the fixture's operator)");
  run->add_option("--condition", options->conditions,
                  "Test condition KEY=VALUE: ambient.temperature, ambient.humidity, ambient.pressure, fluid, and per "
                  "station ([station-1.]) syringe_lot, set, set_lot; repeatable");
  run->add_option("--accept-deviation", options->accept_deviations,
                  "Run despite a known deviation and record it on every report page (calibration: an instrument past its calibration date)")
      ->type_name("KIND");
  run->add_flag("--quiet,-q", options->quiet, "No progress line");
  auto* control = run->add_option("--control", options->control_path,
                                  "Serve the control channel (rig/control/PROTOCOL.md) at this Unix socket path (default: "
                                  "$XDG_RUNTIME_DIR/pumprig/<run>.sock, else /tmp/pumprig-<uid>/<run>.sock)");
  run->add_flag("--no-control", options->no_control, "Serve no control channel")->excludes(control);
  run->add_option("--sign-key", options->sign_key_path, "Ed25519 private key (PEM, from `pumprig keys init`): sign the run folder's manifest");
  auto* index = run->add_option("--index", options->index_path, "Run index to record the run in (default: index.sqlite next to the run folder)");
  run->add_flag("--no-index", options->no_index, "Do not record the run in a run index")->excludes(index);
  run->callback([options, &exit_code] {
    // `ambient: ask`: the operator types the room's conditions once, before anything starts.
    try {
      options->parameters = parse_parameter_options(options->param_texts);
      options->operator_conditions = ask_ambient_conditions(*options, stdin_is_terminal(), std::cin, std::cerr);
    } catch (const std::exception& e) {
      std::cerr << "pumprig: " << e.what() << "\n";
      exit_code = kExitUsage;
      return;
    }
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
