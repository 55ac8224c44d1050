#include "rig/cli/run_command.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "hardware/sim/bench_simulation.hpp"
#include "rig/cli/whole_number_check.hpp"
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
    if (run.signing_key_path) seal_check.public_key = *run.signing_key_path;
    write_run_reports(run.dir, err, seal_check);
  }
};

void print_summary(std::ostream& out, const RunReport& report) {
  const bool aborted = report.verdict.outcome == OverallVerdict::aborted;
  out << fmt::format("\n{} on {}: {}\n", report.scenario_title, report.fixture_name, aborted ? "ABORTED" : "finished");
  if (!report.record_error.empty()) out << "  reason: recording failed: " << report.record_error << "\n";
  print_result_summary(out, *report.result, report.details, report.verdict);
  out << "  run folder: " << report.run_dir.string() << " (report.pdf, report.html, junit.xml)\n";
}

}  // namespace

RunReport run_scenario(const RunOptions& o, std::ostream& out, std::ostream& err) {
  RunSession session(o, sim::make_bench_simulation, err);
  ProgressObserver progress(o.quiet);
  session.add_observer(&progress);
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
  if (!report.run_dir.empty() && report.result) print_summary(out, report);
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
  run->add_option("--seed", options->seed, "Seed of the simulated instruments")->check(whole_number_check());
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
