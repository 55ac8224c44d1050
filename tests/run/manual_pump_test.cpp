// A pump without a remote interface: the operator sets, starts and stops it when asked. On a
// simulated bench the simulated operator's hands do it on the station's world, so the physics
// (and the analysis) see the pump that was asked for.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cmath>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// The embedded bench with its NE-1000 replaced by a manual syringe pump (same simulated mechanism).
fs::path write_manual_pump_fixture(const fs::path& dir) {
  std::string text = one_station_sim_bench_text();
  const auto from = text.find("    pump:\n");
  const auto to = text.find("      syringe:", from);
  BOOST_REQUIRE(from != std::string::npos && to != std::string::npos);
  text.replace(from, to - from,
               "    pump:\n"
               "      name: pump-1\n"
               "      driver: manual\n"
               "      class: syringe\n"
               "      min_rate: 0.01 ml/h\n"
               "      max_rate: 1500 ml/h\n");
  const fs::path path = dir / "manual-pump.yaml";
  write_text(path, text);
  return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_manual_pump)

BOOST_AUTO_TEST_CASE(the_simulated_operator_runs_a_manual_pump) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", dir);
  o.fixture_path = write_manual_pump_fixture(tmp.path()).string();
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
  const auto events = read_events(dir);
  BOOST_TEST(any_message_contains(events, "prompt", "Set the pump to 25 ml/h"));
  BOOST_TEST(any_message_contains(events, "prompt", "Press start on the pump"));
  BOOST_TEST(any_message_contains(events, "prompt", "Press stop on the pump"));
  BOOST_TEST(!fs::exists(dir / "wire-pump-1.log"));
  const nlohmann::json result = read_json(dir / "result.json");
  const nlohmann::json& acc = result.at("tests").at(0);
  BOOST_TEST(std::fabs(acc.at("mean_error_pct").get<double>() - 0.5) < 0.05);
  BOOST_TEST(acc.at("rate_ml_h").get<double>() == 25.0);
}

// Issue 12, item 7: a manual syringe pump at 1 ml/h takes about 7.5 min to take up its slack.
// The test's t = 0 is the operator's start, so the start-up graph shows that delay, and the flow
// check allows for it (default start-up allowance 15 min).
BOOST_AUTO_TEST_CASE(a_manual_syringe_pump_at_1_ml_h_passes_and_its_start_up_graph_starts_at_the_operators_start) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-1mlh.yaml", dir);
  o.fixture_path = write_manual_pump_fixture(tmp.path()).string();
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
  const auto events = read_events(dir);
  BOOST_TEST(any_message_contains(events, "prompt", "confirm at the moment you press it"));
  BOOST_TEST(!any_message_contains(events, "fault", ""));
  // t = 0 at the answer; the balance sees the flow minutes later.
  double t0_s = -1, answered_s = -2, flow_t = -1;
  for (const auto& e : events) {
    const std::string m = e.value("message", "");
    if (m.rfind("pump started: test time t = 0", 0) == 0) t0_s = e.at("t_s").get<double>();
    if (e.value("kind", "") == "answer" && e.at("data").value("prompt", "").rfind("Press start on the pump", 0) == 0)
      answered_s = e.at("t_s").get<double>();
    if (m.rfind("balance confirms the flow started", 0) == 0) flow_t = e.at("data").at("detected_t_s").get<double>();
  }
  BOOST_TEST(t0_s == answered_s);
  BOOST_TEST(flow_t > 5 * 60.0);
  BOOST_TEST(flow_t < 10 * 60.0);
  const nlohmann::json acc = read_json(dir / "result.json").at("tests").at(0);
  BOOST_TEST(acc.at("rate_ml_h").get<double>() == 1.0);
  BOOST_TEST(acc.at("startup_delay_min").get<double>() > 5.0);
  // The start-up graph's first hour carries the delay: less than the set rate.
  BOOST_TEST(acc.at("hourly").at(0).at("mean_flow_ml_h").get<double>() < 0.95);
}

BOOST_AUTO_TEST_CASE(an_interrupted_run_has_the_operator_stop_a_manual_pump) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", dir);
  o.fixture_path = write_manual_pump_fixture(tmp.path()).string();
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr](EventLoop& loop, sim::SimulatedBench*) {
    *loop_ptr = &loop;
    loop.schedule_at(seconds(600), [] { std::raise(SIGINT); });
  };
  bool running_at_end = true;
  o.after_run = [&, loop_ptr](sim::SimulatedBench* bench) {
    running_at_end = bench->world("station-1")->motor_running((*loop_ptr)->now());
  };
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  BOOST_TEST(!running_at_end);
  const auto events = read_events(dir);
  // The teardown drives the manual pump as it drives a remote one: the operator is asked, the
  // balance confirms, and the station records the pump stopped.
  std::size_t teardown_at = events.size();
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i].value("kind", "") == "teardown") {
      teardown_at = i;
      break;
    }
  BOOST_REQUIRE(teardown_at < events.size());
  const std::vector<nlohmann::json> after(events.begin() + static_cast<long>(teardown_at), events.end());
  BOOST_TEST(any_message_contains(after, "prompt", "Press stop on the pump"));
  BOOST_TEST(any_message_contains(after, "pump", "balance confirms the flow stopped"));
  BOOST_TEST(any_message_contains(after, "teardown", "pump-1 stopped"));
}

BOOST_AUTO_TEST_CASE(a_manual_pump_never_started_asks_nobody_to_stop_it) {
  // Aborted during the check weight, before any start: the teardown has nothing to stop.
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", dir);
  o.fixture_path = write_manual_pump_fixture(tmp.path()).string();
  o.before_start = [](EventLoop& loop, sim::SimulatedBench*) { loop.schedule_at(seconds(5), [] { std::raise(SIGINT); }); };
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  const auto events = read_events(dir);
  BOOST_TEST(!any_message_contains(events, "prompt", "Press stop on the pump"));
  BOOST_TEST(any_message_contains(events, "teardown", "pump-1 stopped"));
  BOOST_TEST(any_message_contains(events, "identity", "pump-1:"));  // the DUT, as the fixture names it
}

BOOST_AUTO_TEST_SUITE_END()
