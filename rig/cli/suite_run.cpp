#include "rig/cli/suite_run.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "rig/control/control_channel.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
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
  std::vector<std::string> ids;
  try {
    suite = load_suite_file(options.scenario_path);
    // Everything is checked first: a typo in the last scenario must not surface after an hour.
    const Fixture fixture = load_fixture_or_default(options.fixture_path);
    for (const SuiteEntry& e : suite.scenarios) {
      const Scenario sc = load_scenario_file(e.path);
      validate_scenario_for_fixture(sc, fixture);
      check_calibrations(sc, fixture, utc_date(std::chrono::system_clock::now()), options.accept_deviations);
      ids.push_back(sc.id);
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
  out << fmt::format("Suite {}: {} scenarios\n", suite.title.empty() ? suite.id : suite.title, suite.scenarios.size());
  for (std::size_t i = 0; i < suite.scenarios.size(); ++i) {
    RunOptions o = options;
    o.channel = served;
    o.scenario_path = suite.scenarios[i].path;
    if (options.out_dir) o.out_dir = (std::filesystem::path(*options.out_dir) / ids[i]).string();
    out << fmt::format("\n[{}/{}] {}\n", i + 1, suite.scenarios.size(), ids[i]);
    RunReport r = run_scenario(o, out, err);
    const bool stop = r.interrupted;
    report.runs.emplace_back(ids[i], std::move(r));
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
  if (report.runs.size() < suite.scenarios.size()) worst = kExitAborted;
  report.exit_code = worst;
  return report;
}

}  // namespace pumprig
