// Runs with parameters given from outside: `run --param`, and a suite's matrix making one run per
// parameter set, each in its own folder with the values in its record and results; and the
// linter refusing a contradictory scenario before anything moves.
#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>

#include "rig/cli/suite_run.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/session/reanalysis.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

BOOST_AUTO_TEST_SUITE(parameter_runs)

BOOST_AUTO_TEST_CASE(a_param_runs_the_scenario_at_the_given_value_and_is_recorded) {
  TempDir tmp{"pumprig-param"};
  RunOptions o = options("scenarios/bench-check-5mlh.yaml", tmp.path() / "run");
  o.no_control = true;
  o.parameters = parse_parameter_options({"rate=2 ml/h"});
  const RunOutcome r = run(o);
  BOOST_REQUIRE_MESSAGE(r.report.exit_code == kExitPass, r.err + r.out);
  BOOST_TEST(r.out.find("  parameters: duration=1 h, rate=2 ml/h (given)\n") != std::string::npos, r.out);

  const nlohmann::json result = read_json(r.report.run_dir / "result.json");
  BOOST_TEST_REQUIRE(result["tests"].size() >= 1u);
  for (const auto& t : result["tests"]) BOOST_TEST(t["rate_ml_h"].get<double>() == 2.0);
  BOOST_TEST(result["run"]["id"].get<std::string>().find("-bench-check-5mlh-rate2mlh-") != std::string::npos,
             result["run"]["id"].dump());

  const nlohmann::json scenario = read_json(r.report.run_dir / "run.json")["scenario"];
  BOOST_TEST(scenario["parameters"]["rate"] == "2 ml/h");
  BOOST_TEST(scenario["parameters"]["duration"] == "1 h");
  BOOST_TEST(scenario["overridden_parameters"] == nlohmann::json::array({"rate"}));

  // A reanalysis applies the recorded value again: the text alone says 5 ml/h.
  const Reanalysis again = reanalyse_run_folder(r.report.run_dir);
  BOOST_TEST_REQUIRE(!again.result.tests.empty());
  BOOST_TEST(to_json(again.result)["tests"][0]["rate_ml_h"].get<double>() == 2.0);
  BOOST_TEST(to_json(again.result)["tests"][0]["mean_error_pct"] == result["tests"][0]["mean_error_pct"]);
}

BOOST_AUTO_TEST_CASE(an_undeclared_param_is_refused_before_anything_is_recorded) {
  TempDir tmp{"pumprig-param"};
  RunOptions o = options("scenarios/bench-check-5mlh.yaml", tmp.path() / "run");
  o.no_control = true;
  o.parameters = parse_parameter_options({"rte=2 ml/h"});
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitUsage);
  BOOST_TEST(r.err.find("declares no parameter 'rte' (did you mean 'rate'?)") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(tmp.path() / "run"));
}

BOOST_AUTO_TEST_CASE(a_run_of_a_contradictory_scenario_is_refused_by_the_linter) {
  TempDir tmp{"pumprig-lint"};
  std::string text = read_text(source_path("scenarios/bench-check-5mlh.yaml"));
  text.replace(text.find("    rate: \"${rate}\""), 19, "    rate: 2 ml/h");
  write_text(tmp.path() / "mismatch.yaml", text);
  RunOptions o = options(tmp.path() / "mismatch.yaml", tmp.path() / "run");
  o.no_control = true;
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitUsage);
  BOOST_TEST(r.err.find("mismatch.yaml:25:5: the accuracy analysis is judged against 2 ml/h, but set_pump (line 18) runs "
                        "the pump at 5 ml/h during its analysis period (30 min to 60 min)") != std::string::npos,
             r.err);
  BOOST_TEST(!fs::exists(tmp.path() / "run"));
}

BOOST_AUTO_TEST_CASE(a_matrix_suite_makes_one_run_per_parameter_set_each_in_its_own_folder) {
  TempDir tmp{"pumprig-matrix"};
  write_text(tmp.path() / "matrix.yaml",
             "schema: pumprig.suite/1\nid: matrix\nscenarios:\n  - scenario: " + source_path("scenarios/occlusion-25mlh-low.yaml").string() +
                 "\n    matrix: { rate: [5 ml/h, 25 ml/h], level: [low, high] }\n");
  RunOptions o;
  o.fixture_path = one_station_sim_bench_path().string();
  o.scenario_path = (tmp.path() / "matrix.yaml").string();
  o.out_dir = (tmp.path() / "out").string();
  o.quiet = true;
  o.no_control = true;
  std::ostringstream out, err;
  const SuiteReport suite = run_suite(o, out, err);
  BOOST_TEST_REQUIRE(suite.runs.size() == 4u, err.str());  // 2 rates x 2 levels

  struct Expected {
    std::string display, folder;
    double rate;
    std::string level;
  };
  const std::vector<Expected> expected{
      {"occlusion-25mlh-low[rate=5 ml/h,level=low]", "occlusion-25mlh-low-rate5mlh-levellow", 5, "low"},
      {"occlusion-25mlh-low[rate=5 ml/h,level=high]", "occlusion-25mlh-low-rate5mlh-levelhigh", 5, "high"},
      {"occlusion-25mlh-low[rate=25 ml/h,level=low]", "occlusion-25mlh-low-rate25mlh-levellow", 25, "low"},
      {"occlusion-25mlh-low[rate=25 ml/h,level=high]", "occlusion-25mlh-low-rate25mlh-levelhigh", 25, "high"}};
  std::set<std::string> run_ids;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [display, report] = suite.runs[i];
    BOOST_TEST(display == expected[i].display);
    BOOST_TEST(report.run_dir == tmp.path() / "out" / expected[i].folder);
    BOOST_TEST(out.str().find("] " + expected[i].display + "\n") != std::string::npos, out.str());
    const nlohmann::json result = read_json(report.run_dir / "result.json");
    BOOST_TEST_REQUIRE(result["tests"].size() == 1u, result.dump());
    BOOST_TEST(result["tests"][0]["rate_ml_h"].get<double>() == expected[i].rate);
    BOOST_TEST(result["tests"][0]["threshold"] == expected[i].level);
    const nlohmann::json run_json = read_json(report.run_dir / "run.json");
    BOOST_TEST(run_json["scenario"]["parameters"]["level"] == expected[i].level);
    BOOST_TEST(run_json["scenario"]["overridden_parameters"] == nlohmann::json::array({"rate", "level"}));
    run_ids.insert(run_json["run_id"].get<std::string>());
  }
  BOOST_TEST(run_ids.size() == expected.size());  // distinct ids in one run index
  // The summary lists each run by its parameters.
  BOOST_TEST(out.str().find("occlusion-25mlh-low[rate=25 ml/h,level=high] ") != std::string::npos, out.str());
}

BOOST_AUTO_TEST_SUITE_END()
