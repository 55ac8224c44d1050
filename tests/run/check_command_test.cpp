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

BOOST_AUTO_TEST_SUITE(check_parameters_and_lint)

BOOST_AUTO_TEST_CASE(check_takes_params_and_expands_a_matrix_suite) {
  CheckOptions one;
  one.scenario_path = source("scenarios/iec-accuracy-1mlh.yaml").string();
  one.params = {"rate=5ml/h"};
  const Checked c = check(one);
  BOOST_TEST(c.exit_code == kExitPass, c.err);
  BOOST_TEST(c.out.find("scenario iec-accuracy-1mlh[rate=5ml/h] ") != std::string::npos, c.out);
  BOOST_TEST(c.out.find("  parameters: duration=2 h, rate=5ml/h (given)\n") != std::string::npos, c.out);

  one.params = {"rate=5 ml/x"};
  const Checked bad = check(one);
  BOOST_TEST(bad.exit_code == kExitUsage);
  BOOST_TEST(bad.err.find("(from parameter 'rate', given as --param rate=5 ml/x)") != std::string::npos, bad.err);

  CheckOptions matrix;
  matrix.scenario_path = source("scenarios/occlusion-matrix.yaml").string();
  const Checked m = check(matrix);
  BOOST_TEST(m.exit_code == kExitPass, m.err);
  BOOST_TEST(m.out.find("suite occlusion-matrix (") != std::string::npos, m.out);
  BOOST_TEST(m.out.find("scenario occlusion-1mlh-low[rate=25 ml/h,level=high] ") != std::string::npos, m.out);
}

BOOST_AUTO_TEST_CASE(check_lists_every_contradiction_between_analysis_and_steps) {
  TempDir tmp;
  std::string text = read_text(source("scenarios/occlusion-25mlh-low.yaml"));
  text.replace(text.find("  occlusion:\n"), 12, "  occlusion:\n    rate: 5 ml/h\n");
  text.replace(text.find("time_to_alarm: 5 min"), 20, "time_to_alarm: 45 min");
  write_text(tmp.path() / "contradicts.yaml", text);
  CheckOptions o;
  o.scenario_path = (tmp.path() / "contradicts.yaml").string();
  const Checked c = check(o);
  BOOST_TEST(c.exit_code == kExitUsage);
  BOOST_TEST(c.err.find("contradicts.yaml:29:5: the occlusion analysis is judged against 5 ml/h, but set_pump (line 17)") !=
                 std::string::npos,
             c.err);
  BOOST_TEST(c.err.find("the time_to_alarm limit 45 min is longer than the wait for the alarm") != std::string::npos, c.err);
  BOOST_TEST(c.err.find("2 contradictions between analysis and steps: a run would be refused") != std::string::npos, c.err);
  BOOST_TEST(c.out.find("check: OK") == std::string::npos, c.out);
}

BOOST_AUTO_TEST_SUITE_END()
