// The test kinds as modules: the scenario loader takes its analysis keys from the registry, the
// analyses come in the registry's order, and each kind analyses a station from its record alone.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "rig/config/fixture.hpp"
#include "rig/config/embedded_fixture.hpp"
#include "rig/kinds/accuracy/accuracy_kind.hpp"
#include "rig/kinds/accuracy/accuracy_spec.hpp"
#include "rig/kinds/free_flow/free_flow_kind.hpp"
#include "rig/kinds/occlusion/occlusion_kind.hpp"
#include "rig/kinds/registry.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

// Occlusion and free flow in one scenario, the free-flow block written first.
const Lines kBoth = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: both",
    /* 3 */ "title: Occlusion then free flow",
    /* 4 */ "applies_to: [volumetric]",
    /* 5 */ "steps:",
    /* 6 */ "  - set_pump: { rate: 25 ml/h, occlusion_level: low }",
    /* 7 */ "  - start_pump",
    /* 8 */ "  - occlude",
    /* 9 */ "  - wait_until: { pump_alarm: true, timeout: 30 min }",
    /* 10 */ "  - stop_pump",
    /* 11 */ "  - release",
    /* 12 */ "  - collect: 2 min",
    /* 13 */ "  - open_door",
    /* 14 */ "  - wait: 1 min",
    /* 15 */ "  - close_door",
    /* 16 */ "analysis:",
    /* 17 */ "  free_flow: { head_height: 80 cm }",
    /* 18 */ "  occlusion: { limits: { bolus: 0.5 ml } }",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(kinds_as_modules)

BOOST_AUTO_TEST_CASE(registry_lists_each_kind_once_and_finds_it_by_name) {
  std::vector<std::string> names;
  for (const TestKind* k : test_kinds()) names.emplace_back(k->name());
  BOOST_TEST(names == (std::vector<std::string>{"accuracy", "occlusion", "free_flow"}), boost::test_tools::per_element());
  for (const TestKind* k : test_kinds()) BOOST_TEST(find_test_kind(k->name()) == k);
  BOOST_TEST(find_test_kind("dose_error") == nullptr);
  BOOST_TEST(analysis_block_parsers().size() == test_kinds().size());
}

BOOST_AUTO_TEST_CASE(analysis_keys_come_from_the_registry) {
  EXPECT_WHAT(ConfigError, load_scenario_text(join(replace_line(kBoth, 17, "  free_flw: { head_height: 80 cm }")), "s.yaml"),
              "s.yaml:17:3: unknown key 'free_flw' in analysis (did you mean 'free_flow'?)");
  EXPECT_WHAT(ConfigError, load_scenario_text(join(replace_line(kBoth, 17, "  dose_error: {}")), "s.yaml"),
              "s.yaml:17:3: unknown key 'dose_error' in analysis (allowed: 'accuracy', 'occlusion' and 'free_flow')");
  // Without the registry's readers the scenario model knows no analysis at all.
  EXPECT_WHAT(ConfigError, read_scenario_text(join(kBoth), "s.yaml", {}),
              "s.yaml:17:3: unknown key 'free_flow' in analysis (allowed: )");
}

BOOST_AUTO_TEST_CASE(analyses_follow_the_registry_order_not_the_file) {
  const Scenario s = load_scenario_text(join(kBoth), "s.yaml");
  BOOST_TEST_REQUIRE(s.analyses.size() == 2u);
  BOOST_TEST(s.analyses[0]->kind == "occlusion");
  BOOST_TEST(to_string(s.analyses[0]->where) == "s.yaml:18:14");
  BOOST_TEST(s.analyses[1]->kind == "free_flow");
  BOOST_TEST(s.analysis<AccuracySpec>() == nullptr);
  BOOST_TEST(s.analysis<OcclusionSpec>()->bolus_limit_ml.value_or(0) == 0.5);
  BOOST_TEST(s.analysis<FreeFlowSpec>()->head_height_cm == 80.0);
}

BOOST_AUTO_TEST_CASE(a_kind_checks_the_steps_it_needs) {
  EXPECT_WHAT(ConfigError, load_scenario_text(join(erase_line(kBoth, 13)), "s.yaml"),
              "s.yaml:16:14: the free_flow analysis needs an 'open_door' step");
}

BOOST_AUTO_TEST_CASE(test_ids_name_the_station_and_the_kind) {
  BOOST_TEST(test_id("free_flow", "station-2") == "station-2-free-flow");
  BOOST_TEST(test_id("accuracy", "station-1") == "station-1-accuracy");
}

BOOST_AUTO_TEST_CASE(a_station_that_never_started_is_inconclusive_with_a_note) {
  const Fixture fixture = load_fixture_text(std::string(embedded_default_fixture()), kEmbeddedFixtureName);
  const Scenario s = load_scenario_text(join(kBoth), "s.yaml");
  StationRecord st;
  st.id = fixture.stations.at(0).id;
  for (const auto& spec : s.analyses) {
    const AnalysedTest t = find_test_kind(spec->kind)->analyse(st, *spec, fixture, s);
    BOOST_TEST(t.test.kind == spec->kind);
    BOOST_TEST(t.test.station == st.id);
    BOOST_TEST((t.test.verdict == Verdict::inconclusive));
    BOOST_TEST_REQUIRE(t.test.notes.size() >= 1u);
    BOOST_TEST(t.terminal_detail.empty());
  }
}

// A test result whose kind fields are `fields`.
TestResult with_fields(nlohmann::json fields) {
  TestResult t;
  t.fields = std::move(fields);
  return t;
}

BOOST_AUTO_TEST_CASE(summaries_read_the_json_and_say_what_is_missing) {
  const OcclusionKind occlusion;
  BOOST_TEST(occlusion.summary(with_fields({{"threshold", "low"}, {"time_to_alarm_s", 61.25}, {"bolus_ml", nullptr}})) ==
             " (threshold low: alarm after 61.2 s at n/a mmHg, peak n/a mmHg, bolus n/a ml)");
  const FreeFlowKind free_flow;
  BOOST_TEST(free_flow.summary(with_fields({{"duration_s", 60.0}, {"volume_ml", 1.5}, {"peak_flow_ml_h", 90.04}})) ==
             " (door open 60 s: 1.500 ml, peak 90.0 ml/h)");
  BOOST_TEST(AccuracyKind().summary(TestResult{}) == "");
  // A volume that rounds to zero from below is zero on the terminal, not "-0.000" (issue 15).
  BOOST_TEST(free_flow.summary(with_fields({{"duration_s", 60.0}, {"volume_ml", -0.0002}, {"peak_flow_ml_h", -0.01}})) ==
             " (door open 60 s: 0.000 ml, peak 0.0 ml/h)");
  BOOST_TEST(free_flow.summary(with_fields({{"duration_s", 60.0}, {"volume_ml", -0.0012}, {"peak_flow_ml_h", 0.0}})) ==
             " (door open 60 s: -0.001 ml, peak 0.0 ml/h)");
}

BOOST_AUTO_TEST_CASE(a_station_record_reads_forged_event_types_as_absent_never_throws) {
  RunFolderContents record;
  record.events = {
      nlohmann::json::parse(R"({"source": "station-1", "kind": 5, "data": {"status": "finished"}})"),
      nlohmann::json::parse(R"({"source": "station-1", "kind": "station", "data": {"status": 7, "reason": []}})"),
      nlohmann::json::parse(R"({"source": "station-1", "kind": "fault", "data": {"deviation": {"what": 3, "t_s": "x"}}})"),
      nlohmann::json::parse(R"({"source": "station-1", "kind": "check_weight", "data": {"name": 1, "verdict": "pass", "limit": "bad"}})"),
  };
  StationRecord st;
  BOOST_REQUIRE_NO_THROW(st = read_station_record(record, "station-1"));
  BOOST_TEST((st.status == RunStatus::aborted));  // a status that is no word is never 'finished'
  BOOST_REQUIRE_EQUAL(st.deviations.size(), 1u);
  BOOST_TEST(!st.deviations[0].t_s.has_value());
  BOOST_REQUIRE_EQUAL(st.checks.size(), 1u);
  BOOST_TEST((st.checks[0].verdict == Verdict::pass));
  BOOST_TEST(st.checks[0].name.empty());
}

BOOST_AUTO_TEST_SUITE_END()
