#include <boost/test/unit_test.hpp>

#include <utility>
#include <vector>

#include "rig/config/validate.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const Lines kFixture = {
    "schema: pumprig.fixture/1",
    "name: Test bench",
    "stations:",
    "  - id: station-1",
    "    balance: { name: balance-1, driver: mtsics, connection: \"sim:\" }",
    "    pump:",
    "      name: pump-1",
    "      driver: ne1000",
    "      class: syringe",
    "      connection: \"sim:\"",
    "      min_rate: 0.1 ml/h",
    "      max_rate: 1500 ml/h",
    "      syringe: { volume: 60 ml, inner_diameter: 26.59 mm }",
};

const Lines kScenario = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: v",
    /* 3 */ "title: Validation",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "parameters: { rate: 25 ml/h, duration: 2 h }",
    /* 6 */ "steps:",
    /* 7 */ "  - set_pump: { rate: \"${rate}\" }",
    /* 8 */ "  - start_pump",
    /* 9 */ "  - record: \"${duration}\"",
    /* 10 */ "  - stop_pump",
};

Fixture fixture() { return load_fixture_text(join(kFixture), "fixtures/test.yaml"); }
Scenario scenario(const Lines& lines) { return load_scenario_text(join(lines), "scenarios/v.yaml"); }

void check_fit(const Lines& scenario_lines) { validate_scenario_for_fixture(scenario(scenario_lines), fixture()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_CASE(a_fitting_scenario_passes) {
  BOOST_CHECK_NO_THROW(check_fit(kScenario));
  // 58 ml in a 60 ml syringe still fits.
  BOOST_CHECK_NO_THROW(check_fit(replace_line(kScenario, 5, "parameters: { rate: 29 ml/h, duration: 2 h }")));
}

BOOST_AUTO_TEST_CASE(rate_outside_the_pump_range) {
  EXPECT_WHAT(ConfigError, check_fit(replace_line(kScenario, 5, "parameters: { rate: 2000 ml/h, duration: 1 min }")),
              "scenarios/v.yaml:7:23: rate 2000 ml/h is outside the range of pump 'pump-1' on station-1 (0.1 ml/h to "
              "1500 ml/h)");
  EXPECT_WHAT(ConfigError, check_fit(replace_line(kScenario, 7, "  - set_pump: { rate: 50 ul/h }")),
              "scenarios/v.yaml:7:23: rate 0.05 ml/h is outside the range of pump 'pump-1' on station-1 (0.1 ml/h to "
              "1500 ml/h)");
}

BOOST_AUTO_TEST_CASE(more_volume_than_the_syringe_holds) {
  EXPECT_WHAT(ConfigError, check_fit(replace_line(kScenario, 5, "parameters: { rate: 25 ml/h, duration: 3 h }")),
              "scenarios/v.yaml:7:23: the scenario delivers 75 ml by line 9 (25 ml/h for 3 h), more than the 60 ml "
              "syringe of pump 'pump-1' on station-1 holds");
  EXPECT_WHAT(ConfigError, check_fit(replace_line(kScenario, 7, "  - set_pump: { rate: 25 ml/h, volume: 70 ml }")),
              "scenarios/v.yaml:7:40: volume 70 ml is more than the 60 ml syringe of pump 'pump-1' on station-1 holds");
  // A set volume stops the pump by itself: 3 h at 25 ml/h with 50 ml set delivers only 50 ml.
  BOOST_CHECK_NO_THROW(check_fit(
      replace_line(replace_line(kScenario, 5, "parameters: { rate: 25 ml/h, duration: 3 h }"), 7,
                   "  - set_pump: { rate: 25 ml/h, volume: 50 ml }")));
  // The syringe is not refilled between segments: 40 ml + 30 ml overflows in the second one.
  EXPECT_WHAT(ConfigError,
              check_fit(append(erase_line(kScenario, 10), {"  - set_pump: { rate: 15 ml/h }", "  - record: 2 h"})),
              "scenarios/v.yaml:10:23: the scenario delivers 80 ml by line 11 (25 ml/h for 2 h, then 15 ml/h for 2 h), "
              "more than the 60 ml syringe of pump 'pump-1' on station-1 holds");
  // Time after stop_pump delivers nothing.
  BOOST_CHECK_NO_THROW(check_fit(append(kScenario, {"  - wait: 10 h"})));
}

BOOST_AUTO_TEST_CASE(no_station_with_a_matching_pump_class) {
  EXPECT_WHAT(ConfigError, check_fit(replace_line(kScenario, 4, "applies_to: [volumetric]")),
              "scenarios/v.yaml:4:13: scenario applies to volumetric pumps, but fixture 'Test bench' "
              "(fixtures/test.yaml) has none (station-1: syringe)");
}

BOOST_AUTO_TEST_CASE(shipped_scenarios_fit_the_shipped_benches) {
  const std::string root = PUMPRIG_SOURCE_DIR;
  for (const char* f : {"/fixtures/sim-bench.yaml", "/fixtures/lab-bench.example.yaml"}) {
    const Fixture fx = load_fixture_file(root + f);
    for (const char* s : {"/scenarios/iec-accuracy-25mlh.yaml", "/scenarios/iec-accuracy-1mlh.yaml"}) {
      BOOST_TEST_CONTEXT(f << " + " << s) {
        const Scenario sc = load_scenario_file(root + s);
        BOOST_CHECK_NO_THROW(validate_scenario_for_fixture(sc, fx));
        BOOST_TEST(!stations_for(sc, fx).empty());
      }
    }
  }
  // The default bench: accuracy at 25 ml/h and the occlusion tests on both stations, 1 ml/h
  // accuracy on the syringe pump, free flow on the volumetric pump.
  const Fixture sim = load_fixture_file(root + "/fixtures/sim-bench.yaml");
  for (const auto& [s, n] : std::vector<std::pair<std::string, std::size_t>>{{"/scenarios/iec-accuracy-25mlh.yaml", 2},
                                                                             {"/scenarios/iec-accuracy-1mlh.yaml", 1},
                                                                             {"/scenarios/occlusion-25mlh-low.yaml", 2},
                                                                             {"/scenarios/occlusion-25mlh-high.yaml", 2},
                                                                             {"/scenarios/occlusion-1mlh-low.yaml", 2},
                                                                             {"/scenarios/free-flow-80cm.yaml", 1},
                                                                             {"/scenarios/bench-check-5mlh.yaml", 2}}) {
    BOOST_TEST_CONTEXT(s) {
      const Scenario sc = load_scenario_file(root + s);
      BOOST_CHECK_NO_THROW(validate_scenario_for_fixture(sc, sim));
      BOOST_TEST(stations_for(sc, sim).size() == n);
    }
  }
  // The lab example has no rig I/O board: an occlusion scenario is refused, naming the step.
  const Fixture lab = load_fixture_file(root + "/fixtures/lab-bench.example.yaml");
  BOOST_CHECK_THROW(validate_scenario_for_fixture(load_scenario_file(root + "/scenarios/occlusion-25mlh-low.yaml"), lab),
                    ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validate_io_board)

BOOST_AUTO_TEST_CASE(an_occlusion_step_needs_a_station_with_a_rig_io_board) {
  Lines sc = kScenario;
  sc.insert(sc.begin() + 9, "  - occlude");
  const Scenario scenario = load_scenario_text(join(sc), "scenarios/v.yaml");
  EXPECT_WHAT(ConfigError, validate_scenario_for_fixture(scenario, load_fixture_text(join(kFixture), "fixtures/f.yaml")),
              "scenarios/v.yaml:10:5: step 'occlude' needs a rig I/O board, but station station-1 of fixture 'Test bench' "
              "(fixtures/f.yaml) has none: add an 'io_board' to the station");
  Lines with_board = kFixture;
  with_board.push_back("    io_board: { name: io-1, driver: rigio, connection: \"sim:\" }");
  BOOST_CHECK_NO_THROW(validate_scenario_for_fixture(scenario, load_fixture_text(join(with_board), "fixtures/f.yaml")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validate_calibration)

namespace {
Fixture due(const std::string& balance_due, const std::string& board_due = "") {
  Lines f = replace_line(kFixture, 5, "    balance: { name: balance-1, driver: mtsics, connection: \"sim:\", calibration_due: " + balance_due + " }");
  if (!board_due.empty())
    f = append(f, {"    io_board:", "      name: io-1", "      driver: rigio", "      connection: \"sim:\"",
                   "      transducers: [{ port: upstream, calibration_due: " + board_due + " }]"});
  return load_fixture_text(join(f), "fixtures/test.yaml");
}
}  // namespace

BOOST_AUTO_TEST_CASE(an_instrument_past_its_date_stops_the_run_before_anything_moves) {
  const Scenario sc = scenario(kScenario);
  // Due today is still in date; due yesterday is not.
  BOOST_TEST(check_calibrations(sc, due("2026-12-05"), "2026-12-05", {}).empty());
  EXPECT_WHAT(std::invalid_argument, check_calibrations(sc, due("2026-12-04"), "2026-12-05", {}),
              "calibration overdue (today is 2026-12-05): station-1 balance-1: calibration was due 2026-12-04. Its "
              "readings cannot be traced to a valid calibration: recalibrate and update calibration_due in the fixture "
              "(fixtures/test.yaml), or run with --accept-deviation calibration to record the deviation on every report page");
  // Transducers count too, each named.
  const auto overdue = overdue_calibrations(sc, due("2030-01-01", "2025-01-31"), "2026-12-05");
  BOOST_REQUIRE_EQUAL(overdue.size(), 1u);
  BOOST_TEST(overdue[0].text() == "station-1 io-1 upstream transducer: calibration was due 2025-01-31");
}

BOOST_AUTO_TEST_CASE(an_accepted_deviation_is_returned_for_the_record) {
  const auto accepted = check_calibrations(scenario(kScenario), due("2020-01-01"), "2026-12-05", {"calibration"});
  BOOST_REQUIRE_EQUAL(accepted.size(), 1u);
  BOOST_TEST(accepted[0] == "calibration overdue, accepted by the operator: station-1 balance-1: calibration was due "
                            "2020-01-01 (run on 2026-12-05)");
  // An unknown kind is refused, with a suggestion.
  EXPECT_WHAT(std::invalid_argument, check_calibrations(scenario(kScenario), due("2030-01-01"), "2026-12-05", {"calibraton"}),
              "bad --accept-deviation 'calibraton' (did you mean 'calibration'?); the deviations a run may accept: 'calibration'");
}

BOOST_AUTO_TEST_CASE(today_is_the_utc_date) {
  // 2026-12-05T23:59:59Z is still the 5th, whatever the local time zone says.
  BOOST_TEST(utc_date(std::chrono::system_clock::time_point(std::chrono::seconds(1796515199))) == "2026-12-05");
  BOOST_TEST(utc_date(std::chrono::system_clock::time_point(std::chrono::seconds(1796515200))) == "2026-12-06");
}

BOOST_AUTO_TEST_SUITE_END()
