// Several stations on one bench run the scenario in parallel on one loop, each with its own
// simulated world, record and analysis; a fault on one station does not touch the other.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/csv_readings.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// The embedded bench with a second station whose pump delivers 1 % less than set (the first:
// 0.5 % more).
fs::path write_two_station_fixture(const fs::path& dir) {
  const std::string one = one_station_sim_bench_text();
  const auto at = one.find("  - id: station-1");
  BOOST_REQUIRE(at != std::string::npos);
  BOOST_REQUIRE(one.find("rate_error: 0.5 %") != std::string::npos);
  std::string second = one.substr(at);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"station-1", "station-2"},
                                 {"balance-1", "balance-2"},
                                 {"pump-1", "pump-2"},
                                 {"io-1", "io-2"},
                                 {"SIM-IO0001", "SIM-IO0002"},
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

// sim-bench-4 with `extra` (e.g. "on_fault: continue") added to one station.
fs::path write_four_station_fixture(const fs::path& dir, const std::string& station, const std::string& extra) {
  std::string text = read_text(source_path("fixtures/sim-bench-4.yaml"));
  const std::string key = "  - id: " + station + "\n";
  const auto at = text.find(key);
  BOOST_REQUIRE(at != std::string::npos);
  if (!extra.empty()) text.insert(at + key.size(), "    " + extra + "\n");
  const fs::path path = dir / "four-stations.yaml";
  write_text(path, text);
  return path;
}

const nlohmann::json& test_of(const nlohmann::json& result, const std::string& station) {
  for (const auto& t : result.at("tests"))
    if (t.value("station", "") == station) return t;
  throw std::runtime_error("no test for " + station + " in result.json");
}

// Runs bench-check-5mlh on sim-bench-4 (all four stations) with a fault scheduled on the
// simulated bench; reports whether each station's motor still turns at the end.
struct FourStationRun {
  RunOutcome outcome;
  nlohmann::json result;
  std::vector<nlohmann::json> events;
  std::map<std::string, bool> motor_running;
};

FourStationRun run_four_stations(const fs::path& tmp, const fs::path& fixture,
                                 std::function<void(EventLoop&, sim::SimulatedBench*)> faults) {
  FourStationRun out;
  const fs::path dir = tmp / "run";
  RunOptions o = options("scenarios/bench-check-5mlh.yaml", dir);
  o.fixture_path = fixture.string();
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr, faults](EventLoop& loop, sim::SimulatedBench* bench) {
    *loop_ptr = &loop;
    faults(loop, bench);
  };
  o.after_run = [&out, loop_ptr](sim::SimulatedBench* bench) {
    for (const char* st : {"station-1", "station-2", "station-3", "station-4"})
      out.motor_running[st] = bench->world(st)->motor_running((*loop_ptr)->now());
  };
  out.outcome = run(o);
  out.result = read_json(dir / "result.json");
  out.events = read_events(dir);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_stations)

BOOST_AUTO_TEST_CASE(four_stations_one_lost_mid_run_the_other_three_finish) {
  TempDir tmp;
  const FourStationRun r =
      run_four_stations(tmp.path(), write_four_station_fixture(tmp.path(), "station-3", ""), [](EventLoop& loop, sim::SimulatedBench* bench) {
        loop.schedule_at(seconds(25 * 60), [bench] { bench->balance("station-3")->set_silent(true); });
      });
  BOOST_TEST_INFO(r.outcome.err);
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  for (const auto& [station, running] : r.motor_running) BOOST_TEST(!running, station << " left running");
  BOOST_TEST(station_entry(r.result, "station-3").value("status", "") == "aborted");
  BOOST_TEST(station_entry(r.result, "station-3").value("reason", "").find("balance-3") != std::string::npos);
  BOOST_TEST(r.result["run"]["stations_aborted"] == nlohmann::json({"station-3"}));
  BOOST_TEST(r.result["run"]["stations_finished"] == nlohmann::json({"station-1", "station-2", "station-4"}));
  for (const char* st : {"station-1", "station-2", "station-4"}) {
    BOOST_TEST_CONTEXT(st) {
      BOOST_TEST(station_entry(r.result, st).value("status", "") == "finished");
      BOOST_TEST(test_of(r.result, st).value("verdict", "") == "pass");
    }
  }
  // The volumetric pump (operator-driven) delivers 2 % less than set; the syringe pumps their own errors.
  BOOST_TEST(std::fabs(mean_error_pct(r.result, "station-4") - -2.0) < 0.5);
  BOOST_TEST(test_of(r.result, "station-3").value("verdict", "") != "pass");
  BOOST_TEST(r.outcome.out.find("station station-3: ABORTED") != std::string::npos, r.outcome.out);
}

BOOST_AUTO_TEST_CASE(policy_continue_records_a_deviation_and_the_station_cannot_pass) {
  TempDir tmp;
  const FourStationRun r = run_four_stations(
      tmp.path(), write_four_station_fixture(tmp.path(), "station-2", "on_fault: continue"),
      [](EventLoop& loop, sim::SimulatedBench* bench) {
        // Ten minutes in (before the analysis period), the balance is gone for two minutes.
        loop.schedule_at(seconds(10 * 60), [bench] { bench->balance("station-2")->set_silent(true); });
        loop.schedule_at(seconds(12 * 60), [bench] { bench->balance("station-2")->set_silent(false); });
      });
  BOOST_TEST_INFO(r.outcome.err);
  BOOST_TEST(r.outcome.report.exit_code == kExitFail);  // nothing aborted, but one station is not a pass
  const nlohmann::json& st2 = station_entry(r.result, "station-2");
  BOOST_TEST(st2.value("status", "") == "finished");
  BOOST_TEST(st2.value("policy", "") == "continue");
  BOOST_REQUIRE(st2.at("deviations").size() == 1u);  // one outage, one deviation (not one per retry)
  BOOST_TEST(st2["deviations"][0].value("what", "").find("balance lost") != std::string::npos);
  const nlohmann::json& t2 = test_of(r.result, "station-2");
  BOOST_TEST(t2.value("verdict", "") == "inconclusive");
  BOOST_TEST(t2.at("mean_error_pct").is_number());  // the numbers are there, only not vouched for
  BOOST_TEST(any_message_contains(r.events, "fault", "balance-2 is back"));
  for (const char* st : {"station-1", "station-3", "station-4"}) BOOST_TEST(test_of(r.result, st).value("verdict", "") == "pass", st);
  for (const auto& [station, running] : r.motor_running) BOOST_TEST(!running, station << " left running");
}

BOOST_AUTO_TEST_CASE(policy_pause_stops_the_pump_asks_the_operator_and_repeats_the_step) {
  TempDir tmp;
  bool stopped_while_paused = false;
  const FourStationRun r = run_four_stations(
      tmp.path(), write_four_station_fixture(tmp.path(), "station-1", "on_fault: pause"),
      [&stopped_while_paused](EventLoop& loop, sim::SimulatedBench* bench) {
        loop.schedule_at(seconds(10 * 60), [bench] { bench->balance("station-1")->set_silent(true); });
        // The balance gives up after its retries (a few s); the simulated operator answers 5 s later.
        loop.schedule_at(seconds(10 * 60 + 6), [&stopped_while_paused, bench, &loop] {
          stopped_while_paused = !bench->world("station-1")->motor_running(loop.now());
        });
        loop.schedule_at(seconds(11 * 60), [bench] { bench->balance("station-1")->set_silent(false); });
      });
  BOOST_TEST_INFO(r.outcome.err);
  BOOST_TEST(stopped_while_paused);
  const nlohmann::json& st1 = station_entry(r.result, "station-1");
  BOOST_TEST(st1.value("status", "") == "finished");
  BOOST_TEST(st1.at("deviations").size() == 1u);
  BOOST_TEST(any_message_contains(r.events, "pause", "station paused"));
  BOOST_TEST(any_message_contains(r.events, "pause", "step 6 starts again"));
  BOOST_TEST(any_message_contains(r.events, "pump", "pump restarted after the pause"));
  // The repeated record step lasts its full hour after the resume.
  double resumed_s = -1;
  for (const auto& e : r.events)
    if (e.value("source", "") == "station-1" && e.value("message", "").find("step 6 starts again") != std::string::npos)
      resumed_s = e["t_s"].get<double>();
  BOOST_REQUIRE(resumed_s > 600.0);
  const CsvReadings s1 = read_readings_csv((tmp.path() / "run" / "samples-station-1.csv").string());
  double t0 = -1;
  for (const auto& e : r.events)
    if (e.value("source", "") == "station-1" && e.contains("data") && e["data"].contains("t0_s")) t0 = e["data"]["t0_s"].get<double>();
  BOOST_TEST(s1.readings.back().t_s >= resumed_s - t0 + 3600.0);
  BOOST_TEST(test_of(r.result, "station-1").value("verdict", "") != "pass");
  for (const auto& [station, running] : r.motor_running) BOOST_TEST(!running, station << " left running");
}


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
