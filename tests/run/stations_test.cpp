// Several stations on one bench run the scenario in parallel on one loop, each with its own
// simulated world, record and analysis; a fault on one station does not touch the other.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <fmt/format.h>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/csv_readings.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// The embedded bench with a second station whose pump delivers 1 % less than set (the first:
// 0.5 % more).
fs::path write_two_station_fixture(const fs::path& dir) {
  const std::string one = read_text(source_path("fixtures/sim-bench.yaml"));
  const auto at = one.find("  - id: station-1");
  BOOST_REQUIRE(at != std::string::npos);
  BOOST_REQUIRE(one.find("rate_error: 0.5 %") != std::string::npos);
  std::string second = one.substr(at);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"station-1", "station-2"},
                                 {"balance-1", "balance-2"},
                                 {"pump-1", "pump-2"},
                                 {"SIM-B0001", "SIM-B0002"},
                                 {"SIM-P0001", "SIM-P0002"},
                                 {"rate_error: 0.5 %", "rate_error: -1 %"}})
    second = replace_all(second, from, to);
  const fs::path path = dir / "two-stations.yaml";
  write_text(path, one + second);
  return path;
}

double mean_error_pct(const nlohmann::json& result, const std::string& station) {
  for (const auto& t : result.at("tests"))
    if (t.value("station", "") == station && t.at("mean_error_pct").is_number()) return t["mean_error_pct"].get<double>();
  return NAN;
}

const nlohmann::json& station_entry(const nlohmann::json& result, const std::string& station) {
  for (const auto& s : result.at("run").at("stations"))
    if (s.value("id", "") == station) return s;
  throw std::runtime_error("no station " + station + " in result.json");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_stations)

BOOST_AUTO_TEST_CASE(two_stations_run_in_parallel_each_with_its_own_pump) {
  TempDir tmp;
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", "");
  o.out_dir.reset();
  o.runs_dir = (tmp.path() / "runs").string();
  o.fixture_path = write_two_station_fixture(tmp.path()).string();
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);

  // A new folder below the runs directory, named after the scenario.
  const fs::path dir = r.report.run_dir;
  BOOST_TEST(dir.parent_path() == tmp.path() / "runs");
  BOOST_TEST(dir.filename().string().find("-iec-accuracy-25mlh-") != std::string::npos, dir.filename());

  const nlohmann::json result = read_json(dir / "result.json");
  BOOST_TEST(result.at("tests").size() == 2u);
  BOOST_TEST(std::fabs(mean_error_pct(result, "station-1") - 0.5) < 0.05);
  BOOST_TEST(std::fabs(mean_error_pct(result, "station-2") - -1.0) < 0.05);
  for (const char* station : {"station-1", "station-2"}) {
    BOOST_TEST_CONTEXT(station) {
      const CsvReadings s = read_readings_csv((dir / fmt::format("samples-{}.csv", station)).string());
      BOOST_TEST(s.readings.size() > 7200u);
      BOOST_TEST(fs::exists(dir / fmt::format("wire-{}.log", station == std::string("station-1") ? "pump-1" : "pump-2")));
    }
  }
  const nlohmann::json run_json = read_json(dir / "run.json");
  BOOST_TEST(run_json.at("instruments").at("balance-2").value("serial", "") == "SIM-B0002");
  BOOST_TEST(run_json.at("instruments").at("pump-2").value("serial", "") == "SIM-P0002");
}

BOOST_AUTO_TEST_CASE(a_fault_on_one_station_leaves_the_other_running_to_the_end) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", dir);
  o.fixture_path = write_two_station_fixture(tmp.path()).string();
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr](EventLoop& loop, sim::SimulatedBench* bench) {
    *loop_ptr = &loop;
    loop.schedule_at(seconds(30 * 60), [bench] { bench->balance("station-2")->set_silent(true); });
  };
  bool motor_1 = true, motor_2 = true;
  o.after_run = [&, loop_ptr](sim::SimulatedBench* bench) {
    motor_1 = bench->world("station-1")->motor_running((*loop_ptr)->now());
    motor_2 = bench->world("station-2")->motor_running((*loop_ptr)->now());
  };
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  BOOST_TEST(!motor_1);
  BOOST_TEST(!motor_2);

  const nlohmann::json result = read_json(dir / "result.json");
  BOOST_TEST(station_entry(result, "station-1").value("status", "") == "finished");
  BOOST_TEST(station_entry(result, "station-2").value("status", "") == "aborted");
  BOOST_TEST(station_entry(result, "station-2").value("reason", "").find("balance-2") != std::string::npos);
  const std::string reason = read_json(dir / "run.json").value("end_reason", "");
  BOOST_TEST(reason.find("station-2") != std::string::npos, reason);
  BOOST_TEST(reason.find("station-1") == std::string::npos, reason);
  // Station 1 got its whole test and its verdict.
  BOOST_TEST(std::fabs(mean_error_pct(result, "station-1") - 0.5) < 0.05);
  const CsvReadings s1 = read_readings_csv((dir / "samples-station-1.csv").string());
  const CsvReadings s2 = read_readings_csv((dir / "samples-station-2.csv").string());
  BOOST_TEST(s1.readings.back().t_s >= 7200.0);
  BOOST_TEST(s2.readings.back().t_s < 1800.0);
}

BOOST_AUTO_TEST_SUITE_END()
