#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "rig/drivers/ne1000/ne1000_pump.hpp"
#include "tests/ne1000/print.hpp"
#include "tests/ne1000/sim_bench.hpp"

using namespace pumprig;

namespace {

struct DriverBench : test::SimBench {
  explicit DriverBench(Ne1000Options o = {}, sim::SimNe1000Options so = {}) : SimBench(so) {
    o.events = [this](RigEvent e) { events.push_back(std::move(e)); };
    driver = std::make_unique<Ne1000Pump>(loop, *link.host, "pump-1", o);
  }
  ~DriverBench() { driver.reset(); }

  // Runs the loop until the callback has been called (at most `limit` of virtual time), checks it
  // was called exactly once, and returns its result.
  template <class T, class Call>
  Outcome<T> wait(Call call, Nanos limit = seconds(30)) {
    std::optional<Outcome<T>> result;
    int calls = 0;
    call([&result, &calls](Outcome<T> r) {
      ++calls;
      result.emplace(std::move(r));
    });
    const Nanos end = loop.now() + limit;
    while (!result && loop.now() < end) loop.run_until(std::min(end, loop.now() + milliseconds(5)));
    BOOST_REQUIRE_MESSAGE(result.has_value(), "callback not called within the limit");
    BOOST_TEST(calls == 1);
    return std::move(*result);
  }

  Outcome<InstrumentIdentity> connect() {
    return wait<InstrumentIdentity>([this](auto cb) { driver->connect(cb); });
  }
  Outcome<Unit> program(const PumpProgram& p) {
    return wait<Unit>([this, p](auto cb) { driver->program(p, cb); });
  }
  Outcome<Unit> start() {
    return wait<Unit>([this](auto cb) { driver->start(cb); });
  }
  Outcome<Unit> stop() {
    return wait<Unit>([this](auto cb) { driver->stop(cb); });
  }
  Outcome<PumpStatus> status() {
    return wait<PumpStatus>([this](auto cb) { driver->status(cb); });
  }
  Outcome<std::string> disconnect() {
    return wait<std::string>([this](auto cb) { driver->disconnect(cb); });
  }

  std::size_t count_events(const std::string& kind, const std::string& contains = "") const {
    return std::count_if(events.begin(), events.end(), [&](const RigEvent& e) {
      return to_string(e.kind) == kind && e.message.find(contains) != std::string::npos;
    });
  }

  std::vector<RigEvent> events;
  std::unique_ptr<Ne1000Pump> driver;
};

PumpProgram program_25_ml_h() {
  PumpProgram p;
  p.rate_ml_h = 25.0;
  p.syringe_diameter_mm = 26.59;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_driver)

BOOST_AUTO_TEST_CASE(connect_clears_power_up_alarm_identifies_and_enters_safe_mode) {
  DriverBench b;
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(id->manufacturer == "New Era Pump Systems");
  BOOST_TEST(id->model == "NE-1000");
  BOOST_TEST(id->firmware == "3.928");
  BOOST_TEST(id->serial.empty());  // no serial query in the protocol: the fixture fills it
  BOOST_TEST(id->protocol == "NE-1000 safe mode");
  BOOST_TEST(b.driver->safe_mode());
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.pump->safe_timeout_s() == 5);
  BOOST_TEST(b.pump->latched_alarm() == 0);
  BOOST_TEST(b.count_events("info", "A?R") == 1u);
  BOOST_TEST(b.driver->heartbeat_period() == seconds(5) / 3);
  // The status after connect does not report the power-up alarm again.
  const auto st = b.status();
  BOOST_TEST(st->state == PumpState::stopped);
  BOOST_TEST((st->alarm == PumpAlarm::none && st->alarm_text.empty()));
}

BOOST_AUTO_TEST_CASE(basic_mode_when_the_timeout_is_zero_and_other_addresses) {
  Ne1000Options o;
  o.safe_mode_timeout_s = 0;
  o.address = 3;
  sim::SimNe1000Options so;
  so.address = 3;
  DriverBench b(o, so);
  const auto id = b.connect();
  BOOST_REQUIRE(id.ok());
  BOOST_TEST(id->protocol == "NE-1000 basic mode");
  BOOST_TEST(!b.pump->safe_mode());
  b.advance(seconds(60));
  BOOST_TEST(b.driver->heartbeats_sent() == 0u);
  BOOST_TEST(b.program(program_25_ml_h()).ok());
  BOOST_TEST(b.pump->rate_ml_h() == 25.0);
}

BOOST_AUTO_TEST_CASE(program_commands_in_order) {
  DriverBench b;
  PumpProgram p = program_25_ml_h();
  auto cmds = b.driver->program_commands(p);
  BOOST_TEST(cmds.value() ==
                 (std::vector<std::string>{"DIA 26.59", "RAT 25.00 MH", "VOL 0.000", "DIR INF", "CLD INF", "CLD WDR"}),
             boost::test_tools::per_element());
  p.volume_ml = 2.5;
  p.syringe_diameter_mm.reset();
  cmds = b.driver->program_commands(p);
  BOOST_TEST(cmds.value() ==
                 (std::vector<std::string>{"RAT 25.00 MH", "VOL ML", "VOL 2.500", "DIR INF", "CLD INF", "CLD WDR"}),
             boost::test_tools::per_element());
  p.rate_ml_h = 0.0;
  BOOST_TEST(!b.driver->program_commands(p).ok());
  p.rate_ml_h = 1.0;
  p.volume_ml = 50000.0;
  BOOST_TEST(!b.driver->program_commands(p).ok());
}

BOOST_AUTO_TEST_CASE(program_run_status_stop) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  PumpProgram p = program_25_ml_h();
  p.volume_ml = 2.5;
  const auto programmed = b.program(p);
  BOOST_REQUIRE_MESSAGE(programmed.ok(), (programmed.ok() ? "" : programmed.error().what()));
  BOOST_TEST(b.pump->diameter_mm() == 26.59);
  BOOST_TEST(b.pump->rate_ml_h() == 25.0);
  BOOST_TEST(b.pump->rate_unit() == "MH");
  BOOST_TEST(b.pump->volume_target_ml() == 2.5);
  BOOST_TEST(!b.mech.running);

  BOOST_REQUIRE(b.start().ok());
  BOOST_TEST(b.mech.running);
  BOOST_TEST(b.mech.rate_ml_h == 25.0);
  b.advance(seconds(72));  // 0.5 ml at 25 ml/h
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(st->state == PumpState::infusing);
  BOOST_TEST((st->alarm == PumpAlarm::none && st->alarm_text.empty()));
  BOOST_REQUIRE(st->dispensed_ml.has_value());
  BOOST_TEST(*st->dispensed_ml == 0.5, boost::test_tools::tolerance(0.003));
  BOOST_TEST(b.loop.now() - st->t_ns < milliseconds(100));

  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.status()->state == PumpState::stopped);
}

BOOST_AUTO_TEST_CASE(rate_unit_is_chosen_to_fit_four_digits) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  PumpProgram p;
  p.syringe_diameter_mm = 4.699;  // 1 ml syringe: 0.73 ul/h .. 53 ml/h
  p.rate_ml_h = 0.0123;
  BOOST_REQUIRE(b.program(p).ok());
  BOOST_TEST(b.pump->rate_unit() == "UH");
  BOOST_TEST(b.pump->rate_ml_h() == 0.0123, boost::test_tools::tolerance(1e-12));
  p.syringe_diameter_mm = 26.59;
  p.rate_ml_h = 1.0 / 3.0;
  BOOST_REQUIRE(b.program(p).ok());
  BOOST_TEST(b.pump->rate_unit() == "UM");
  BOOST_TEST(b.pump->rate_ml_h() == 1.0 / 3.0, boost::test_tools::tolerance(1e-4));
  p.rate_ml_h = 1500.0;
  BOOST_REQUIRE(b.program(p).ok());
  BOOST_TEST(b.pump->rate_unit() == "MH");
  BOOST_TEST(b.pump->rate_ml_h() == 1500.0);
}

BOOST_AUTO_TEST_CASE(out_of_range_rate_is_an_error_naming_the_command) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  PumpProgram p = program_25_ml_h();
  p.rate_ml_h = 2000.0;  // above the 1699 ml/h a 26.59 mm syringe allows
  const auto r = b.program(p);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().what() == "pump-1: RAT 2000 MH rejected: ?OOR (out of range)");
  BOOST_TEST(b.pump->rate_ml_h() == 0.0);
  BOOST_TEST(b.driver->retries() == 0u);  // a rejection is an answer, not a transmission fault
}

BOOST_AUTO_TEST_CASE(monitoring_reports_infusing_then_a_stall) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  std::vector<PumpStatus> seen;
  int faults = 0;
  b.driver->start_monitoring(
      seconds(1), [&](const PumpStatus& s) { seen.push_back(s); }, [&](const DeviceError&) { ++faults; });
  b.mech.stall_at(b.loop.now() + milliseconds(10500));
  b.advance(seconds(15));
  b.driver->stop_monitoring();
  const std::size_t n = seen.size();
  b.advance(seconds(5));
  BOOST_TEST(seen.size() == n);  // stopped means stopped
  BOOST_TEST(faults == 0);
  BOOST_REQUIRE(n >= 14u);
  // Infusing with growing volume until the stall, one alarm, then stopped.
  auto first_alarm = std::find_if(seen.begin(), seen.end(), [](const PumpStatus& s) { return s.state == PumpState::alarm; });
  BOOST_REQUIRE(first_alarm != seen.end());
  BOOST_TEST((first_alarm->alarm == PumpAlarm::stall && first_alarm->alarm_text == "stall"));
  BOOST_TEST(first_alarm->t_ns >= *b.mech.stall_time);
  BOOST_TEST(first_alarm->t_ns < *b.mech.stall_time + seconds(2));
  for (auto it = seen.begin(); it != first_alarm; ++it) {
    BOOST_TEST(it->state == PumpState::infusing);
    if (it != seen.begin()) BOOST_TEST(*it->dispensed_ml > *(it - 1)->dispensed_ml);
  }
  BOOST_TEST(std::distance(seen.begin(), first_alarm) >= 9);
  for (auto it = first_alarm + 1; it != seen.end(); ++it) {
    BOOST_TEST(it->state == PumpState::stopped);
    BOOST_TEST((it->alarm == PumpAlarm::none && it->alarm_text.empty()));
  }
  BOOST_TEST(!b.mech.running);
}

BOOST_AUTO_TEST_CASE(alarm_drawn_by_a_command_is_resent_and_reported_by_the_next_status) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.mech.stall_at(b.loop.now() + milliseconds(200));
  b.advance(milliseconds(300));
  // STP draws A?S (and is not executed by the pump), so the driver says it again.
  BOOST_TEST(b.stop().ok());
  BOOST_TEST(b.count_events("alarm", "A?S") == 1u);
  const auto st = b.status();
  BOOST_TEST(st->state == PumpState::alarm);
  BOOST_TEST((st->alarm == PumpAlarm::stall && st->alarm_text == "stall"));
  BOOST_TEST(b.status()->state == PumpState::stopped);
}

BOOST_AUTO_TEST_CASE(heartbeat_keeps_the_pump_alive_for_ten_simulated_minutes) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.advance(seconds(600));
  BOOST_TEST(b.pump->comms_timeouts() == 0u);
  BOOST_TEST(b.pump->latched_alarm() == 0);
  BOOST_TEST(b.mech.running);
  // A poll every third of the 5 s timeout: about 360 in 10 minutes.
  BOOST_TEST(b.driver->heartbeats_sent() >= 350u);
  BOOST_TEST(b.driver->heartbeats_sent() <= 362u);
  BOOST_TEST(b.mech.volume_ml == 25.0 * 600.0 / 3600.0, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(killing_the_controller_makes_the_pump_stop_by_itself) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.advance(seconds(30));
  b.driver.reset();  // the heartbeat dies with it
  // The last poll was at most a heartbeat period (5/3 s) ago, so the pump holds out at least 3.3 s.
  b.advance(seconds(3));
  BOOST_TEST(b.mech.running);
  BOOST_TEST(b.pump->comms_timeouts() == 0u);
  b.advance(seconds(2) + milliseconds(100));
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.pump->comms_timeouts() == 1u);
  BOOST_TEST(b.pump->auto_alarms_sent() == 1u);  // A?T, unprompted, to nobody

  // A new controller finds the pump stopped in safe mode, follows it and takes over.
  Ne1000Options o;
  o.events = [&b](RigEvent e) { b.events.push_back(std::move(e)); };
  b.driver = std::make_unique<Ne1000Pump>(b.loop, *b.link.host, "pump-1", o);
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(b.driver->safe_mode());
  BOOST_TEST(b.count_events("info", "pump answered in safe mode") == 1u);
  BOOST_TEST(b.pump->latched_alarm() == 0);
}

BOOST_AUTO_TEST_CASE(garbled_reply_is_retried_and_logged) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  b.pump->corrupt_crc_next_reply();
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(b.driver->retries() == 1u);
  BOOST_TEST(b.count_events("retry", "garbled reply to status poll") == 1u);

  // Line noise before a reply costs nothing: the framer drops it.
  b.pump->inject_garbage_next_reply();
  BOOST_TEST(b.status().ok());
  BOOST_TEST(b.driver->retries() == 1u);

  // In basic mode a mangled prompt is caught by the parser and retried the same way.
  BOOST_REQUIRE(b.disconnect().ok());
  b.pump->corrupt_crc_next_reply();
  BOOST_TEST(b.status().ok());
  BOOST_TEST(b.driver->retries() == 2u);
}

BOOST_AUTO_TEST_CASE(silent_pump_fails_after_the_configured_attempts) {
  DriverBench b;
  b.pump->set_silent(true);
  const auto id = b.connect();
  BOOST_REQUIRE(!id.ok());
  BOOST_TEST(id.error().what() == "pump-1: no reply to status poll within 1000 ms; gave up after 3 attempts");
  BOOST_TEST(b.count_events("retry") == 2u);
}

BOOST_AUTO_TEST_CASE(disconnect_stops_and_leaves_safe_mode) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.advance(seconds(10));
  BOOST_REQUIRE(b.disconnect().ok());
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(!b.pump->safe_mode());
  BOOST_TEST(!b.driver->safe_mode());
  const auto polls = b.pump->commands_executed();
  b.advance(seconds(60));
  BOOST_TEST(b.pump->commands_executed() == polls);  // no more heartbeat
  BOOST_TEST(b.pump->comms_timeouts() == 0u);
  BOOST_TEST(b.status()->state == PumpState::stopped);  // still talking, in basic mode
}

BOOST_AUTO_TEST_CASE(destroying_with_requests_pending_calls_every_callback_once) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  int program_calls = 0, status_calls = 0, start_calls = 0;
  std::string program_error;
  b.driver->program(program_25_ml_h(), [&](Outcome<Unit> r) {
    ++program_calls;
    if (!r) program_error = r.error().what();
  });
  b.driver->status([&](Outcome<PumpStatus> r) { status_calls += r.ok() ? 100 : 1; });
  b.driver->start([&](Outcome<Unit> r) { start_calls += r.ok() ? 100 : 1; });
  b.advance(milliseconds(15));  // the first program command is on the wire
  b.driver.reset();
  b.advance(seconds(10));
  BOOST_TEST(program_calls == 1);
  BOOST_TEST(status_calls == 1);
  BOOST_TEST(start_calls == 1);
  BOOST_TEST(program_error.find("cancelled: pump driver destroyed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(callback_may_destroy_the_driver) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  int calls = 0;
  b.driver->start_monitoring(
      seconds(1),
      [&](const PumpStatus&) {
        ++calls;
        b.driver.reset();
      },
      [](const DeviceError&) {});
  b.advance(seconds(5));
  BOOST_TEST(calls == 1);
  BOOST_TEST(!b.driver);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_driver_faults)

BOOST_AUTO_TEST_CASE(power_loss_in_safe_mode_shows_as_a_reset_alarm_until_connect_again) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  std::vector<PumpStatus> statuses;
  std::vector<DeviceError> faults;
  b.driver->start_monitoring(
      seconds(1), [&](const PumpStatus& s) { statuses.push_back(s); }, [&](const DeviceError& e) { faults.push_back(e); });
  b.advance(seconds(3));
  statuses.clear();
  // The pump comes back in safe mode and says so unprompted (A?R); our packets are still answered.
  b.pump->power_cycle();
  BOOST_TEST(!b.mech.running);
  b.advance(seconds(3));
  BOOST_TEST(faults.empty());
  BOOST_REQUIRE(!statuses.empty());
  BOOST_TEST((statuses.front().state == PumpState::alarm));
  BOOST_TEST((statuses.front().alarm == PumpAlarm::reset));
  BOOST_TEST((statuses.back().state == PumpState::stopped));
  BOOST_TEST(b.count_events("alarm", "A?R (reset) sent unprompted (auto-alarm)") == 1u);
  BOOST_TEST(b.driver->retries() == 0u);
  b.driver->stop_monitoring();
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.start().ok());
  BOOST_TEST(b.mech.running);
}

BOOST_AUTO_TEST_CASE(power_loss_in_basic_mode_goes_unanswered_until_connect_again) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  // A pump whose safe mode was switched off on its front panel (SAF 0) just before it lost
  // power comes back in basic mode: our safe-mode packets are answered in basic framing, which
  // the driver does not trust in safe mode.
  b.link.host->write(encode_ne1000_safe_request(0, "SAF 0"));
  b.advance(milliseconds(50));
  BOOST_REQUIRE(!b.pump->safe_mode());
  b.pump->power_cycle();
  std::vector<DeviceError> faults;
  b.driver->start_monitoring(
      seconds(1), [](const PumpStatus&) {}, [&](const DeviceError& e) { faults.push_back(e); });
  b.advance(seconds(10));
  BOOST_REQUIRE(!faults.empty());
  BOOST_TEST(faults.front().what().find("status poll") != std::string::npos);
  b.driver->stop_monitoring();
  // connect() follows the pump into basic mode and restores safe mode. (A?R went out in place
  // of a reply the driver did not trust in safe mode.)
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.pump->latched_alarm() == 0);
  BOOST_TEST(b.driver->safe_mode());
  BOOST_TEST(b.start().ok());
  BOOST_TEST(b.mech.running);
}

BOOST_AUTO_TEST_CASE(replies_slower_than_the_timeout_stay_in_step) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.advance(seconds(36));
  b.pump->set_latency(milliseconds(1200));  // the driver gives up waiting after 1 s and resends
  for (int i = 0; i < 3; ++i) {
    const auto st = b.status();
    BOOST_REQUIRE(st.ok());
    BOOST_TEST(st->state == PumpState::infusing);
    BOOST_REQUIRE(st->dispensed_ml.has_value());  // a late poll reply never passes for DIS's
    BOOST_TEST(*st->dispensed_ml > 0.25);
  }
  BOOST_TEST(b.driver->retries() >= 6u);
  b.pump->set_latency(milliseconds(10));
  BOOST_TEST(b.stop().ok());
  BOOST_TEST(!b.mech.running);
}

BOOST_AUTO_TEST_CASE(com_error_is_retried) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  // A stray CR on the line reaches the pump (in safe mode) just before the poll: the pump answers
  // it with ?COM, which the driver takes as "my packet was not understood" and resends.
  b.link.host->write(std::string("\r"));
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(st->state == PumpState::stopped);
  BOOST_TEST(b.driver->retries() == 1u);
  BOOST_TEST(b.count_events("retry", "?COM") == 1u);
  BOOST_TEST(b.pump->bad_packets() == 1u);
  // The resent poll's own (late) reply must not be taken for the DIS reply that follows.
  BOOST_TEST(st->dispensed_ml.has_value());
  const auto again = b.status();
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->dispensed_ml.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

// Lifecycle (rig/devices/lifecycle.hpp): the pump never gets RUN unless it is connected with its
// safe-mode heartbeat running; stop and queries are never refused.
BOOST_AUTO_TEST_CASE(start_is_refused_without_the_safe_mode_heartbeat) {
  DriverBench b;
  const Pump& pump = *b.driver;
  BOOST_TEST(pump.state() == DeviceState::unconfigured);
  auto refused = b.start();
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().what() == "pump-1: RUN refused: the driver is unconfigured (connect first)");
  BOOST_TEST(!b.program(program_25_ml_h()).ok());
  BOOST_TEST(b.pump->commands_executed() == 0u);  // nothing reached the pump
  BOOST_TEST(!b.mech.running);

  BOOST_REQUIRE(b.connect().ok());
  BOOST_TEST(pump.state() == DeviceState::configured);
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  BOOST_TEST(pump.state() == DeviceState::active);
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(pump.state() == DeviceState::configured);

  // After disconnect the heartbeat is off (the pump is back in basic mode): no start.
  BOOST_REQUIRE(b.disconnect().ok());
  BOOST_TEST(pump.state() == DeviceState::unconfigured);
  const auto executed = b.pump->commands_executed();
  refused = b.start();
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("refused") != std::string::npos);
  BOOST_TEST(b.pump->commands_executed() == executed);
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.stop().ok());     // toward the safe state: always sent
  BOOST_TEST(b.status().ok());   // a query: always
}

BOOST_AUTO_TEST_CASE(a_fixture_in_basic_mode_may_start_without_a_heartbeat) {
  Ne1000Options o;
  o.safe_mode_timeout_s = 0;  // the fixture chose basic mode: there is no heartbeat to wait for
  DriverBench b(o);
  BOOST_REQUIRE(b.connect().ok());
  BOOST_TEST(!b.driver->safe_mode());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_TEST(b.start().ok());
  BOOST_TEST(b.mech.running);
}

BOOST_AUTO_TEST_SUITE(ne1000_driver_manual)

BOOST_AUTO_TEST_CASE(unprompted_stall_alarm_is_reported_and_never_taken_for_a_reply) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.mech.stall_at(b.loop.now() + seconds(10));
  b.advance(seconds(11));
  BOOST_TEST(b.pump->auto_alarms_sent() == 1u);
  BOOST_TEST(b.count_events("alarm", "A?S (stall) sent unprompted (auto-alarm)") == 1u);
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST((st->state == PumpState::alarm));
  BOOST_TEST((st->alarm == PumpAlarm::stall));
  BOOST_TEST((b.status()->state == PumpState::stopped));  // reported once
  BOOST_TEST(b.driver->retries() == 0u);
}

BOOST_AUTO_TEST_CASE(unprompted_alarm_arriving_while_a_request_is_on_the_wire) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  // The stall falls inside the pump's reply latency to a status poll.
  b.pump->set_latency(milliseconds(300));
  std::optional<Outcome<PumpStatus>> st;
  b.driver->status([&](Outcome<PumpStatus> r) { st.emplace(std::move(r)); });
  b.mech.stall_at(b.loop.now() + milliseconds(50));
  b.advance(seconds(3));
  BOOST_REQUIRE(st.has_value());
  BOOST_REQUIRE(st->ok());
  BOOST_TEST((st->value().alarm == PumpAlarm::stall));
  BOOST_TEST(st->value().dispensed_ml.has_value());  // the poll's and DIS's own replies were used
  BOOST_TEST(b.driver->retries() == 0u);
}

BOOST_AUTO_TEST_CASE(connects_to_a_pump_that_powered_up_in_safe_mode) {
  sim::SimNe1000Options so;
  so.safe_timeout_s_at_power_up = 20;
  DriverBench b({}, so);
  b.advance(seconds(1));  // the pump's unprompted A?R goes by before anyone asks
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(b.count_events("info", "pump answered in safe mode") == 1u);
  BOOST_TEST(b.driver->safe_mode());
  BOOST_TEST(b.pump->safe_timeout_s() == 5);  // ours, not the one it powered up with
  BOOST_TEST(b.count_events("alarm") == 0u);
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_TEST(b.start().ok());
  BOOST_TEST(b.mech.running);
}

BOOST_AUTO_TEST_CASE(ignored_command_is_resent) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  b.pump->ignore_next_command();
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_TEST(b.pump->rate_ml_h() == 25.0);
  BOOST_TEST(b.count_events("retry", "DIA 26.59 answered ?IGN (ignored): resent") == 1u);
}

BOOST_AUTO_TEST_CASE(stop_leaves_the_pump_stopped_not_paused) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.advance(seconds(5));
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(!b.pump->paused());
  BOOST_TEST(b.pump->prompt_now() == 'S');
  BOOST_TEST((b.status()->state == PumpState::stopped));
  // Stopping a stopped pump takes one STP.
  const auto before = b.pump->commands_executed();
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(b.pump->commands_executed() == before + 1);
}

BOOST_AUTO_TEST_CASE(program_states_and_program_alarms_are_reported) {
  Ne1000Options o;
  o.safe_mode_timeout_s = 0;  // basic mode: alarms come in place of the next reply
  DriverBench b(o);
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(program_25_ml_h()).ok());
  BOOST_REQUIRE(b.start().ok());
  b.pump->enter_program_wait('T');
  BOOST_TEST((b.status()->state == PumpState::paused));
  b.pump->enter_program_wait('U');
  BOOST_TEST((b.status()->state == PumpState::paused));
  b.pump->raise_program_alarm('E');
  auto st = b.status();
  BOOST_TEST((st->state == PumpState::alarm));
  BOOST_TEST((st->alarm == PumpAlarm::program_error));
  b.pump->raise_program_alarm('O');
  st = b.status();
  BOOST_TEST((st->alarm == PumpAlarm::program_error));
  BOOST_TEST(st->alarm_text.find("out of range") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
