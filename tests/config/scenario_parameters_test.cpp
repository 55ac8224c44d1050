// --param NAME=VALUE: parsed from the command line, applied before "${name}" is read, checked by
// the rules the value would meet in the file, and naming the run.
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "rig/config/scenario_parameters.hpp"
#include "rig/kinds/accuracy/accuracy_spec.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kFile = "scenarios/x.yaml";

const Lines kScenario = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: test-scenario",
    /* 3 */ "title: Test scenario",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "parameters:",
    /* 6 */ "  rate: 25 ml/h",
    /* 7 */ "  duration: 2 h",
    /* 8 */ "steps:",
    /* 9 */ "  - tare",
    /* 10 */ "  - set_pump: { rate: \"${rate}\" }",
    /* 11 */ "  - start_pump",
    /* 12 */ "  - record: \"${duration}\"",
    /* 13 */ "  - stop_pump",
    /* 14 */ "analysis:",
    /* 15 */ "  accuracy:",
    /* 16 */ "    rate: \"${rate}\"",
};

Scenario load(const std::vector<std::string>& params) {
  return load_scenario_text(join(kScenario), kFile, parse_parameter_options(params));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_parameters)

BOOST_AUTO_TEST_CASE(a_param_replaces_the_declared_value_everywhere_it_is_used) {
  const Scenario s = load({"rate=5ml/h"});
  BOOST_TEST(*s.steps.at(1).rate_ml_h == 5.0);
  BOOST_TEST(*s.analysis<AccuracySpec>()->rate_ml_h == 5.0);
  BOOST_TEST(s.parameters.at("rate") == "5ml/h");
  BOOST_TEST(s.parameters.at("duration") == "2 h");  // not given: as declared
  BOOST_TEST_REQUIRE(s.overrides.size() == 1u);
  BOOST_TEST(parameter_overridden(s, "rate"));
  BOOST_TEST(!parameter_overridden(s, "duration"));
  BOOST_TEST(parameters_in_force(s) == "duration=2 h, rate=5ml/h (given)");
}

BOOST_AUTO_TEST_CASE(without_params_the_scenario_is_as_written) {
  const Scenario s = load({});
  BOOST_TEST(*s.steps.at(1).rate_ml_h == 25.0);
  BOOST_TEST(s.overrides.empty());
  BOOST_TEST(parameters_in_force(s) == "duration=2 h, rate=25 ml/h");
}

BOOST_AUTO_TEST_CASE(an_undeclared_name_names_the_file_and_the_declared_parameters) {
  EXPECT_WHAT(ConfigError, load({"rte=5 ml/h"}),
              "scenarios/x.yaml:5:1: --param rte=5 ml/h: scenario scenarios/x.yaml declares no parameter 'rte' (did you "
              "mean 'rate'?); its parameters are 'duration' and 'rate'");
  EXPECT_WHAT(ConfigError,
              load_scenario_text(join(erase_line(erase_line(erase_line(kScenario, 7), 6), 5)), kFile,
                                 parse_parameter_options({"volume=5 ml"})),
              "scenarios/x.yaml: --param volume=5 ml: scenario scenarios/x.yaml declares no parameter 'volume' (it has no "
              "parameters block)");
}

BOOST_AUTO_TEST_CASE(a_value_is_checked_where_it_is_used_and_says_where_it_came_from) {
  EXPECT_WHAT(ConfigError, load({"rate=5 ml/x"}),
              "scenarios/x.yaml:10:23: expected a flow rate such as '25 ml/h', got '5 ml/x': unknown unit 'ml/x' (did you "
              "mean 'ml/h'?) (from parameter 'rate', given as --param rate=5 ml/x)");
  EXPECT_WHAT(ConfigError, load({"duration=0 h"}),
              "scenarios/x.yaml:12:13: 'record' must be more than zero, got '0 h'");
  EXPECT_WHAT(ConfigError, load({"rate=${duration}"}),
              "scenarios/x.yaml:5:1: --param rate=${duration}: parameter 'rate' refers to another parameter; write its "
              "value out");
}

BOOST_AUTO_TEST_CASE(the_command_line_form_is_name_equals_value) {
  const ParameterOverride o = parse_parameter_option(" rate = 5 ml/h ");
  BOOST_TEST(o.name == "rate");
  BOOST_TEST(o.value == "5 ml/h");
  BOOST_TEST(o.origin == "--param rate=5 ml/h");
  BOOST_TEST(o.where.line == 0);
  EXPECT_WHAT(std::invalid_argument, parse_parameter_option("rate"),
              "bad --param 'rate': write NAME=VALUE, e.g. --param rate=5ml/h");
  EXPECT_WHAT(std::invalid_argument, parse_parameter_option("=5 ml/h"),
              "bad --param '=5 ml/h': the name uses letters, digits and '_' (not starting with a digit)");
  EXPECT_WHAT(std::invalid_argument, parse_parameter_option("rate="), "bad --param 'rate=': no value after '='");
  EXPECT_WHAT(std::invalid_argument, parse_parameter_options({"rate=1 ml/h", "rate=2 ml/h"}),
              "--param rate given twice ('1 ml/h' and '2 ml/h')");
}

BOOST_AUTO_TEST_CASE(given_parameters_name_the_run_for_people_and_for_folders) {
  const auto given = parse_parameter_options({"rate=5 ml/h", "level=high"});
  BOOST_TEST(run_display_id("occlusion-25mlh-low", given) == "occlusion-25mlh-low[rate=5 ml/h,level=high]");
  BOOST_TEST(run_file_name("occlusion-25mlh-low", given) == "occlusion-25mlh-low-rate5mlh-levelhigh");
  BOOST_TEST(run_file_name("x", parse_parameter_options({"rate=0.5 ml/h"})) == "x-rate0.5mlh");
  BOOST_TEST(run_file_name("x", parse_parameter_options({"note=../../etc ü"})) == "x-note....etc");
  BOOST_TEST(run_display_id("x", {}) == "x");
  BOOST_TEST(run_file_name("x", {}) == "x");
  // Long values keep a folder name a file system takes (at most 255 bytes), and distinct sets
  // stay distinct.
  const std::string a = run_file_name("x", parse_parameter_options({"note=" + std::string(300, 'a')}));
  const std::string b = run_file_name("x", parse_parameter_options({"note=" + std::string(299, 'a') + "b"}));
  BOOST_TEST(a.size() == 2u + 64u + 1u + 8u, a);
  BOOST_TEST(a != b);
  BOOST_TEST(a.substr(0, 66) == b.substr(0, 66));
}

BOOST_AUTO_TEST_SUITE_END()
