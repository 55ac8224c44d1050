// The accuracy scenario run in process (the code path of `pumprig run`) on the shipped Sartorius
// bench: polled 16-character lines on station-1, auto-printed 22-character lines on station-2.
#include <boost/test/unit_test.hpp>

#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

BOOST_AUTO_TEST_SUITE(sartorius_run)

BOOST_AUTO_TEST_CASE(the_bench_check_passes_on_the_sartorius_bench_on_both_stations) {
  TempDir tmp{"pumprig-sartorius"};
  RunOptions o = options("scenarios/bench-check-5mlh.yaml", tmp.path() / "run");
  o.fixture_path = source_path("fixtures/sim-bench-sartorius.yaml").string();
  o.no_control = true;
  const RunOutcome r = run(o);
  BOOST_REQUIRE_MESSAGE(r.report.exit_code == kExitPass, r.err + r.out);

  const nlohmann::json result = read_json(r.report.run_dir / "result.json");
  BOOST_TEST_REQUIRE(result["tests"].size() == 2u);
  for (const auto& t : result["tests"]) {
    BOOST_TEST_CONTEXT(t["station"].get<std::string>()) {
      BOOST_TEST(t["verdict"] == "pass");
      BOOST_TEST(t["period_complete"] == true);
      BOOST_TEST(t["gaps"].size() == 0u);
    }
  }
  // The syringe pump's mechanism delivers 0.5 % more than set (the fixture's rate_error); the
  // volumetric one 1.5 % less: the balance readings must show it.
  BOOST_TEST(result["tests"][0]["mean_error_pct"].get<double>() == 0.5, boost::test_tools::tolerance(0.5));
  BOOST_TEST(result["tests"][1]["mean_error_pct"].get<double>() == -1.5, boost::test_tools::tolerance(0.2));

  // The instruments identified themselves over SBI; the wire shows both line forms.
  const nlohmann::json run_json = read_json(r.report.run_dir / "run.json");
  BOOST_TEST(run_json["instruments"]["balance-1"]["model"] == "MSA225S");
  BOOST_TEST(run_json["instruments"]["balance-1"]["protocol"] == "SBI");
  BOOST_TEST(run_json["instruments"]["balance-2"]["serial"] == "SIM-S0002");
  const std::string wire1 = read_text(r.report.run_dir / "wire-balance-1.log");
  const std::string wire2 = read_text(r.report.run_dir / "wire-balance-2.log");
  BOOST_TEST(wire1.find("> \\x1bP") != std::string::npos);    // polled
  BOOST_TEST(wire2.find("< N     +") != std::string::npos);   // auto-printed, 22 characters, net
  BOOST_TEST(wire2.find("> \\x1bU\\x1bP") != std::string::npos);  // the tare
}

BOOST_AUTO_TEST_SUITE_END()
