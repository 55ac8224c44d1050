#include "rig/cli/suite_run.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "rig/cli/suite_outputs.hpp"
#include "rig/control/control_channel.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"
#include "rig/record/run_folder.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/scenario_lint.hpp"
#include "rig/kinds/suite_loading.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/validate.hpp"
#include "rig/record/utc_time.hpp"

namespace pumprig {

namespace {

// The verdict of one run for the summary: the worst test verdict, or how it ended.
std::string run_verdict(const RunReport& r) {
  if (r.exit_code == kExitUsage) return "not run (configuration error)";
  if (r.exit_code == kExitAborted) return r.interrupted ? "INTERRUPTED" : "ABORTED";
  return std::string(to_string(r.verdict.outcome));
}

}  // namespace

SuiteReport run_suite(const RunOptions& options, std::ostream& out, std::ostream& err) {
  SuiteReport report;
  Suite suite;
  std::vector<SuiteRun> runs;  // an entry with a matrix or parameter list makes several
  try {
    suite = load_suite_file(options.scenario_path);
    // Everything is checked first: a typo in the last scenario must not surface after an hour.
    const Fixture fixture = load_fixture_or_default(options.fixture_path);
    for (LoadedSuiteRun& loaded : load_suite_runs(suite, options.parameters)) {
      const Scenario& sc = loaded.scenario;
      check_scenario_lint(sc);
      validate_scenario_for_fixture(sc, fixture);
      check_calibrations(sc, fixture, utc_date(std::chrono::system_clock::now()), options.accept_deviations);
      runs.push_back(std::move(loaded.run));
    }
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }

  // One control channel for the whole suite.
  std::unique_ptr<control::ControlChannel> channel;
  if (!options.channel && !options.no_control) {
    try {
      channel = open_control_channel(options, suite.id, suite.id, err);
    } catch (const std::exception& e) {
      err << "pumprig: " << e.what() << "\n";
      report.exit_code = kExitUsage;
      return report;
    }
  }
  control::ControlChannel* const served = options.channel ? options.channel : channel.get();

  // The suite's own folder holds its runs' folders, junit.xml and summary.json: --out DIR, else
  // <runs dir>/<UTC>-<suite id>-<random>. The runs go into the index beside it, so `history` on
  // the runs folder lists them.
  SuiteOutcome outcome;
  outcome.suite = &suite;
  outcome.start = std::chrono::system_clock::now();
  try {
    const RunFolder folder = options.out_dir ? RunFolder::create_at(*options.out_dir, suite.id)
                                             : RunFolder::create_new(options.runs_dir, suite.id);
    outcome.dir = folder.path();
  } catch (const std::exception& e) {
    err << "pumprig: suite folder: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }
  report.suite_dir = outcome.dir;
  std::optional<std::string> index_path = options.index_path;
  if (!index_path && !options.no_index) index_path = (resolved_run_folder(outcome.dir).parent_path() / kIndexFile).string();

  out << fmt::format("Suite {}: {} {}\n", suite.title.empty() ? suite.id : suite.title, runs.size(),
                     runs.size() == suite.scenarios.size() ? "scenarios" : "runs");
  out << fmt::format("  suite folder: {}\n", outcome.dir.string());
  std::vector<double> wall_s;  // of each run, beside report.runs
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunOptions o = options;
    o.channel = served;
    o.scenario_path = runs[i].scenario_path;
    o.parameters = runs[i].overrides;
    o.out_dir = (outcome.dir / runs[i].file_name).string();
    o.index_path = index_path;
    out << fmt::format("\n[{}/{}] {}\n", i + 1, runs.size(), runs[i].display_id);
    const auto started = std::chrono::steady_clock::now();
    RunReport r = run_scenario(o, out, err);
    wall_s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    const bool stop = r.interrupted;
    report.runs.emplace_back(runs[i].display_id, std::move(r));
    if (stop) {
      out << "Suite interrupted: the remaining scenarios were not run\n";
      break;
    }
    if (served && served->abort_requested()) {
      out << fmt::format("Suite aborted over the control channel ({}): the remaining scenarios were not run\n",
                         *served->abort_requested());
      break;
    }
  }
  if (channel) channel->flush();

  out << fmt::format("\nSuite {} summary:\n", suite.id);
  int worst = kExitPass;
  for (const auto& [id, r] : report.runs) {
    out << fmt::format("  {:<24} {:<14} {}\n", id, run_verdict(r), r.run_dir.string());
    if (r.exit_code == kExitAborted) worst = kExitAborted;
    else if (r.exit_code != kExitPass && worst != kExitAborted) worst = r.exit_code == kExitUsage ? kExitAborted : kExitFail;
  }
  if (report.runs.size() < runs.size()) worst = kExitAborted;
  report.exit_code = worst;

  for (std::size_t i = 0; i < report.runs.size(); ++i)
    outcome.runs.push_back(SuiteRunRecord{report.runs[i].first, run_verdict(report.runs[i].second), &report.runs[i].second, wall_s[i]});
  for (std::size_t i = report.runs.size(); i < runs.size(); ++i)
    outcome.not_run.emplace_back(runs[i].display_id, "not run: the suite stopped before it (interrupted or aborted)");
  outcome.end = std::chrono::system_clock::now();
  outcome.exit_code = worst;
  try {
    write_suite_outputs(outcome);
    out << fmt::format("  suite folder: {} (junit.xml, summary.json)\n", outcome.dir.string());
  } catch (const std::exception& e) {
    // The runs are recorded and sealed; only the suite's own summary is missing.
    err << "pumprig: the suite's junit.xml or summary.json could not be written: " << e.what() << "\n";
    if (report.exit_code == kExitPass) report.exit_code = kExitFail;
  }
  return report;
}

}  // namespace pumprig
