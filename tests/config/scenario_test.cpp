#include <boost/test/unit_test.hpp>

#include "rig/config/scenario.hpp"
#include "rig/kinds/accuracy/accuracy_spec.hpp"
#include "rig/kinds/occlusion/occlusion_kind.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kFile = "scenarios/x.yaml";

const Lines kBase = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: test-scenario",
    /* 3 */ "title: Test scenario",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "parameters:",
    /* 6 */ "  rate: 25 ml/h",
    /* 7 */ "  duration: 2 h",
    /* 8 */ "steps:",
    /* 9 */ "  - prompt: \"Fill the syringe for ${rate}\"",
    /* 10 */ "  - tare",
    /* 11 */ "  - set_pump: { rate: \"${rate}\", volume: 55 ml }",
    /* 12 */ "  - start_pump",
    /* 13 */ "  - record: \"${duration}\"",
    /* 14 */ "  - stop_pump",
    /* 15 */ "analysis:",
    /* 16 */ "  accuracy:",
    /* 17 */ "    sample_interval: 30 s",
    /* 18 */ "    limits:",
    /* 19 */ "      mean_error: 5 %",
};

Scenario load(const Lines& lines) { return load_scenario_text(join(lines), kFile); }

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario)

BOOST_AUTO_TEST_CASE(parameters_are_substituted_and_defaults_filled) {
  const Scenario s = load(kBase);
  BOOST_TEST(s.id == "test-scenario");
  BOOST_TEST(s.text == join(kBase));
  BOOST_TEST(s.parameters.at("rate") == "25 ml/h");
  BOOST_TEST_REQUIRE(s.steps.size() == 6u);
  BOOST_TEST((s.steps[0].kind == StepKind::prompt));
  BOOST_TEST(s.steps[0].text == "Fill the syringe for 25 ml/h");
  BOOST_TEST((s.steps[2].kind == StepKind::set_pump));
  BOOST_TEST(s.steps[2].rate_ml_h.value_or(0) == 25.0);
  BOOST_TEST(s.steps[2].volume_ml.value_or(0) == 55.0);
  BOOST_TEST(to_string(s.steps[2].rate_where) == "scenarios/x.yaml:11:23");
  BOOST_TEST(s.steps[4].duration_s == 7200.0);
  BOOST_TEST(s.total_duration_s() == 7200.0);
  BOOST_TEST(s.infusion_duration_s() == 7200.0);
  BOOST_TEST_REQUIRE(s.analysis<AccuracySpec>() != nullptr);
  const AccuracySpec& a = *s.analysis<AccuracySpec>();
  BOOST_TEST(a.rate_ml_h.value_or(0) == 25.0);  // from set_pump
  BOOST_TEST(a.sample_interval_s == 30.0);
  BOOST_TEST(a.period_start_min == 60.0);
  BOOST_TEST(a.period_end_min == 120.0);
  BOOST_TEST(a.windows_min == (std::vector<double>{2, 5, 11, 19, 31}), boost::test_tools::per_element());
  BOOST_TEST(!a.density_g_ml.has_value());
  BOOST_TEST(a.mean_error_limit_pct.value_or(0) == 5.0);
  BOOST_TEST(a.trumpet_limits_pct.empty());
}

BOOST_AUTO_TEST_CASE(typo_in_a_step_key_suggests_the_right_one) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - set_pump: { rat: 25 ml/h }")),
              "scenarios/x.yaml:11:17: unknown key 'rat' in set_pump (did you mean 'rate'?)");
}

// The loader checks the accuracy block with the analysis's own rules (integer nanoseconds, the
// grid cap): a scenario that loads can be analysed after its 2 h run, never "analysis not
// possible" then.
BOOST_AUTO_TEST_CASE(an_accuracy_block_the_analysis_would_refuse_does_not_load) {
  auto message_of = [](const Lines& lines) {
    try {
      load(lines);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  const std::string at_block = "scenarios/x.yaml:17:5: the accuracy analysis cannot run with these parameters: ";
  // 1 ms puts 60-120 min on the grid (the loader's own check) but needs 7.2 million intervals.
  const std::string fine_grid = message_of(replace_line(kBase, 17, "    sample_interval: 1 ms"));
  BOOST_TEST(fine_grid.rfind(at_block, 0) == 0u, fine_grid);
  BOOST_TEST(fine_grid.find("more than the 1000000 intervals") != std::string::npos, fine_grid);
  const std::string too_short = message_of(replace_line(kBase, 17, "    sample_interval: 0.5 ms"));
  BOOST_TEST(too_short.rfind(at_block, 0) == 0u, too_short);
  BOOST_TEST(too_short.find("at least 1 ms") != std::string::npos, too_short);
  BOOST_TEST(message_of(kBase) == "loaded");
}

BOOST_AUTO_TEST_CASE(unknown_key_at_top_level) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 3, "titel: Test scenario")),
              "scenarios/x.yaml:3:1: unknown key 'titel' in scenario (did you mean 'title'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 17, "    sampling: 30 s")),
              "scenarios/x.yaml:17:5: unknown key 'sampling' in accuracy (allowed: 'rate', 'sample_interval', "
              "'analysis_period', 'observation_windows', 'density', 'evaporation', 'startup_tolerance' and "
              "'limits')");
}

BOOST_AUTO_TEST_CASE(unknown_step_suggests_a_known_one) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 10, "  - tsre")),
              "scenarios/x.yaml:10:5: unknown step 'tsre' (did you mean 'tare'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "  - recrod: 2 h")),
              "scenarios/x.yaml:13:5: unknown step 'recrod' (did you mean 'record'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 10, "  - dance")),
              "scenarios/x.yaml:10:5: unknown step 'dance'; steps are 'prompt', 'tare', 'zero', 'check_weight', "
              "'set_pump', 'start_pump', 'stop_pump', 'record', 'wait', 'occlude', 'release', 'wait_until', 'open_door', "
              "'close_door' or 'collect'");
}

BOOST_AUTO_TEST_CASE(start_pump_takes_a_startup_allowance) {
  BOOST_TEST(!load(kBase).steps.at(3).startup_allowance_s.has_value());
  const Scenario s = load(replace_line(kBase, 12, "  - start_pump: { startup_allowance: 20 min }"));
  BOOST_TEST(s.steps.at(3).startup_allowance_s.value_or(0) == 1200.0);
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 12, "  - start_pump: { startup_alowance: 20 min }")),
              "scenarios/x.yaml:12:19: unknown key 'startup_alowance' in start_pump (did you mean 'startup_allowance'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 12, "  - start_pump: { startup_allowance: 20 ml }")),
              "scenarios/x.yaml:12:38: expected a duration such as '30 s', got '20 ml' (a volume)");
}

BOOST_AUTO_TEST_CASE(step_shape_errors) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "  - record")),
              "scenarios/x.yaml:13:5: step 'record' needs a value, e.g. 'record: 2 h'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 10, "  - tare: 5 s")),
              "scenarios/x.yaml:10:11: step 'tare' takes no values (write '- tare')");
  // The classic indentation slip: the values sit beside the step name instead of under it.
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - set_pump:\n    rate: 25 ml/h")),
              "scenarios/x.yaml:11:5: a step is a one-key map, got 2 keys ('set_pump' and 'rate'): indent the step's "
              "values under 'set_pump' or start each step with '-'");
}

BOOST_AUTO_TEST_CASE(bad_unit_and_wrong_dimension) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "  - record: 2 hx")),
              "scenarios/x.yaml:13:13: expected a duration such as '30 s', got '2 hx': unknown unit 'hx' (did you mean "
              "'h'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - set_pump: { rate: 25 ml }")),
              "scenarios/x.yaml:11:23: expected a flow rate such as '25 ml/h', got '25 ml' (a volume)");
  // Through a parameter: reported where it is used, naming where it came from.
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 6, "  rate: 25 ml")),
              "scenarios/x.yaml:11:23: expected a flow rate such as '25 ml/h', got '25 ml' (a volume) (from "
              "parameter 'rate', line 6)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - set_pump: { rate: 0 ml/h }")),
              "scenarios/x.yaml:11:23: 'rate' must be more than zero, got '0 ml/h'");
}

BOOST_AUTO_TEST_CASE(missing_field_is_reported_at_the_step) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - set_pump: { volume: 55 ml }")),
              "scenarios/x.yaml:11:15: missing key 'rate' in set_pump");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 11, "  - check_weight: { mass: 50 g }")),
              "scenarios/x.yaml:11:19: missing key 'tolerance' in check_weight");
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 3)), "scenarios/x.yaml:1:1: missing key 'title' in scenario");
}

BOOST_AUTO_TEST_CASE(missing_schema_and_wrong_schema_version) {
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 1)),
              "scenarios/x.yaml:1:1: missing key 'schema' in scenario (the first line should be 'schema: "
              "pumprig.scenario/1')");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.scenario/7")),
              "scenarios/x.yaml:1:9: unsupported schema version 'pumprig.scenario/7': this pumprig reads "
              "'pumprig.scenario/1'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.scenario")),
              "scenarios/x.yaml:1:9: schema 'pumprig.scenario' has no version: write 'pumprig.scenario/1'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.scenrio/1")),
              "scenarios/x.yaml:1:9: unknown schema 'pumprig.scenrio/1': expected 'pumprig.scenario/1'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.fixture/1")),
              "scenarios/x.yaml:1:9: this is a fixture file (schema 'pumprig.fixture/1'), expected a scenario "
              "('pumprig.scenario/1')");
}

BOOST_AUTO_TEST_CASE(unknown_parameter_suggests_a_defined_one) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "  - record: \"${duraton}\"")),
              "scenarios/x.yaml:13:13: unknown parameter '${duraton}' (did you mean 'duration'?); parameters are "
              "'duration' and 'rate'");
}

BOOST_AUTO_TEST_CASE(analysis_period_must_fit_the_recording) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 7, "  duration: 90 min")),
              "scenarios/x.yaml:17:5: analysis period ends at 120 min but the pump runs for only 90 min (record and "
              "wait steps after start_pump)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 17, "    analysis_period: [60 min, 150 min]")),
              "scenarios/x.yaml:17:22: analysis period ends at 150 min but the pump runs for only 120 min (record "
              "and wait steps after start_pump)");
}

BOOST_AUTO_TEST_CASE(observation_windows_on_the_sample_grid_and_shorter_than_the_period) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 17, "    observation_windows: [2 min, 45 s]")),
              "scenarios/x.yaml:17:34: observation window 0.75 min is not a multiple of the sample interval (30 s)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 17, "    observation_windows: [2 min, 1 h]")),
              "scenarios/x.yaml:17:34: observation window 60 min must be shorter than the analysis period (60 min)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 19, "      trumpet: { 2 min: 10 %, 3 min: 8 % }")),
              "scenarios/x.yaml:19:31: trumpet limit for a 3 min window, but the observation windows are 2 min, 5 "
              "min, 11 min, 19 min, 31 min");
}

BOOST_AUTO_TEST_CASE(full_accuracy_block) {
  const Scenario s = load(append(erase_line(erase_line(erase_line(kBase, 19), 18), 17),
                                 {
                                     "    rate: 24 ml/h",
                                     "    sample_interval: 1 min",
                                     "    analysis_period: [30 min, 2 h]",
                                     "    observation_windows: [5 min, 2 min]",
                                     "    density: 1.0 g/ml",
                                     "    evaporation: 0.5 mg/h",
                                     "    startup_tolerance: 3 %",
                                     "    limits:",
                                     "      trumpet: { 5 min: 8 %, 2 min: 10 % }",
                                 }));
  BOOST_TEST_REQUIRE(s.analysis<AccuracySpec>() != nullptr);
  const AccuracySpec& a = *s.analysis<AccuracySpec>();
  BOOST_TEST(a.rate_ml_h.value_or(0) == 24.0);
  BOOST_TEST(a.sample_interval_s == 60.0);
  BOOST_TEST(a.period_start_min == 30.0);
  BOOST_TEST(a.period_end_min == 120.0);
  BOOST_TEST(a.windows_min == (std::vector<double>{2, 5}), boost::test_tools::per_element());
  BOOST_TEST(a.density_g_ml.value_or(0) == 1.0);
  BOOST_TEST(a.evaporation_mg_h == 0.5);
  BOOST_TEST(a.startup_tolerance_pct == 3.0);
  BOOST_TEST(!a.mean_error_limit_pct.has_value());
  BOOST_TEST_REQUIRE(a.trumpet_limits_pct.size() == 2u);
  BOOST_TEST(a.trumpet_limits_pct[0].first == 2.0);
  BOOST_TEST(a.trumpet_limits_pct[0].second == 10.0);
  BOOST_TEST(a.trumpet_limits_pct[1].first == 5.0);
}

BOOST_AUTO_TEST_CASE(prompt_map_form_and_wait_and_check_weight) {
  const Scenario s = load(replace_line(kBase, 10, "  - prompt: { text: Place the 50 g weight, action: place_check_weight }\n"
                                                  "  - check_weight: { mass: 50 g, tolerance: 0.5 mg }\n"
                                                  "  - zero\n"
                                                  "  - wait: 30 s"));
  BOOST_TEST_REQUIRE(s.steps.size() == 9u);
  BOOST_TEST(s.steps[1].text == "Place the 50 g weight");
  BOOST_TEST(s.steps[1].action == "place_check_weight");
  BOOST_TEST((s.steps[2].kind == StepKind::check_weight));
  BOOST_TEST(s.steps[2].mass_g == 50.0);
  BOOST_TEST(s.steps[2].tolerance_g == 0.0005);
  BOOST_TEST((s.steps[3].kind == StepKind::zero));
  BOOST_TEST(s.steps[4].duration_s == 30.0);
  BOOST_TEST(s.total_duration_s() == 7230.0);   // the wait comes before start_pump
  BOOST_TEST(s.infusion_duration_s() == 7200.0);
}

BOOST_AUTO_TEST_CASE(start_before_set_and_ambiguous_rate) {
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 11)),
              "scenarios/x.yaml:11:5: start_pump before any set_pump: the pump would run at whatever rate it was left "
              "at");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "  - record: 1 h\n  - set_pump: { rate: 5 ml/h }\n  - record: 1 h")),
              "scenarios/x.yaml:19:5: the scenario sets several rates ('25 ml/h' and '5 ml/h'): say which one the "
              "accuracy analysis uses with 'rate'");
}

BOOST_AUTO_TEST_CASE(shipped_scenarios_load_with_the_expected_values) {
  struct Expect {
    const char* file;
    const char* id;
    double rate_ml_h;
    double tolerance_g;
    std::vector<PumpClass> classes;
  };
  const Expect expects[] = {
      {"/scenarios/iec-accuracy-25mlh.yaml", "iec-accuracy-25mlh", 25.0, 0.0005, {PumpClass::syringe, PumpClass::volumetric}},
      {"/scenarios/iec-accuracy-1mlh.yaml", "iec-accuracy-1mlh", 1.0, 0.0002, {PumpClass::syringe}},
  };
  for (const auto& e : expects) {
    BOOST_TEST_CONTEXT(e.file) {
      const Scenario s = load_scenario_file(std::string(PUMPRIG_SOURCE_DIR) + e.file);
      BOOST_TEST(s.id == e.id);
      BOOST_TEST((s.applies_to == e.classes));
      std::vector<StepKind> kinds;
      for (const auto& st : s.steps) kinds.push_back(st.kind);
      const std::vector<StepKind> expected_kinds{StepKind::prompt,     StepKind::tare,   StepKind::check_weight,
                                                 StepKind::set_pump,   StepKind::start_pump, StepKind::record,
                                                 StepKind::stop_pump};
      BOOST_TEST((kinds == expected_kinds));
      BOOST_TEST(s.steps[2].mass_g == 50.0);
      BOOST_TEST(s.steps[2].tolerance_g == e.tolerance_g);
      BOOST_TEST(s.steps[3].rate_ml_h.value_or(0) == e.rate_ml_h);
      BOOST_TEST(s.total_duration_s() == 7200.0);
      BOOST_TEST(s.parameters.at("duration") == "2 h");
      BOOST_TEST_REQUIRE(s.analysis<AccuracySpec>() != nullptr);
      const AccuracySpec* accuracy = s.analysis<AccuracySpec>();
      BOOST_TEST(accuracy->rate_ml_h.value_or(0) == e.rate_ml_h);
      BOOST_TEST(accuracy->period_start_min == 60.0);
      BOOST_TEST(accuracy->period_end_min == 120.0);
      BOOST_TEST(accuracy->windows_min == (std::vector<double>{2, 5, 11, 19, 31}), boost::test_tools::per_element());
      BOOST_TEST(accuracy->mean_error_limit_pct.value_or(0) == 5.0);
      BOOST_TEST(accuracy->trumpet_limits_pct.size() == 5u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(occlusion_steps)

const Lines kOcclusion = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: occ",
    /* 3 */ "title: Occlusion",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "steps:",
    /* 6 */ "  - set_pump: { rate: 25 ml/h, occlusion_level: low }",
    /* 7 */ "  - start_pump",
    /* 8 */ "  - wait: 5 min",
    /* 9 */ "  - occlude",
    /* 10 */ "  - wait_until: { pump_alarm: true, timeout: 30 min }",
    /* 11 */ "  - stop_pump",
    /* 12 */ "  - release",
    /* 13 */ "  - collect: { until_pressure_below: 10 mmHg, timeout: 5 min, settle: 10 s }",
    /* 14 */ "analysis:",
    /* 15 */ "  occlusion:",
    /* 16 */ "    limits: { time_to_alarm: 10 min, bolus: 0.5 ml, peak_pressure: 1200 mmHg }",
};

BOOST_AUTO_TEST_CASE(steps_conditions_and_limits_are_read) {
  const Scenario s = load(kOcclusion);
  BOOST_TEST_REQUIRE(s.steps.size() == 8u);
  BOOST_TEST(to_string(*s.steps[0].occlusion_level) == std::string("low"));
  BOOST_TEST((s.steps[3].kind == StepKind::occlude));
  BOOST_TEST((s.steps[4].condition->kind == WaitKind::pump_alarm));
  BOOST_TEST(s.steps[4].timeout_s == 1800.0);
  BOOST_TEST(s.steps[7].until_pressure_below_mmhg.value_or(0) == 10.0);
  BOOST_TEST(s.steps[7].duration_s == 300.0);
  BOOST_TEST(s.steps[7].settle_s == 10.0);
  BOOST_TEST(s.needs_io_board());
  const OcclusionSpec* occlusion = s.analysis<OcclusionSpec>();
  BOOST_TEST_REQUIRE(occlusion != nullptr);
  BOOST_TEST(occlusion->kind == "occlusion");
  BOOST_TEST(s.analyses.size() == 1u);
  BOOST_TEST(occlusion->time_to_alarm_limit_s.value_or(0) == 600.0);
  BOOST_TEST(occlusion->bolus_limit_ml.value_or(0) == 0.5);
  BOOST_TEST(occlusion->peak_pressure_limit_mmhg.value_or(0) == 1200.0);
  BOOST_TEST(!load(kBase).needs_io_board());
}

BOOST_AUTO_TEST_CASE(pressure_and_mass_conditions) {
  const Scenario p = load(replace_line(kOcclusion, 10, "  - wait_until: { pressure_above: 40 kPa, timeout: 30 min }"));
  BOOST_TEST(std::abs(p.steps[4].condition->value - 300.02) < 0.01);
  const Scenario m = load(replace_line(kOcclusion, 10, "  - wait_until: { mass_change: 2 g, timeout: 1 min }"));
  BOOST_TEST((m.steps[4].condition->kind == WaitKind::mass_change));
  BOOST_TEST(m.steps[4].condition->value == 2.0);
  const Scenario c = load(replace_line(kOcclusion, 13, "  - collect: 2 min"));
  BOOST_TEST(c.steps[7].duration_s == 120.0);
  BOOST_TEST(!c.steps[7].until_pressure_below_mmhg.has_value());
}

BOOST_AUTO_TEST_CASE(mistakes_are_named_where_they_are) {
  EXPECT_WHAT(ConfigError, load(replace_line(kOcclusion, 10, "  - wait_until: { pump_alarms: true, timeout: 30 min }")),
              "scenarios/x.yaml:10:19: unknown key 'pump_alarms' in wait_until (did you mean 'pump_alarm'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kOcclusion, 10, "  - wait_until: { pump_alarm: true }")),
              "scenarios/x.yaml:10:17: missing key 'timeout' in wait_until");
  EXPECT_WHAT(ConfigError,
              load(replace_line(kOcclusion, 10, "  - wait_until: { pump_alarm: true, pressure_above: 1 mmHg, timeout: 1 min }")),
              "scenarios/x.yaml:10:37: wait_until takes one condition, got 'pump_alarm' and 'pressure_above'");
  EXPECT_WHAT(ConfigError, load(replace_line(kOcclusion, 6, "  - set_pump: { rate: 25 ml/h, occlusion_level: lowest }")),
              "scenarios/x.yaml:6:49: unknown occlusion level 'lowest'; expected 'low', 'medium' or 'high'");
  EXPECT_WHAT(ConfigError, load(erase_line(kOcclusion, 12)),
              "scenarios/x.yaml:15:5: the occlusion analysis needs a 'release' step (occlude, wait for the alarm, release, "
              "collect the bolus)");
}

BOOST_AUTO_TEST_CASE(limits_carry_their_source_and_the_scenario_its_decision_rule) {
  Lines l = kBase;
  l.insert(l.begin() + 18, "      source: \"manufacturer's stated accuracy, IFU rev C\"");
  l.insert(l.begin() + 4, "decision_rule: guarded");
  const Scenario s = load(l);
  BOOST_TEST((s.decision_rule == DecisionRule::guarded));
  const auto* a = s.analysis<AccuracySpec>();
  BOOST_REQUIRE(a);
  BOOST_TEST(a->limit_source == "manufacturer's stated accuracy, IFU rev C");
  // Default: simple acceptance, no source.
  BOOST_TEST((load(kBase).decision_rule == DecisionRule::simple));
  BOOST_TEST(load(kBase).analysis<AccuracySpec>()->limit_source.empty());
  Lines typo = kBase;
  typo.insert(typo.begin() + 4, "decision_rule: guarde");
  EXPECT_WHAT(ConfigError, load(typo),
              "scenarios/x.yaml:5:16: unknown decision rule 'guarde' (did you mean 'guarded'?); expected 'simple' or 'guarded'");
}

BOOST_AUTO_TEST_SUITE_END()
