// The linter: an analysis whose rate or alarm limit contradicts the steps is found at the
// analysis key, naming the step; consistent scenarios (every shipped one) have no finding.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "rig/config/scenario_lint.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/fixture.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/kinds/suite_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kFile = "scenarios/x.yaml";

// The example: the analysis is written for 2 ml/h, the pump is set to 1 ml/h.
const Lines kAccuracy = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: mismatch",
    /* 3 */ "title: Mismatch",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "steps:",
    /* 6 */ "  - tare",
    /* 7 */ "  - set_pump: { rate: 1 ml/h }",
    /* 8 */ "  - start_pump",
    /* 9 */ "  - record: 2 h",
    /* 10 */ "  - stop_pump",
    /* 11 */ "analysis:",
    /* 12 */ "  accuracy:",
    /* 13 */ "    rate: 2 ml/h",
};

const Lines kOcclusion = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: occ",
    /* 3 */ "title: Occlusion",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "steps:",
    /* 6 */ "  - tare",
    /* 7 */ "  - set_pump: { rate: 25 ml/h, occlusion_level: low }",
    /* 8 */ "  - start_pump",
    /* 9 */ "  - wait: 5 min",
    /* 10 */ "  - occlude",
    /* 11 */ "  - wait_until: { pump_alarm: true, timeout: 30 min }",
    /* 12 */ "  - stop_pump",
    /* 13 */ "  - release",
    /* 14 */ "  - collect: 2 min",
    /* 15 */ "analysis:",
    /* 16 */ "  occlusion:",
    /* 17 */ "    rate: 25 ml/h",
    /* 18 */ "    limits: { time_to_alarm: 10 min }",
};

std::vector<LintFinding> lint(const Lines& lines) { return lint_scenario(load_scenario_text(join(lines), kFile)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_lint)

BOOST_AUTO_TEST_CASE(an_accuracy_rate_other_than_set_pump_is_found_at_the_analysis_key) {
  const auto findings = lint(kAccuracy);
  BOOST_TEST_REQUIRE(findings.size() == 1u);
  BOOST_TEST(findings[0].text() ==
             "scenarios/x.yaml:13:5: the accuracy analysis is judged against 2 ml/h, but set_pump (line 7) runs the pump "
             "at 1 ml/h during its analysis period (60 min to 120 min): every result would be off by about -50.0 %; give "
             "both the same rate (e.g. \"${rate}\")");
  // A run is refused with the same text.
  EXPECT_WHAT(ConfigError, check_scenario_lint(load_scenario_text(join(kAccuracy), kFile)), findings[0].text());
}

BOOST_AUTO_TEST_CASE(the_same_rate_in_other_words_or_by_parameter_is_no_finding) {
  BOOST_TEST(lint(replace_line(kAccuracy, 13, "    rate: 1 ml/h")).empty());
  BOOST_TEST(lint(replace_line(kAccuracy, 13, "    rate: 1000 ul/h")).empty());
  BOOST_TEST(lint(erase_line(kAccuracy, 13)).empty());  // no rate written: the set_pump rate
  const Lines by_parameter = append(replace_line(replace_line(kAccuracy, 7, "  - set_pump: { rate: \"${rate}\" }"), 13,
                                                 "    rate: \"${rate}\""),
                                    {"parameters: { rate: 3 ml/h }"});
  BOOST_TEST(lint(by_parameter).empty());
}

BOOST_AUTO_TEST_CASE(only_the_rate_during_the_analysis_period_counts) {
  // 1 ml/h for the first hour, 2 ml/h for the second: the second hour is judged at 2 ml/h.
  const Lines two_rates = {"schema: pumprig.scenario/1", "id: two", "title: Two", "applies_to: [syringe]", "steps:",
                           /* 6 */ "  - set_pump: { rate: 1 ml/h }", "  - start_pump", "  - record: 1 h",
                           /* 9 */ "  - set_pump: { rate: 2 ml/h }", "  - record: 1 h", "  - stop_pump", "analysis:",
                           "  accuracy:", /* 14 */ "    rate: 2 ml/h", "    analysis_period: [60 min, 120 min]",
                           "    observation_windows: [2 min]"};
  BOOST_TEST(lint(two_rates).empty());
  const auto early = lint(replace_line(two_rates, 15, "    analysis_period: [30 min, 90 min]"));
  BOOST_TEST_REQUIRE(early.size() == 1u);
  BOOST_TEST(early[0].where.line == 14);
  BOOST_TEST(early[0].message.find("set_pump (line 6) runs the pump at 1 ml/h") != std::string::npos, early[0].message);
  BOOST_TEST(early[0].message.find("+-50.0 %") == std::string::npos);
  BOOST_TEST(early[0].message.find("-50.0 %") != std::string::npos, early[0].message);
}

BOOST_AUTO_TEST_CASE(an_occlusion_rate_other_than_set_pump_at_the_occlusion_is_found) {
  BOOST_TEST(lint(kOcclusion).empty());
  const auto findings = lint(replace_line(kOcclusion, 17, "    rate: 5 ml/h"));
  BOOST_TEST_REQUIRE(findings.size() == 1u);
  BOOST_TEST(findings[0].text() ==
             "scenarios/x.yaml:17:5: the occlusion analysis is judged against 5 ml/h, but set_pump (line 7) runs the pump "
             "at 25 ml/h when the line is occluded (line 10); give both the same rate (e.g. \"${rate}\")");
}

BOOST_AUTO_TEST_CASE(a_time_to_alarm_limit_beyond_the_alarm_timeout_is_found) {
  const auto findings = lint(replace_line(kOcclusion, 18, "    limits: { time_to_alarm: 45 min }"));
  BOOST_TEST_REQUIRE(findings.size() == 1u);
  BOOST_TEST(findings[0].text() ==
             "scenarios/x.yaml:18:15: the time_to_alarm limit 45 min is longer than the wait for the alarm (wait_until at "
             "line 11 times out after 30 min): a pump alarming in between would time out instead of passing; make the "
             "timeout at least the limit");
  // Both findings of one scenario; the run's error counts the rest.
  const Lines both = replace_line(replace_line(kOcclusion, 18, "    limits: { time_to_alarm: 45 min }"), 17, "    rate: 5 ml/h");
  BOOST_TEST(lint(both).size() == 2u);
  EXPECT_WHAT(ConfigError, check_scenario_lint(load_scenario_text(join(both), kFile)),
              lint(both)[0].text() + " (and 1 more: `pumprig check scenarios/x.yaml` lists them)");
}

BOOST_AUTO_TEST_CASE(every_shipped_scenario_and_suite_expansion_lints_clean) {
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PUMPRIG_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    if (is_suite_text(read_text_file(path))) {
      for (const auto& run : load_suite_runs(load_suite_file(path))) {
        for (const auto& f : lint_scenario(run.scenario)) BOOST_ERROR(run.run.display_id + ": " + f.text());
        ++checked;
      }
    } else {
      for (const auto& f : lint_scenario(load_scenario_file(path))) BOOST_ERROR(f.text());
      ++checked;
    }
  }
  BOOST_TEST(checked >= 18u);  // 7 scenarios, the default suite's 5 and the matrix's 6
}

BOOST_AUTO_TEST_SUITE_END()
