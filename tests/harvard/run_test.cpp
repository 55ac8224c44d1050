// Scenarios written for the NE-1000 bench run unchanged on the Harvard bench
// (fixtures/sim-bench-harvard.yaml), in process, in virtual time, with the same physics.
#include <boost/test/unit_test.hpp>

#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace fs = std::filesystem;

namespace {

RunOutcome run_on_harvard(const std::string& scenario, const fs::path& dir) {
  RunOptions o = options(scenario, dir);
  o.fixture_path = source_path("fixtures/sim-bench-harvard.yaml").string();
  return run(o);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(harvard_run)

BOOST_AUTO_TEST_CASE(the_25_ml_h_accuracy_scenario_passes_with_the_mechanism_s_error) {
  TempDir tmp;
  const RunOutcome r = run_on_harvard("scenarios/iec-accuracy-25mlh.yaml", tmp.path() / "run");
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
  const nlohmann::json run_json = read_json(tmp.path() / "run" / "run.json");
  BOOST_TEST(run_json.at("instruments").at("pump-1").value("serial", "") == "SIM-H0001");
  const auto events = read_events(tmp.path() / "run");
  BOOST_TEST(any_message_contains(events, "identity", "Harvard Apparatus 11 ELITE I/W Single"));
  BOOST_TEST(any_message_contains(events, "teardown", "poll mode off"));
  // The simulated mechanism delivers 0.5 % more than set, whichever pump drives it.
  const nlohmann::json result = read_json(tmp.path() / "run" / "result.json");
  const double a = result.at("tests").at(0).at("mean_error_pct").get<double>();
  BOOST_TEST(a == 0.49, boost::test_tools::tolerance(0.1));
  // The pump's own count agrees with the balance: about 50 ml in the two hours.
  const std::string wire = read_text(tmp.path() / "run" / "wire-pump-1.log");
  BOOST_TEST(wire.find("irate 25 ml/hr") != std::string::npos);
  BOOST_TEST(wire.find("irun") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_occlusion_scenario_alarms_stops_and_releases) {
  TempDir tmp;
  const RunOutcome r = run_on_harvard("scenarios/occlusion-25mlh-low.yaml", tmp.path() / "run");
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
  const nlohmann::json result = read_json(tmp.path() / "run" / "result.json");
  const auto& t = result.at("tests").at(0);
  BOOST_TEST(t.at("alarm_pressure_mmhg").get<double>() == 302.0, boost::test_tools::tolerance(0.01));
  BOOST_TEST(t.at("bolus_ml").get<double>() == 0.605, boost::test_tools::tolerance(0.01));
  const auto events = read_events(tmp.path() / "run");
  BOOST_TEST(any_message_contains(events, "occluder", "line released"));
  BOOST_TEST(any_message_contains(events, "teardown", "pump-1 stopped"));
}

BOOST_AUTO_TEST_SUITE_END()
