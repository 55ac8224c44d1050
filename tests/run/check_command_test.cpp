// `pumprig check`: the checks a run makes before anything moves, without opening a port, with the
// same outcome a run would have; and `run --operator` naming who ran it.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "rig/cli/check_command.hpp"
#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"
#include "tests/support/sim_bench_fixture.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

fs::path source(const std::string& relative) { return fs::path(PUMPRIG_SOURCE_DIR) / relative; }

struct Checked {
  int exit_code;
  std::string out, err;
};

Checked check(CheckOptions o) {
  std::ostringstream out, err;
  const int rc = run_check(o, out, err);
  return {rc, out.str(), err.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(the_shipped_benches_and_suite_check_clean_without_opening_a_port) {
  CheckOptions lab;
  lab.fixture_path = source("fixtures/lab-bench.example.yaml").string();  // /dev/serial/... need not exist
  const Checked l = check(lab);
  BOOST_TEST(l.exit_code == kExitPass, l.err);
  BOOST_TEST(l.out.find("ambient: ask") != std::string::npos, l.out);

  CheckOptions suite;
  suite.scenario_path = source("scenarios/suite.yaml").string();
  const Checked s = check(suite);
  BOOST_TEST(s.exit_code == kExitPass, s.err);
  BOOST_TEST(s.out.find("scenario free-flow-80cm") != std::string::npos, s.out);
  BOOST_TEST(s.out.find("runs on station-2\n") != std::string::npos, s.out);
}

BOOST_AUTO_TEST_CASE(what_a_run_refuses_check_refuses_with_the_place) {
  TempDir tmp;
  // A typo in a scenario: file:line:col.
  std::string text = read_text(source("scenarios/iec-accuracy-25mlh.yaml"));
  text.replace(text.find("  - tare"), 8, "  - taer");
  write_text(tmp.path() / "typo.yaml", text);
  CheckOptions typo;
  typo.scenario_path = (tmp.path() / "typo.yaml").string();
  const Checked t = check(typo);
  BOOST_TEST(t.exit_code == kExitUsage);
  BOOST_TEST(t.err.find("typo.yaml:") != std::string::npos, t.err);
  BOOST_TEST(t.err.find("taer") != std::string::npos, t.err);

  // An overdue balance: refused as a run refuses it, or accepted as a deviation.
  CheckOptions overdue;
  overdue.fixture_path =
      one_station_sim_bench_with(tmp.path() / "overdue.yaml", "calibration_due: 2030-06-30", "calibration_due: 2026-01-31").string();
  overdue.today = "2026-12-05";
  const Checked o = check(overdue);
  BOOST_TEST(o.exit_code == kExitUsage);
  BOOST_TEST(o.err.find("station-1 balance-1: calibration was due 2026-01-31") != std::string::npos, o.err);
  overdue.scenario_path = source("scenarios/iec-accuracy-25mlh.yaml").string();
  BOOST_TEST(check(overdue).exit_code == kExitUsage);
  overdue.accept_deviations = {"calibration"};
  const Checked a = check(overdue);
  BOOST_TEST(a.exit_code == kExitPass, a.err);
  BOOST_TEST(a.out.find("DEVIATION") != std::string::npos, a.out);
  overdue.today = "2026-01-30";  // the day before it fell due
  overdue.accept_deviations.clear();
  BOOST_TEST(check(overdue).exit_code == kExitPass);
}

BOOST_AUTO_TEST_CASE(run_operator_names_who_ran_it) {
  TempDir tmp;
  RunOptions o = options(source("scenarios/bench-check-5mlh.yaml"), tmp.path() / "out");
  o.operator_name = "Alice Tester";
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.report.exit_code == kExitPass);
  BOOST_TEST(read_json(tmp.path() / "out" / "run.json").at("operator").at("name").get<std::string>() == "Alice Tester");
  BOOST_TEST(read_text(tmp.path() / "out" / "report.html").find("Alice Tester") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
