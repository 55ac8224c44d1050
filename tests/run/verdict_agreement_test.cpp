// One run, one verdict: the console summary, the exit code, the report cover, JUnit and the run
// index must agree for a pass, a fail, an inconclusive, an aborted and a no-test run. Each case
// is a real run of the one-hour bench check on the simulated bench, changed only in its text.
#include <boost/test/unit_test.hpp>

#include <regex>

#include "hardware/sim/simulated_bench.hpp"
#include "reports/report_builder.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/index/run_index.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/run/run_support.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace fs = std::filesystem;

namespace {

std::string bench_check_with(const std::string& from, const std::string& to) {
  std::string text = read_text(source_path("scenarios/bench-check-5mlh.yaml"));
  if (from.empty()) return text;
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("scenario text lacks: " + from);
  return text.replace(at, from.size(), to);
}

struct Agreement {
  int exit_code;
  std::string console, report, index;
  std::size_t junit_failures, junit_errors;
  std::string junit_verdict_failure;  // the message of a failed test's verdict case
  double junit_time_s = -1;           // <testsuites time=...>
};

std::size_t junit_count(const std::string& xml, const char* attribute) {
  // The root <testsuites> element carries the totals.
  const std::regex re(std::string("<testsuites[^>]*\\b") + attribute + "=\"([0-9]+)\"");
  std::smatch m;
  BOOST_REQUIRE(std::regex_search(xml, m, re));
  return std::stoul(m[1]);
}

// The one-station bench with the station's fault policy set to continue.
fs::path continue_fixture(const fs::path& dir) {
  std::string text = one_station_sim_bench_text();
  const std::string key = "  - id: station-1\n";
  text.insert(text.find(key) + key.size(), "    on_fault: continue\n");
  write_text(dir / "continue.yaml", text);
  return dir / "continue.yaml";
}

Agreement run_case(const fs::path& root, const std::string& name, const std::string& scenario_text,
                   std::function<void(EventLoop&, sim::SimulatedBench*)> before_start = {},
                   std::optional<fs::path> fixture = std::nullopt) {
  const fs::path scenario = root / (name + ".yaml");
  write_text(scenario, scenario_text);
  RunOptions o = options(scenario, root / name);
  if (fixture) o.fixture_path = fixture->string();
  o.index_path = (root / "index.sqlite").string();
  o.before_start = std::move(before_start);
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);

  Agreement a;
  a.exit_code = r.report.exit_code;
  std::smatch m;
  BOOST_REQUIRE(std::regex_search(r.out, m, std::regex("overall verdict: ([A-Z]+)")));
  a.console = m[1];
  for (auto& c : a.console) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  a.report = reports::run_facts(load_run_folder(root / name)).overall;
  const auto indexed = RunIndex(root / "index.sqlite").find(read_json(root / name / "run.json").at("run_id").get<std::string>());
  BOOST_REQUIRE(indexed);
  a.index = indexed->verdict;
  const std::string junit = read_text(root / name / "junit.xml");
  a.junit_failures = junit_count(junit, "failures");
  a.junit_errors = junit_count(junit, "errors");
  if (std::regex_search(junit, m, std::regex(R"re(<testcase name="verdict"[^>]*>\s*<failure message="([^"]*)")re")))
    a.junit_verdict_failure = m[1];
  if (std::regex_search(junit, m, std::regex(R"re(<testsuites [^>]* time="([0-9.]+)")re"))) a.junit_time_s = std::stod(m[1]);
  return a;
}

void check_agreement(const Agreement& a, const std::string& verdict, int exit_code) {
  BOOST_TEST(a.exit_code == exit_code);
  BOOST_TEST(a.console == verdict);
  BOOST_TEST(a.report == verdict);
  BOOST_TEST(a.index == verdict);
  if (verdict == "pass") BOOST_TEST(a.junit_failures + a.junit_errors == 0u);
  if (verdict == "fail") {
    BOOST_TEST(a.junit_failures > 0u);
    // The failed test's message is the check that failed, with its value and limit (issue 15).
    BOOST_TEST(a.junit_verdict_failure.find("mean_error_pct = ") == 0u, a.junit_verdict_failure);
    BOOST_TEST(a.junit_verdict_failure.find(" breaks the limit abs&lt;= 0.001") != std::string::npos, a.junit_verdict_failure);
  }
  // JUnit time is the run's wall time (well under a minute here), not its simulated hours.
  if (verdict != "aborted") BOOST_TEST((a.junit_time_s > 0.0 && a.junit_time_s < 60.0), a.junit_time_s);
  if (verdict == "inconclusive" || verdict == "aborted") BOOST_TEST(a.junit_errors > 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(verdict_agreement)

BOOST_AUTO_TEST_CASE(pass_fail_inconclusive_aborted_and_no_test_agree_everywhere) {
  TempDir tmp;
  check_agreement(run_case(tmp.path(), "pass", bench_check_with("", "")), "pass", kExitPass);
  check_agreement(run_case(tmp.path(), "fail", bench_check_with("mean_error: 5 %", "mean_error: 0.001 %")), "fail",
                  kExitFail);
  // A station that carried on through a balance outage cannot vouch for its numbers.
  check_agreement(run_case(tmp.path(), "inconclusive", bench_check_with("", ""),
                           [](EventLoop& loop, sim::SimulatedBench* bench) {
                             loop.schedule_at(seconds(10 * 60), [bench] { bench->balance("station-1")->set_silent(true); });
                             loop.schedule_at(seconds(12 * 60), [bench] { bench->balance("station-1")->set_silent(false); });
                           },
                           continue_fixture(tmp.path())),
                  "inconclusive", kExitFail);
  check_agreement(run_case(tmp.path(), "aborted", bench_check_with("", ""),
                           [](EventLoop& loop, sim::SimulatedBench* bench) {
                             loop.schedule_at(seconds(20 * 60), [bench] { bench->balance("station-1")->set_silent(true); });
                           }),
                  "aborted", kExitAborted);
  // A scenario that declares no analysis judged nothing: never a pass.
  const std::string text = bench_check_with("", "");
  check_agreement(run_case(tmp.path(), "no-test", text.substr(0, text.find("\nanalysis:")) + "\n"), "inconclusive",
                  kExitFail);
}

BOOST_AUTO_TEST_SUITE_END()
