// A suite entry's matrix or parameter list: one run per parameter set, in a known order, each
// named by its parameters; and the --param values of a suite run.
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "rig/config/suite_expansion.hpp"
#include "rig/kinds/suite_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kScenarios = std::string(PUMPRIG_SOURCE_DIR) + "/scenarios";
const std::string kSuite = kScenarios + "/x-suite.yaml";  // never read: the text is given

Suite suite(const Lines& entries) {
  return load_suite_text(join(append({"schema: pumprig.suite/1", "id: s", "scenarios:"}, entries)), kSuite);
}

const ScenarioDeclaration kOcclusion{"occlusion-25mlh-low", {{"rate", "25 ml/h"}, {"level", "low"}}, {kScenarios + "/occlusion-25mlh-low.yaml", 0, 0}};
const ScenarioDeclaration kAccuracy{"iec-accuracy-25mlh", {{"rate", "25 ml/h"}, {"duration", "2 h"}}, {kScenarios + "/iec-accuracy-25mlh.yaml", 0, 0}};
const ScenarioDeclaration kFreeFlow{"free-flow-80cm", {}, {kScenarios + "/free-flow-80cm.yaml", 0, 0}};

std::vector<std::string> display_ids(const std::vector<SuiteRun>& runs) {
  std::vector<std::string> out;
  for (const auto& r : runs) out.push_back(r.display_id);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suite_expansion)

BOOST_AUTO_TEST_CASE(a_matrix_runs_every_combination_first_key_slowest) {
  const Suite s = suite({/* 4 */ "  - scenario: occlusion-25mlh-low.yaml",
                         /* 5 */ "    matrix: { rate: [1 ml/h, 5 ml/h, 25 ml/h], level: [low, high] }"});
  const auto runs = expand_suite(s, {kOcclusion});
  const std::vector<std::string> expected{
      "occlusion-25mlh-low[rate=1 ml/h,level=low]",  "occlusion-25mlh-low[rate=1 ml/h,level=high]",
      "occlusion-25mlh-low[rate=5 ml/h,level=low]",  "occlusion-25mlh-low[rate=5 ml/h,level=high]",
      "occlusion-25mlh-low[rate=25 ml/h,level=low]", "occlusion-25mlh-low[rate=25 ml/h,level=high]"};
  BOOST_TEST(display_ids(runs) == expected, boost::test_tools::per_element());
  BOOST_TEST(runs[3].file_name == "occlusion-25mlh-low-rate5mlh-levelhigh");
  BOOST_TEST(runs[3].scenario_path == kScenarios + "/occlusion-25mlh-low.yaml");
  BOOST_TEST_REQUIRE(runs[3].overrides.size() == 2u);
  BOOST_TEST(runs[3].overrides[0].value == "5 ml/h");
  BOOST_TEST(runs[3].overrides[0].where.line == 5);  // the key in the matrix
  BOOST_TEST(runs[3].overrides[0].origin == "matrix rate=5 ml/h at " + kSuite + ":5:30");
  BOOST_TEST(runs[3].where.line == 4);
}

BOOST_AUTO_TEST_CASE(a_parameter_list_runs_each_set_and_plain_entries_run_once_as_written) {
  const Suite s = suite({"  - free-flow-80cm.yaml",
                         "  - scenario: iec-accuracy-25mlh.yaml",
                         "    parameters: [ {rate: 1 ml/h}, {rate: 5 ml/h, duration: 1 h} ]",
                         "  - scenario: occlusion-25mlh-low.yaml",
                         "    parameters: { level: high }",
                         "  - scenario: occlusion-25mlh-low.yaml",
                         "    matrix: { level: medium }"});
  const auto runs = expand_suite(s, {kFreeFlow, kAccuracy, kOcclusion, kOcclusion});
  const std::vector<std::string> expected{"free-flow-80cm", "iec-accuracy-25mlh[rate=1 ml/h]",
                                          "iec-accuracy-25mlh[rate=5 ml/h,duration=1 h]", "occlusion-25mlh-low[level=high]",
                                          "occlusion-25mlh-low[level=medium]"};
  BOOST_TEST(display_ids(runs) == expected, boost::test_tools::per_element());
  BOOST_TEST(runs[0].overrides.empty());
  BOOST_TEST(runs[0].file_name == "free-flow-80cm");
  BOOST_TEST(runs[2].file_name == "iec-accuracy-25mlh-rate5mlh-duration1h");
}

// A scenario listed twice runs twice, each in a folder of its own: the second must not find its
// folder taken after the first has run.
BOOST_AUTO_TEST_CASE(a_scenario_listed_twice_runs_twice_in_folders_of_their_own) {
  const Suite s = suite({"  - free-flow-80cm.yaml", "  - iec-accuracy-25mlh.yaml", "  - free-flow-80cm.yaml",
                         "  - free-flow-80cm.yaml"});
  const auto runs = expand_suite(s, {kFreeFlow, kAccuracy, kFreeFlow, kFreeFlow});
  const std::vector<std::string> expected{"free-flow-80cm", "iec-accuracy-25mlh", "free-flow-80cm #2", "free-flow-80cm #3"};
  BOOST_TEST(display_ids(runs) == expected, boost::test_tools::per_element());
  BOOST_TEST(runs[0].file_name == "free-flow-80cm");
  BOOST_TEST(runs[2].file_name == "free-flow-80cm-2");
  BOOST_TEST(runs[3].file_name == "free-flow-80cm-3");
}

BOOST_AUTO_TEST_CASE(the_default_suite_expands_to_its_scenarios_unchanged) {
  const Suite s = load_suite_file(kScenarios + "/suite.yaml");
  const auto loaded = load_suite_runs(s);
  BOOST_TEST_REQUIRE(loaded.size() == s.scenarios.size());
  for (const auto& l : loaded) {
    BOOST_TEST(l.run.display_id == l.scenario.id);
    BOOST_TEST(l.run.file_name == l.scenario.id);
    BOOST_TEST(l.scenario.overrides.empty());
  }
}

BOOST_AUTO_TEST_CASE(the_shipped_matrix_suite_makes_six_runs_with_their_values_applied) {
  const auto loaded = load_suite_runs(load_suite_file(kScenarios + "/occlusion-matrix.yaml"));
  BOOST_TEST_REQUIRE(loaded.size() == 6u);
  BOOST_TEST(*loaded[3].scenario.steps.at(2).rate_ml_h == 5.0);
  BOOST_TEST(loaded[3].run.display_id == "occlusion-1mlh-low[rate=5 ml/h,level=high]");
  BOOST_TEST(loaded[3].scenario.parameters.at("level") == "high");
}

BOOST_AUTO_TEST_CASE(an_unknown_name_in_a_matrix_is_an_error_at_its_line) {
  const Suite s = suite({/* 4 */ "  - scenario: occlusion-25mlh-low.yaml",
                         /* 5 */ "    matrix:",
                         /* 6 */ "      rate: [1 ml/h, 5 ml/h]",
                         /* 7 */ "      levle: [low, high]"});
  EXPECT_WHAT(ConfigError, expand_suite(s, {kOcclusion}),
              kSuite + ":7:7: scenario " + kScenarios +
                  "/occlusion-25mlh-low.yaml declares no parameter 'levle' (did you mean 'level'?); its parameters are "
                  "'level' and 'rate'");
}

BOOST_AUTO_TEST_CASE(a_bad_value_from_a_matrix_says_where_in_the_suite_it_was_given) {
  const Suite s = suite({/* 4 */ "  - scenario: occlusion-25mlh-low.yaml",
                         /* 5 */ "    matrix: { rate: [1 ml/h, 5 ml/x] }"});
  try {
    (void)load_suite_runs(s);
    BOOST_FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    BOOST_TEST(e.where().file == kScenarios + "/occlusion-25mlh-low.yaml");
    BOOST_TEST(e.message().find("(from parameter 'rate', given as matrix rate=5 ml/x at " + kSuite + ":5:30)") !=
                   std::string::npos,
               e.message());
  }
}

BOOST_AUTO_TEST_CASE(malformed_entries_are_errors_at_their_position) {
  EXPECT_WHAT(ConfigError,
              suite({"  - scenario: occlusion-25mlh-low.yaml", "    matrix: { rate: [1 ml/h] }", "    parameters: { rate: 1 ml/h }"}),
              kSuite + ":6:5: a suite entry takes either 'matrix' (every combination) or 'parameters' (a list of sets), not both");
  EXPECT_WHAT(ConfigError, suite({"  - scenario: occlusion-25mlh-low.yaml", "    matrix: { rate: [] }"}),
              kSuite + ":5:21: parameter 'rate' needs at least one value in the matrix");
  EXPECT_WHAT(ConfigError, suite({"  - scenario: occlusion-25mlh-low.yaml", "    matrix: [rate]"}),
              kSuite + ":5:13: 'matrix' maps parameters to lists of values, e.g. { rate: [1 ml/h, 5 ml/h], level: [low, high] }");
  EXPECT_WHAT(ConfigError, suite({"  - scenario: occlusion-25mlh-low.yaml", "    matrix: { 9rate: [1 ml/h] }"}),
              kSuite + ":5:15: parameter names use letters, digits and '_' (not starting with a digit), got '9rate'");
  EXPECT_WHAT(ConfigError, suite({"  - scenario: occlusion-25mlh-low.yaml", "    matrx: { rate: [1 ml/h] }"}),
              kSuite + ":5:5: unknown key 'matrx' in suite entry (did you mean 'matrix'?)");
  EXPECT_WHAT(ConfigError, suite({"  - matrix: { rate: [1 ml/h] }"}), kSuite + ":4:5: missing key 'scenario' in suite entry");
}

BOOST_AUTO_TEST_CASE(a_matrix_that_would_never_finish_is_refused) {
  // 10 x 10 x 11 = 1100 runs.
  const std::string ten = "[a, b, c, d, e, f, g, h, i, j]";
  EXPECT_WHAT(ConfigError,
              suite({"  - scenario: occlusion-25mlh-low.yaml",
                     "    matrix: { x: " + ten + ", y: " + ten + ", z: [a, b, c, d, e, f, g, h, i, j, k] }"}),
              kSuite + ":5:13: the matrix makes more than 1000 runs: split it over several entries or suites");
}

BOOST_AUTO_TEST_CASE(a_repeated_parameter_set_is_refused) {
  const Suite s = suite({/* 4 */ "  - scenario: occlusion-25mlh-low.yaml",
                         /* 5 */ "    parameters: [ {rate: 5 ml/h}, {rate: 5ml/h} ]"});
  EXPECT_WHAT(ConfigError, expand_suite(s, {kOcclusion}),
              kSuite + ":5:36: the parameter set rate=5ml/h repeats an earlier one of this entry (both run as "
                       "'occlusion-25mlh-low-rate5mlh')");
}

BOOST_AUTO_TEST_CASE(command_line_params_go_to_every_scenario_that_declares_them) {
  const Suite s = suite({"  - free-flow-80cm.yaml", "  - iec-accuracy-25mlh.yaml", "  - occlusion-25mlh-low.yaml"});
  const auto runs = expand_suite(s, {kFreeFlow, kAccuracy, kOcclusion}, parse_parameter_options({"rate=5 ml/h"}));
  const std::vector<std::string> expected{"free-flow-80cm", "iec-accuracy-25mlh[rate=5 ml/h]", "occlusion-25mlh-low[rate=5 ml/h]"};
  BOOST_TEST(display_ids(runs) == expected, boost::test_tools::per_element());

  EXPECT_WHAT(std::invalid_argument, expand_suite(s, {kFreeFlow, kAccuracy, kOcclusion}, parse_parameter_options({"levl=high"})),
              "--param levl=high: no scenario of suite " + kSuite +
                  " declares a parameter 'levl' (did you mean 'level'?); they declare 'duration', 'level' and 'rate'");

  const Suite m = suite({/* 4 */ "  - scenario: occlusion-25mlh-low.yaml", /* 5 */ "    matrix: { rate: [1 ml/h, 5 ml/h] }"});
  EXPECT_WHAT(ConfigError, expand_suite(m, {kOcclusion}, parse_parameter_options({"rate=2 ml/h"})),
              kSuite + ":5:15: parameter 'rate' is given both here and by --param: drop one");
  const auto with_level = expand_suite(m, {kOcclusion}, parse_parameter_options({"level=high"}));
  BOOST_TEST(with_level[1].display_id == "occlusion-25mlh-low[level=high,rate=5 ml/h]");
}

BOOST_AUTO_TEST_SUITE_END()
