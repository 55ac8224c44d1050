// End-to-end occlusion and free-flow scenarios on the default simulated bench (NE-1000 syringe
// pump on station-1, operator-driven volumetric pump on station-2, each with a rig I/O board), in
// virtual time: the numbers against the physics, and the safe state on every way out.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cmath>
#include <map>
#include <memory>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/csv_readings.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// A shipped file (relative to the source tree) copied to dir/name with some text replaced: fault
// injection through the fixture, shorter timeouts in a scenario. Every edit must apply.
fs::path edited_copy(const std::string& shipped, const fs::path& dir, const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = read_text(source_path(shipped));
  for (const auto& [from, to] : edits) {
    BOOST_REQUIRE_MESSAGE(text.find(from) != std::string::npos, from);
    text = replace_all(text, from, to);
  }
  const fs::path p = dir / name;
  write_text(p, text);
  return p;
}

fs::path fixture_with(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& edits) {
  return edited_copy("fixtures/sim-bench.yaml", dir, "fixture.yaml", edits);
}

fs::path scenario_with(const fs::path& dir, const std::string& shipped,
                       const std::vector<std::pair<std::string, std::string>>& edits) {
  return edited_copy(shipped, dir, "scenario.yaml", edits);
}

struct SafeState {
  bool occluded = true;
  bool motor = true;
  bool door_open = true;
};

struct OcclusionRun {
  RunOutcome outcome;
  nlohmann::json result;
  std::vector<nlohmann::json> events;
  std::map<std::string, SafeState> end;  // per station, at the end of the run
};

OcclusionRun run_occlusion(const fs::path& dir, const fs::path& scenario, std::optional<fs::path> fixture = std::nullopt,
                           std::function<void(EventLoop&, sim::SimulatedBench*)> inject = {}) {
  OcclusionRun r;
  RunOptions o = options(scenario, dir);
  o.fixture_path.reset();  // the embedded default bench itself
  if (fixture) o.fixture_path = fixture->string();
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr, inject](EventLoop& loop, sim::SimulatedBench* bench) {
    *loop_ptr = &loop;
    if (inject) inject(loop, bench);
  };
  o.after_run = [&r, loop_ptr](sim::SimulatedBench* bench) {
    for (const std::string& st : bench->station_ids()) {
      sim::StationWorld* w = bench->world(st);
      r.end[st] = SafeState{w->occluder_closed((*loop_ptr)->now()), w->motor_running((*loop_ptr)->now()), w->door_open()};
    }
  };
  r.outcome = run(o);
  r.result = read_json(dir / "result.json");
  r.events = read_events(dir);
  return r;
}

const nlohmann::json& test_of(const nlohmann::json& result, const std::string& id) {
  for (const auto& t : result.at("tests"))
    if (t.value("id", "") == id) return t;
  throw std::runtime_error("no test " + id);
}

void expect_safe(const OcclusionRun& r) {
  for (const auto& [station, s] : r.end) {
    BOOST_TEST(!s.occluded, station << ": occluder left closed");
    BOOST_TEST(!s.motor, station << ": pump left running");
    BOOST_TEST(!s.door_open, station << ": door left open");
  }
}

// Total compliance of station-1's set-up (fixture: syringe 0.0015 + line 0.0005 ml/mmHg) and its
// steady back-pressure at 25 ml/h (line_pressure: 50 mmHg at 25 ml/h).
constexpr double kCompliance1 = 0.002;
constexpr double kSteadyPressure1 = 50.0;

}  // namespace

BOOST_AUTO_TEST_SUITE(occlusion_run)

BOOST_AUTO_TEST_CASE(occlusion_at_25mlh_low_threshold_times_the_alarm_and_weighs_the_bolus) {
  TempDir tmp;
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-low.yaml"));
  BOOST_TEST_INFO(r.outcome.err << r.outcome.out);
  BOOST_TEST(r.outcome.report.exit_code == kExitPass);
  expect_safe(r);

  const nlohmann::json& t1 = test_of(r.result, "station-1-occlusion");
  BOOST_TEST(t1.value("verdict", "") == "pass");
  BOOST_TEST(t1.value("threshold", "") == "low");
  // Time to alarm: C * dP / Q plus the pump's 1 s latency, within 10 %.
  const double expected_s = kCompliance1 * (300.0 - kSteadyPressure1) / 25.0 * 3600.0 + 1.0;
  const double measured_s = t1.at("time_to_alarm_s").get<double>();
  BOOST_TEST(std::fabs(measured_s - expected_s) <= 0.10 * expected_s, measured_s << " s vs " << expected_s << " s");
  BOOST_TEST(t1.at("alarm_pressure_mmhg").get<double>() >= 295.0);
  BOOST_TEST(t1.at("alarm_pressure_mmhg").get<double>() < 330.0);
  // The bolus is the volume stored at the release pressure (no back-off configured).
  const double stored_ml = kCompliance1 * t1.at("pressure_at_release_mmhg").get<double>();
  const double bolus_ml = t1.at("bolus_ml").get<double>();
  BOOST_TEST(std::fabs(bolus_ml - stored_ml) <= 0.10 * stored_ml, bolus_ml << " ml vs stored " << stored_ml << " ml");
  BOOST_TEST(t1.value("bolus_end", "").find("pressure below 5 mmHg") != std::string::npos);

  // The volumetric pump on station 2 alarms through the board's alarm-sense input (no wire).
  const nlohmann::json& t2 = test_of(r.result, "station-2-occlusion");
  BOOST_TEST(t2.value("alarm_source", "") == "alarm_sense");
  BOOST_TEST(t2.value("verdict", "") == "pass");

  // The pressure trace is in the run folder, with the occluder's state.
  const std::string io = read_text(tmp.path() / "run" / "io-station-1.csv");
  BOOST_TEST(io.rfind("time_s,pressure_mmhg,pressure2_mmhg,temperature_c,alarm,occluder_closed\n", 0) == 0);
  BOOST_TEST(io.find(",1,1\n") != std::string::npos);  // alarm on while occluded
  BOOST_TEST(any_message_contains(r.events, "occluder", "line occluded"));
  BOOST_TEST(any_message_contains(r.events, "alarm", "expected: occlusion test"));
}

BOOST_AUTO_TEST_CASE(a_higher_threshold_alarms_later_at_a_higher_pressure_with_a_bigger_bolus) {
  TempDir tmp;
  const OcclusionRun low = run_occlusion(tmp.path() / "low", source_path("scenarios/occlusion-25mlh-low.yaml"));
  const OcclusionRun high = run_occlusion(tmp.path() / "high", source_path("scenarios/occlusion-25mlh-high.yaml"));
  const nlohmann::json& l = test_of(low.result, "station-1-occlusion");
  const nlohmann::json& h = test_of(high.result, "station-1-occlusion");
  BOOST_TEST(h.at("time_to_alarm_s").get<double>() > 2.5 * l.at("time_to_alarm_s").get<double>());
  BOOST_TEST(h.at("alarm_pressure_mmhg").get<double>() > 850.0);
  BOOST_TEST(h.at("bolus_ml").get<double>() > 2.5 * l.at("bolus_ml").get<double>());
  expect_safe(high);
}

BOOST_AUTO_TEST_CASE(free_flow_with_a_working_clamp_passes_and_with_a_failed_one_fails) {
  TempDir tmp;
  const OcclusionRun good = run_occlusion(tmp.path() / "good", source_path("scenarios/free-flow-80cm.yaml"));
  BOOST_TEST_INFO(good.outcome.err);
  BOOST_TEST(good.outcome.report.exit_code == kExitPass);
  const nlohmann::json& g = test_of(good.result, "station-2-free-flow");
  BOOST_TEST(std::fabs(g.at("volume_ml").get<double>()) < 0.01);
  BOOST_TEST(good.result.at("tests").size() == 1u);  // free flow applies to the volumetric station only

  const OcclusionRun bad = run_occlusion(tmp.path() / "bad", source_path("scenarios/free-flow-80cm.yaml"),
                                         fixture_with(tmp.path(), {{"clamp_fails: false", "clamp_fails: true"}}));
  BOOST_TEST(bad.outcome.report.exit_code == kExitFail);
  const nlohmann::json& b = test_of(bad.result, "station-2-free-flow");
  BOOST_TEST(b.value("verdict", "") == "fail");
  // Gravity through the set: rho g h / R = 58.8 mmHg over 0.2 mmHg per ml/h, for 2 min.
  const double rate_ml_h = 0.7356 * 80.0 / 0.2;
  BOOST_TEST(std::fabs(b.at("peak_flow_ml_h").get<double>() - rate_ml_h) < 0.05 * rate_ml_h);
  const double volume_ml = rate_ml_h * b.at("duration_s").get<double>() / 3600.0;
  BOOST_TEST(std::fabs(b.at("volume_ml").get<double>() - volume_ml) < 0.05 * volume_ml);
  expect_safe(bad);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(occlusion_safety)

BOOST_AUTO_TEST_CASE(no_alarm_within_the_timeout_ends_the_station_released_and_stopped) {
  TempDir tmp;
  // 20 s is far too short for the high threshold: the wait times out while occluded. (The limit
  // comes down with it: a limit beyond the timeout is refused by the linter.)
  const OcclusionRun r = run_occlusion(tmp.path() / "run",
                                       scenario_with(tmp.path(), "scenarios/occlusion-25mlh-high.yaml",
                                                     {{"timeout: 30 min", "timeout: 20 s"}, {"time_to_alarm: 10 min", "time_to_alarm: 20 s"}}));
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "wait", "timeout"));
  BOOST_TEST(any_message_contains(r.events, "interlock", "occluder released (teardown)"));
}

BOOST_AUTO_TEST_CASE(controller_over_pressure_limit_releases_and_stops_within_one_reading) {
  TempDir tmp;
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"),
                                       fixture_with(tmp.path(), {{"over_pressure_limit: 1500 mmHg", "over_pressure_limit: 400 mmHg"}}));
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "interlock", "over-pressure"));
  // The release came with the first reading over the limit: the highest pressure recorded is
  // within one stream period (100 ms at ~5 mmHg/s) of it.
  const std::string io = read_text(tmp.path() / "run" / "io-station-1.csv");
  double peak = 0;
  std::istringstream in(io);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) peak = std::max(peak, std::stod(line.substr(line.find(',') + 1)));
  BOOST_TEST(peak > 400.0);
  BOOST_TEST(peak < 410.0);
}

BOOST_AUTO_TEST_CASE(the_board_trips_the_occluder_open_by_itself) {
  TempDir tmp;
  // The controller's limit above the board's: only the board acts.
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"),
                                       fixture_with(tmp.path(), {{"board_trip: 1600 mmHg", "board_trip: 400 mmHg"}}));
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "interlock", "tripped the occluder open by itself"));
}

BOOST_AUTO_TEST_CASE(a_lost_balance_during_the_occlusion_ends_in_the_safe_state) {
  TempDir tmp;
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"), std::nullopt,
                                       [](EventLoop& loop, sim::SimulatedBench* bench) {
                                         // Occluded from about 5.5 min on; the balance goes at 6 min.
                                         loop.schedule_at(seconds(6 * 60), [bench] { bench->balance("station-1")->set_silent(true); });
                                       });
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
}

BOOST_AUTO_TEST_CASE(ctrl_c_during_the_occlusion_ends_in_the_safe_state) {
  TempDir tmp;
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"), std::nullopt,
                                       [](EventLoop& loop, sim::SimulatedBench*) {
                                         loop.schedule_at(seconds(6 * 60), [] { std::raise(SIGINT); });
                                       });
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  BOOST_TEST(r.outcome.report.interrupted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "abort", "interrupted by signal"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(occlusion_stale)

BOOST_AUTO_TEST_CASE(stale_pressure_readings_while_occluded_release_the_line) {
  TempDir tmp;
  // The board goes quiet (it still obeys commands, but sends nothing) while the line is closed.
  bool occluded_when_silenced = false;
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"), std::nullopt,
                                       [&occluded_when_silenced](EventLoop& loop, sim::SimulatedBench* bench) {
                                         loop.schedule_at(seconds(6 * 60), [&occluded_when_silenced, bench, &loop] {
                                           occluded_when_silenced = bench->world("station-1")->occluder_closed(loop.now());
                                           bench->station("station-1").io_board()->set_silent(true);
                                         });
                                       });
  BOOST_TEST(occluded_when_silenced);
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "interlock", "pressure readings stale"));
  BOOST_TEST(any_message_contains(r.events, "fault", "rig I/O board lost"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(free_flow_safety)

BOOST_AUTO_TEST_CASE(a_free_flow_test_ended_with_the_door_open_has_it_closed_in_the_teardown) {
  TempDir tmp;
  // A failed clamp: the bag drains while the door is open. The balance is lost mid-observation.
  const OcclusionRun r = run_occlusion(tmp.path() / "run", source_path("scenarios/free-flow-80cm.yaml"),
                                       fixture_with(tmp.path(), {{"clamp_fails: false", "clamp_fails: true"}}),
                                       [](EventLoop& loop, sim::SimulatedBench* bench) {
                                         loop.schedule_at(seconds(90), [bench] { bench->balance("station-2")->set_silent(true); });
                                       });
  BOOST_TEST(r.outcome.report.exit_code == kExitAborted);
  expect_safe(r);
  BOOST_TEST(any_message_contains(r.events, "teardown", "operator confirmed the door closed"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(occlusion_pause)

BOOST_AUTO_TEST_CASE(a_paused_station_holds_with_the_line_open_and_the_pump_stopped) {
  TempDir tmp;
  bool occluded_before = false, occluded_in_pause = true, motor_in_pause = true;
  const OcclusionRun r = run_occlusion(
      tmp.path() / "run", source_path("scenarios/occlusion-25mlh-high.yaml"),
      fixture_with(tmp.path(), {{"  - id: station-1\n", "  - id: station-1\n    on_fault: pause\n"}}),
      [&](EventLoop& loop, sim::SimulatedBench* bench) {
        loop.schedule_at(seconds(6 * 60), [&, bench] {
          occluded_before = bench->world("station-1")->occluder_closed(loop.now());
          bench->balance("station-1")->set_silent(true);
        });
        // The balance gives up after its retries (a few s); the pause then holds until the
        // simulated operator answers 5 s later.
        loop.schedule_at(seconds(6 * 60 + 7), [&, bench] {
          occluded_in_pause = bench->world("station-1")->occluder_closed(loop.now());
          motor_in_pause = bench->world("station-1")->motor_running(loop.now());
        });
      });
  BOOST_TEST(occluded_before);
  BOOST_TEST(!occluded_in_pause);
  BOOST_TEST(!motor_in_pause);
  BOOST_TEST(any_message_contains(r.events, "interlock", "occluder released (station paused)"));
  expect_safe(r);
}

BOOST_AUTO_TEST_SUITE_END()
