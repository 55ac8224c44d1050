// The test conditions a report states: the syringe as the fixture names it and its lot, the set,
// the fluid, the room, and the balance's and transducer's readability and calibration, from the
// fixture, --condition, or the operator at the start (ambient: ask), all in run.json and the report.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <fmt/format.h>

#include "rig/cli/ambient_prompt.hpp"
#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"
#include "tests/support/sim_bench_fixture.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

const char* kScenario = R"(schema: pumprig.scenario/1
id: short-accuracy
title: A short accuracy run
applies_to: [syringe]
steps:
  - tare
  - set_pump: { rate: 25 ml/h }
  - start_pump
  - record: 2 min
  - stop_pump
analysis:
  accuracy:
    sample_interval: 30 s
    analysis_period: [1 min, 2 min]
    observation_windows: [30 s]
    limits: { mean_error: 5 % }
)";

// The one-station bench whose room is left to the operator.
fs::path bench_that_asks(const TempDir& tmp) {
  return one_station_sim_bench_with(tmp.path() / "asks.yaml",
                                    "ambient: { temperature: 22 degC, humidity: 45 %, pressure: 1013 hPa }", "ambient: ask");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_conditions)

BOOST_AUTO_TEST_CASE(the_record_and_the_report_state_the_conditions_as_run) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", kScenario);
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.conditions = {"station-1.set_lot=E-4711", "ambient.humidity=50 %"};
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.report.exit_code == kExitPass);
  const auto run_json = read_json(tmp.path() / "out" / "run.json");
  const auto& c = run_json.at("conditions");
  BOOST_TEST(c.at("fluid").at("name").get<std::string>() == "water (simulated)");
  BOOST_TEST(c.at("ambient").at("temperature_c").get<double>() == 22.0);
  BOOST_TEST(c.at("ambient").at("humidity_pct").get<double>() == 50.0);  // --condition wins
  BOOST_TEST(c.at("ambient").at("pressure_hpa").get<double>() == 1013.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(c.at("ambient").at("source").get<std::string>() == "fixture, --condition");
  const auto& st = run_json.at("stations")[0];
  BOOST_TEST(st.at("test_set_up").at("syringe").at("brand").get<std::string>() == "BD Plastipak");
  BOOST_TEST(st.at("test_set_up").at("syringe").at("lot").get<std::string>() == "SIM-L2301");
  BOOST_TEST(st.at("test_set_up").at("administration_set").at("lot").get<std::string>() == "E-4711");
  BOOST_TEST(st.at("balance").at("metrology").at("readability_g").get<double>() == 1e-5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(st.at("io_board").at("transducers")[0].at("uncertainty_mmhg").get<double>() == 5.0);

  const std::string html = read_text(tmp.path() / "out" / "report.html");
  for (const char* s : {"Test conditions", "BD Plastipak 60 ml, 26.59 mm", "SIM-L2301", "E-4711", "water (simulated), density 0.9982 g/ml at 20 °C",
                        "22.0 °C, 50 % relative humidity, 1013 hPa (fixture, --condition)", "readability 0.01 mg",
                        "calibration U = 0.05 mg (k = 2) at 200 g", "offset 0 mmHg, gain 1; U = 5 mmHg (k = 2)"})
    BOOST_TEST(html.find(s) != std::string::npos, s);
}

BOOST_AUTO_TEST_CASE(a_fixture_that_asks_gets_the_rooms_conditions_from_the_operator_or_no_run) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", kScenario);
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.fixture_path = bench_that_asks(tmp).string();

  // Nobody to ask, nothing given: refused before anything moves.
  const RunOutcome refused = run(o);
  BOOST_TEST(refused.report.exit_code == kExitUsage);
  BOOST_TEST(refused.err.find("asks for the ambient conditions") != std::string::npos, refused.err);
  BOOST_TEST(!fs::exists(tmp.path() / "out"));
  BOOST_CHECK_THROW(ask_ambient_conditions(o, false, std::cin, std::cerr), std::invalid_argument);

  // At a terminal: each value asked, a bad one asked again, then the run records them.
  std::istringstream typed("21.5 degC\n45\n45 %\n1013 mmHg\n1009 hPa\n");
  std::ostringstream shown;
  o.operator_conditions = ask_ambient_conditions(o, true, typed, shown);
  BOOST_TEST(o.operator_conditions.size() == 3u);
  BOOST_TEST(shown.str().find("Relative humidity") != std::string::npos, shown.str());
  BOOST_TEST(shown.str().find("missing unit") != std::string::npos, shown.str());
  BOOST_TEST(shown.str().find("implausible") != std::string::npos, shown.str());
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.report.exit_code == kExitPass);
  const auto ambient = read_json(tmp.path() / "out" / "run.json").at("conditions").at("ambient");
  BOOST_TEST(ambient.at("temperature_c").get<double>() == 21.5);
  BOOST_TEST(ambient.at("pressure_hpa").get<double>() == 1009.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(ambient.at("source").get<std::string>() == "operator");

  // --condition gives them all: nothing to ask.
  o.operator_conditions.clear();
  o.conditions = {"ambient.temperature=22degC", "ambient.humidity=40%", "ambient.pressure=1000hPa"};
  std::istringstream nothing;
  BOOST_TEST(ask_ambient_conditions(o, false, nothing, shown).empty());
  // An empty answer refuses.
  o.conditions.clear();
  std::istringstream empty("\n");
  BOOST_CHECK_THROW(ask_ambient_conditions(o, true, empty, shown), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_condition_for_a_station_the_scenario_does_not_run_is_refused) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", kScenario);  // syringes only: station-2 (volumetric) does not run it
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.fixture_path.reset();  // the two-station default bench
  o.conditions = {"station-2.set_lot=L7"};
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitUsage);
  BOOST_TEST(r.err.find("station 'station-2' does not run scenario 'short-accuracy'") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(tmp.path() / "out"));
}

BOOST_AUTO_TEST_SUITE_END()
