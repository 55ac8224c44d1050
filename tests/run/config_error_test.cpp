// Configuration errors stop `pumprig run` before anything moves: exit code 2, a message that
// names the place to fix (file:line:col), and no run folder.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// A short scenario for the embedded bench; `step_rate` and `extra_step` let a test break it.
std::string scenario_text(const std::string& step_rate, const std::string& extra_step = "") {
  return fmt::format(R"(schema: pumprig.scenario/1
id: broken
title: A scenario with a mistake
applies_to: [syringe]

steps:
  - tare
  - set_pump: {{ rate: {} }}
  - start_pump
  - record: 2 min
{}  - stop_pump
)",
                     step_rate, extra_step);
}

struct Case {
  RunOutcome outcome;
  fs::path out_dir;
  fs::path runs_dir;
};

// Runs `scenario` twice: into an exact folder (--out) and into a runs directory (--runs-dir).
// Neither may be created.
Case run_expecting_config_error(const TempDir& tmp, const fs::path& scenario) {
  Case c;
  c.out_dir = tmp.path() / "out";
  c.outcome = run(options(scenario, c.out_dir));
  BOOST_TEST(c.outcome.report.exit_code == kExitUsage);
  BOOST_TEST(c.outcome.report.run_dir.empty());
  BOOST_TEST(!fs::exists(c.out_dir));
  BOOST_TEST(c.outcome.out.empty());

  c.runs_dir = tmp.path() / "runs";
  RunOptions o = options(scenario, "");
  o.out_dir.reset();
  o.runs_dir = c.runs_dir.string();
  const RunOutcome again = run(o);
  BOOST_TEST(again.report.exit_code == kExitUsage);
  BOOST_TEST(!fs::exists(c.runs_dir));
  BOOST_TEST(again.err == c.outcome.err);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_config_errors)

BOOST_AUTO_TEST_CASE(the_scenario_itself_runs) {
  // The scenario the other cases break is good as written: their errors are their own.
  TempDir tmp;
  write_text(tmp.path() / "good.yaml", scenario_text("25 ml/h"));
  const RunOutcome r = run(options(tmp.path() / "good.yaml", tmp.path() / "out"));
  BOOST_TEST_INFO(r.err);
  // It runs; it declares no analysis, so it judges nothing: inconclusive (exit 1), never usage (2).
  BOOST_TEST(r.report.exit_code == kExitFail);
  BOOST_TEST(r.report.verdict.reason.find("no test") != std::string::npos);
  BOOST_TEST(fs::exists(tmp.path() / "out" / "run.json"));
}

BOOST_AUTO_TEST_CASE(typo_in_a_key_names_file_line_column_and_the_key_meant) {
  TempDir tmp;
  const fs::path file = tmp.path() / "typo.yaml";
  write_text(file, scenario_text("25 ml/h", "  - wiat: 10 s\n"));
  const Case c = run_expecting_config_error(tmp, file);
  const std::string& err = c.outcome.err;
  // "- wiat" is on line 11; the key starts in column 5.
  BOOST_TEST(err.find(file.string() + ":11:5:") != std::string::npos, err);
  BOOST_TEST(err.find("wiat") != std::string::npos, err);
  BOOST_TEST(err.find("'wait'") != std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(missing_scenario_file_is_named) {
  TempDir tmp;
  const fs::path file = tmp.path() / "no-such-scenario.yaml";
  const Case c = run_expecting_config_error(tmp, file);
  BOOST_TEST(c.outcome.err.find(file.string()) != std::string::npos, c.outcome.err);
}

BOOST_AUTO_TEST_CASE(rate_outside_the_pumps_range_points_at_the_rate) {
  TempDir tmp;
  const fs::path file = tmp.path() / "fast.yaml";
  write_text(file, scenario_text("2000 ml/h"));
  const Case c = run_expecting_config_error(tmp, file);
  const std::string& err = c.outcome.err;
  // "  - set_pump: { rate: 2000 ml/h }": line 8, the value in column 23.
  BOOST_TEST(err.find(file.string() + ":8:23:") != std::string::npos, err);
  BOOST_TEST(err.find("pump-1") != std::string::npos, err);
  BOOST_TEST(err.find("1500 ml/h") != std::string::npos, err);
}

BOOST_AUTO_TEST_SUITE_END()
