// Faults during a run, injected into the simulated instruments on the run's own loop: the run
// either rides them out (a garbled line) or ends aborted in the safe state with the data so far
// on disk and a reason a tester can act on.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

constexpr const char* kStation = "station-1";
constexpr const char* kScenario = "scenarios/iec-accuracy-25mlh.yaml";

// What the physical world and the simulated instruments look like once the run has ended.
struct SafeState {
  bool checked = false;
  bool motor_running = true;
  bool pump_running = true;     // the pump's own idea (prompt I vs S)
  bool pump_safe_mode = true;   // still in remote safe mode: the controller did not say goodbye
  bool balance_streaming = true;
  double delivered_ml_at_end = 0;
  double delivered_ml_later = 0;  // a simulated minute after the run: nothing more may arrive
};

// Options with a fault scheduled at `at` (loop time) and the safe state captured after the run.
RunOptions faulty_run(const fs::path& dir, Nanos at, std::function<void(EventLoop&, sim::SimulatedBench&)> fault,
                      SafeState& state) {
  RunOptions o = options(kScenario, dir);
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr, at, fault](EventLoop& loop, sim::SimulatedBench* bench) {
    *loop_ptr = &loop;
    loop.schedule_at(at, [&loop, bench, fault] { fault(loop, *bench); });
  };
  o.after_run = [loop_ptr, &state](sim::SimulatedBench* bench) {
    const Nanos now = (*loop_ptr)->now();
    sim::StationWorld* world = bench->world(kStation);
    // A stall is cleared as an operator would: a pump that was really stopped stays stopped.
    world->set_stalled(now, false);
    state.motor_running = world->motor_running(now);
    state.pump_running = bench->pump(kStation)->running();
    state.pump_safe_mode = bench->pump(kStation)->safe_mode();
    state.balance_streaming = bench->balance(kStation)->streaming();
    state.delivered_ml_at_end = world->plunger_volume_ml(now);
    state.delivered_ml_later = world->plunger_volume_ml(now + seconds(60));
    state.checked = true;
  };
  return o;
}

void check_safe_state(const SafeState& s) {
  BOOST_REQUIRE(s.checked);
  BOOST_TEST(!s.motor_running);
  BOOST_TEST(!s.pump_running);
  BOOST_TEST(!s.pump_safe_mode);
  BOOST_TEST(!s.balance_streaming);
  BOOST_TEST(s.delivered_ml_later == s.delivered_ml_at_end);
}

// The teardown the station must go through, in order, whatever ended the run.
void check_teardown_events(const std::vector<nlohmann::json>& events) {
  std::vector<std::string> teardown;
  for (const auto& e : events_of_kind(events, "teardown")) teardown.push_back(e.value("message", ""));
  BOOST_REQUIRE_EQUAL(teardown.size(), 5u);
  BOOST_TEST(teardown[0] == "teardown to the safe state");
  BOOST_TEST(teardown[1] == "pump-1 stopped");
  BOOST_TEST(teardown[2] == "pump-1 left remote safe mode");
  BOOST_TEST(teardown[3] == "balance readings stopped");
  BOOST_TEST(teardown[4] == "io-1 stream and heartbeat stopped, occluder open");
  // The occluder is released first of all, before the pump is stopped.
  std::size_t released = events.size(), pump_stopped = events.size();
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].value("message", "") == "occluder released (teardown)" && released == events.size()) released = i;
    if (events[i].value("message", "") == "pump-1 stopped" && pump_stopped == events.size()) pump_stopped = i;
  }
  BOOST_TEST(released < pump_stopped);
}

struct Aborted {
  nlohmann::json run_json;
  std::vector<nlohmann::json> events;
  CsvReadings samples;
};

Aborted check_aborted(const RunOutcome& r, const fs::path& dir, const std::string& reason_part) {
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  Aborted a;
  a.run_json = read_json(dir / "run.json");
  BOOST_TEST(a.run_json.at("status").get<std::string>() == "aborted");
  const std::string reason = a.run_json.value("end_reason", "");
  BOOST_TEST(reason.find(reason_part) != std::string::npos, "end_reason '" << reason << "' lacks '" << reason_part << "'");
  BOOST_TEST(r.out.find("ABORTED") != std::string::npos);
  // The result still says what happened. Every fault here comes before the analysis period
  // (the second hour), so the accuracy test has no verdict.
  const nlohmann::json result = read_json(dir / "result.json");
  BOOST_TEST(result.at("run").at("status").get<std::string>() == "aborted");
  BOOST_TEST(result.at("run").at("stations").at(0).at("reason").get<std::string>().find(reason_part) != std::string::npos);
  BOOST_TEST(result.at("tests").at(0).at("verdict").get<std::string>() == "inconclusive");
  const RunFolderContents folder = load_run_folder(dir);
  BOOST_TEST((folder.status == RunStatus::aborted));
  BOOST_TEST(!folder.interrupted);  // aborted by the controller, not killed: run.json was finished
  a.events = read_events(dir);
  BOOST_TEST(events_of_kind(a.events, "abort").size() >= 1u);
  a.samples = read_readings_csv((dir / "samples-station-1.csv").string());
  return a;
}

double last_sample_s(const CsvReadings& s) { return s.readings.empty() ? -1e9 : s.readings.back().t_s; }

}  // namespace

BOOST_AUTO_TEST_SUITE(run_faults)

BOOST_AUTO_TEST_CASE(balance_going_silent_aborts_with_the_data_so_far_and_the_pump_stopped) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  const Nanos fault_at = seconds(30 * 60);
  const RunOutcome r = run(faulty_run(dir, fault_at, [](EventLoop&, sim::SimulatedBench& b) {
    b.balance(kStation)->set_silent(true);
  }, state));
  const Aborted a = check_aborted(r, dir, "balance-1");
  check_safe_state(state);
  check_teardown_events(a.events);

  // Every reading up to the fault is on disk, none after it (the balance said nothing more).
  const double t0 = t0_s(a.events);
  const double fault_s = to_seconds(fault_at) - t0;
  BOOST_TEST(last_sample_s(a.samples) > fault_s - 1.5);
  BOOST_TEST(last_sample_s(a.samples) < fault_s);
  const auto after_start = std::count_if(a.samples.readings.begin(), a.samples.readings.end(),
                                         [](const MassReading& m) { return m.t_s >= 0; });
  BOOST_TEST(after_start >= static_cast<long>(fault_s) - 1);
  // The driver tried again before giving up, and the fault came within the retries' time.
  BOOST_TEST(any_message_contains(a.events, "retry", "SI"));
  const auto faults = events_of_kind(a.events, "fault");
  BOOST_REQUIRE(!faults.empty());
  BOOST_TEST(faults.front().at("t_s").get<double>() < to_seconds(fault_at) + 5.0);
}

BOOST_AUTO_TEST_CASE(a_balance_that_never_answers_aborts_before_anything_moves) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  RunOptions o = faulty_run(dir, 0, [](EventLoop&, sim::SimulatedBench&) {}, state);
  auto inner = o.before_start;
  o.before_start = [inner](EventLoop& loop, sim::SimulatedBench* bench) {
    bench->balance(kStation)->set_silent(true);
    inner(loop, bench);
  };
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  const nlohmann::json run_json = read_json(dir / "run.json");
  BOOST_TEST(run_json.at("status").get<std::string>() == "aborted");
  BOOST_TEST(run_json.value("end_reason", "").find("balance-1") != std::string::npos);
  const auto events = read_events(dir);
  BOOST_TEST(events_of_kind(events, "step").empty());
  BOOST_TEST(any_message_contains(events, "teardown", "balance readings stopped"));
  // The pump was never connected (the balance comes first), so it was never started either.
  BOOST_REQUIRE(state.checked);
  BOOST_TEST(!state.motor_running);
  BOOST_TEST(state.delivered_ml_at_end == 0.0);
  const nlohmann::json result = read_json(dir / "result.json");
  BOOST_TEST(result.at("tests").at(0).at("verdict").get<std::string>() == "inconclusive");
}

BOOST_AUTO_TEST_CASE(one_garbled_reply_is_retried_and_the_run_finishes) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  const RunOutcome r = run(faulty_run(dir, seconds(10 * 60), [](EventLoop&, sim::SimulatedBench& b) {
    b.balance(kStation)->inject_garbage_next_reply();
  }, state));
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitPass);
  BOOST_TEST(read_json(dir / "run.json").at("status").get<std::string>() == "finished");
  const auto events = read_events(dir);
  const auto retries = events_of_kind(events, "retry");
  BOOST_REQUIRE_EQUAL(retries.size(), 1u);
  BOOST_TEST(retries[0].value("source", "") == "balance-1");
  BOOST_TEST(retries[0].at("t_s").get<double>() >= 600.0);
  BOOST_TEST(retries[0].at("t_s").get<double>() < 602.0);
  BOOST_TEST(events_of_kind(events, "abort").empty());
  // The retried poll still gave its reading: no gap in the data.
  const CsvReadings samples = read_readings_csv((dir / "samples-station-1.csv").string());
  for (std::size_t i = 1; i < samples.readings.size(); ++i)
    if (samples.readings[i - 1].t_s >= 0) BOOST_TEST(samples.readings[i].t_s - samples.readings[i - 1].t_s < 2.0);
  check_safe_state(state);
}

BOOST_AUTO_TEST_CASE(pump_stall_alarm_aborts_and_the_pump_is_stopped) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  const Nanos fault_at = seconds(20 * 60);
  const RunOutcome r = run(faulty_run(dir, fault_at, [](EventLoop& loop, sim::SimulatedBench& b) {
    b.world(kStation)->set_stalled(loop.now(), true);
  }, state));
  const Aborted a = check_aborted(r, dir, "stall");
  BOOST_TEST(a.run_json.value("end_reason", "").find("alarm") != std::string::npos);
  BOOST_TEST(any_message_contains(a.events, "alarm", "stall"));
  check_safe_state(state);
  check_teardown_events(a.events);
  // Noticed on the next status poll (1 s).
  const auto aborts = events_of_kind(a.events, "abort");
  BOOST_TEST(aborts.front().at("t_s").get<double>() < to_seconds(fault_at) + 2.0);
  BOOST_TEST(last_sample_s(a.samples) > to_seconds(fault_at) - t0_s(a.events) - 1.0);
}

BOOST_AUTO_TEST_CASE(pump_going_silent_aborts_and_the_pump_stops_itself_in_safe_mode) {
  // The controller cannot stop a pump it cannot reach: the teardown says so, and the pump's
  // safe-mode watchdog stops the motor when the heartbeat ends.
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  const Nanos fault_at = seconds(15 * 60);
  RunOptions o = faulty_run(dir, fault_at, [](EventLoop&, sim::SimulatedBench& b) {
    b.pump(kStation)->set_silent(true);
  }, state);
  // The pump's own view is checked after the watchdog had its chance: the silent pump never
  // hears the controller's goodbye, so it stays in safe mode with its comms-timeout alarm.
  bool stopped_at_end = false;
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  auto inner_before = o.before_start;
  o.before_start = [loop_ptr, inner_before](EventLoop& loop, sim::SimulatedBench* bench) {
    *loop_ptr = &loop;
    inner_before(loop, bench);
  };
  o.after_run = [&, loop_ptr](sim::SimulatedBench* bench) {
    const Nanos now = (*loop_ptr)->now();
    sim::StationWorld* world = bench->world(kStation);
    stopped_at_end = !world->motor_running(now);
    state.delivered_ml_at_end = world->plunger_volume_ml(now);
    state.delivered_ml_later = world->plunger_volume_ml(now + seconds(60));
    state.checked = true;
  };
  const RunOutcome r = run(o);
  const Aborted a = check_aborted(r, dir, "pump-1");
  BOOST_REQUIRE(state.checked);
  BOOST_TEST(stopped_at_end);
  BOOST_TEST(state.delivered_ml_later == state.delivered_ml_at_end);
  BOOST_TEST(any_message_contains(a.events, "teardown", "did not confirm the stop"));
  BOOST_TEST(any_message_contains(a.events, "teardown", "balance readings stopped"));
}

BOOST_AUTO_TEST_CASE(a_recording_failure_aborts_the_run_in_the_safe_state) {
  // The samples file cannot be created (a directory has its name; permissions would not stop
  // root): the first sample at the pump start fails to record, and a run that cannot record
  // must not go on pumping.
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  RunOptions o = faulty_run(dir, 0, [](EventLoop&, sim::SimulatedBench&) {}, state);
  auto inner = o.before_start;
  o.before_start = [inner, dir](EventLoop& loop, sim::SimulatedBench* bench) {
    fs::create_directory(dir / "samples-station-1.csv");
    inner(loop, bench);
  };
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitAborted);
  const nlohmann::json run_json = read_json(dir / "run.json");
  BOOST_TEST(run_json.at("status").get<std::string>() == "aborted");
  const std::string reason = run_json.value("end_reason", "");
  BOOST_TEST(reason.find("recording failed") != std::string::npos, reason);
  BOOST_TEST(reason.find("samples-station-1.csv") != std::string::npos, reason);
  check_safe_state(state);
  const auto events = read_events(dir);
  check_teardown_events(events);
  BOOST_TEST(any_message_contains(events, "abort", "recording failed"));
}

BOOST_AUTO_TEST_CASE(sigint_ends_the_run_in_the_safe_state) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  SafeState state;
  const Nanos fault_at = seconds(10 * 60);
  struct sigaction before {};
  sigaction(SIGINT, nullptr, &before);
  const RunOutcome r = run(faulty_run(dir, fault_at, [](EventLoop&, sim::SimulatedBench&) { std::raise(SIGINT); }, state));
  const Aborted a = check_aborted(r, dir, "interrupted");
  check_safe_state(state);
  check_teardown_events(a.events);
  const auto aborts = events_of_kind(a.events, "abort");
  BOOST_TEST(aborts.front().value("source", "") == "runner");
  // The runner polls the flag every 200 ms of loop time.
  BOOST_TEST(aborts.front().at("t_s").get<double>() <= to_seconds(fault_at) + 0.25);
  // The run's own handler is gone again: a later Ctrl-C does what it did before the run.
  struct sigaction after {};
  sigaction(SIGINT, nullptr, &after);
  BOOST_TEST((after.sa_handler == before.sa_handler));
}

BOOST_AUTO_TEST_SUITE_END()
