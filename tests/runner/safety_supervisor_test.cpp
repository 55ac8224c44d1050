// The safety supervisor alone, on fake devices (fake_devices.hpp): the over-pressure interlock
// (release, then stop, then abort, once), the board's own trip answered the same way, the safe
// hold of what is connected only, and the teardown order (line, door, pump, streams).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/config/fixture.hpp"
#include "rig/runner/safety_supervisor.hpp"
#include "tests/runner/fake_devices.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

struct SupervisorOnFakes {
  EventLoop loop{std::make_unique<VirtualClock>()};
  FakeWorld world{loop};
  Fixture fixture = load_fixture_or_default(std::nullopt);
  const StationConfig& station = fixture.stations.at(0);  // an I/O board with an over-pressure limit
  FakeBalance balance{world};
  FakePump pump{world};
  FakeIoBoard io{world};
  std::vector<RigEvent> events;
  std::vector<std::string> aborts;
  std::vector<Marker> marks;
  int pump_stopped_calls = 0;
  bool confirm_door = true;
  SafetySupervisor safety{station, balance, pump, &io, host()};

  SupervisorOnFakes() { BOOST_REQUIRE(station.io_board.has_value()); }

  SafetySupervisor::Host host() {
    SafetySupervisor::Host h;
    h.event = [this](EventKind kind, std::string message, nlohmann::json data) {
      events.push_back(RigEvent{loop.now(), kind, station.id, std::move(message), std::move(data)});
    };
    h.mark = [this](Marker m) {
      marks.push_back(m);
      return nlohmann::json{{"marker", to_string(m)}};
    };
    h.ask_in_teardown = [this](OperatorPrompt p, std::function<void(bool, std::string)> then) {
      world.note("prompt." + p.action);
      loop.schedule_after(seconds(1), [this, then] { then(confirm_door, "fake operator"); });
    };
    h.abort = [this](const std::string& reason) { aborts.push_back(reason); };
    h.pump_stopped = [this] { ++pump_stopped_calls; };
    return h;
  }

  // Settles every answer in flight (the fakes answer in 5 ms, the operator in 1 s).
  void settle(Nanos for_how_long = seconds(5)) {
    loop.schedule_after(for_how_long, [this] { loop.stop(); });
    loop.run();
  }

  // A station mid-occlusion: pump connected and running, board connected, configured, line closed.
  void bring_up_occluded() {
    pump.connect([](Outcome<InstrumentIdentity>) {});
    io.connect([](Outcome<InstrumentIdentity>) {});
    io.configure(RigIoConfig{}, [](Done) {});
    settle(milliseconds(50));
    pump.start([](Done) {});
    io.occlude([](Done) {});
    settle(milliseconds(50));
    safety.pump_connected();
    safety.io_connected();
    safety.line_confirmed(true);
    BOOST_REQUIRE(world.pump_running);
    BOOST_REQUIRE(world.occluded);
  }

  bool has_event(EventKind kind, const std::string& text) const {
    for (const auto& e : events)
      if (e.kind == kind && e.message == text) return true;
    return false;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(safety_supervisor)

BOOST_AUTO_TEST_CASE(over_pressure_releases_the_line_then_stops_the_pump_then_aborts_once) {
  SupervisorOnFakes s;
  s.bring_up_occluded();
  const double limit = s.station.io_board->over_pressure_limit_mmhg;
  BOOST_TEST(!s.safety.check_pressure(limit));  // at the limit is within it
  BOOST_TEST(s.aborts.empty());
  BOOST_TEST(s.safety.check_pressure(limit + 1.0));
  BOOST_TEST(!s.safety.check_pressure(limit + 50.0));  // tripped once: the response is under way
  s.settle();
  BOOST_TEST(!s.world.occluded);
  BOOST_TEST(!s.world.pump_running);
  BOOST_TEST(!s.safety.occluded());
  const long released = s.world.last("io.release");
  const long stopped = s.world.last("pump.stop");
  BOOST_TEST(released >= 0);
  BOOST_TEST(released < stopped);
  BOOST_REQUIRE_EQUAL(s.aborts.size(), 1u);
  BOOST_TEST(s.aborts[0].find("over-pressure interlock") != std::string::npos);
  BOOST_TEST(s.has_event(EventKind::interlock, "occluder released (over-pressure)"));
  BOOST_TEST(s.has_event(EventKind::interlock, "pump-1 stopped"));
  BOOST_TEST(s.events.front().data.value("by", "") == "controller");
}

BOOST_AUTO_TEST_CASE(the_boards_own_trip_is_recorded_and_answered_as_an_over_pressure) {
  SupervisorOnFakes s;
  s.bring_up_occluded();
  s.safety.on_board_event(IoBoardEvent{s.loop.now(), IoBoardEventKind::trip, 612.0, "OVER"});
  BOOST_TEST(!s.safety.occluded());
  BOOST_REQUIRE_GE(s.events.size(), 2u);
  BOOST_TEST(s.events[0].kind == EventKind::interlock);
  BOOST_TEST(s.events[0].data.value("by", "") == "board");
  BOOST_TEST(s.events[1].data.value("by", "") == "controller");
  s.settle();
  BOOST_TEST(!s.world.pump_running);
  BOOST_TEST(s.aborts.size() == 1u);
  // A second trip (the board repeats itself) does not start a second response.
  s.safety.on_board_event(IoBoardEvent{s.loop.now(), IoBoardEventKind::trip, 615.0, "OVER"});
  s.settle();
  BOOST_TEST(s.aborts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_watchdog_release_or_a_restart_leaves_the_line_open_without_ending_the_station) {
  for (const IoBoardEventKind kind : {IoBoardEventKind::watchdog_release, IoBoardEventKind::restarted}) {
    SupervisorOnFakes s;
    s.safety.line_confirmed(true);
    s.safety.on_board_event(IoBoardEvent{s.loop.now(), kind, 0.0, ""});
    BOOST_TEST(!s.safety.occluded());
    BOOST_TEST(s.aborts.empty());
    BOOST_TEST(s.events.size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(the_safe_hold_commands_only_what_is_connected) {
  SupervisorOnFakes s;
  bool released = false, stopped = false;
  s.safety.release("station paused", [&] { released = true; });
  s.safety.stop_pump(EventKind::pause, [&] { stopped = true; });
  // Nothing connected: both answer at once, and no device was sent anything.
  BOOST_TEST(released);
  BOOST_TEST(stopped);
  BOOST_TEST(s.world.log.empty());
  BOOST_TEST(s.events.empty());
  BOOST_TEST(s.pump_stopped_calls == 0);

  s.bring_up_occluded();
  stopped = false;
  s.safety.stop_pump(EventKind::pause, [&] { stopped = true; });
  s.settle();
  BOOST_TEST(stopped);
  BOOST_TEST(!s.world.pump_running);
  BOOST_TEST(s.pump_stopped_calls == 1);
  BOOST_REQUIRE(!s.events.empty());
  BOOST_TEST(s.events.back().kind == EventKind::pause);  // filed under what asked for it
  BOOST_TEST(s.events.back().message == "pump-1 stopped");
}

BOOST_AUTO_TEST_CASE(the_teardown_goes_line_door_pump_streams_and_ends_once) {
  SupervisorOnFakes s;
  s.bring_up_occluded();
  s.safety.door_confirmed(true);
  s.balance.start_readings(seconds(1), [](const BalanceReading&) {}, [](const DeviceError&) {});
  s.pump.start_monitoring(seconds(1), [](const PumpStatus&) {}, [](const DeviceError&) {});
  int ended = 0;
  s.safety.teardown([&] { ++ended; });
  s.settle(seconds(10));
  BOOST_TEST(ended == 1);
  const long released = s.world.last("io.release");
  const long door = s.world.last("prompt.close_door");
  const long stopped = s.world.last("pump.stop");
  const long pump_out = s.world.last("pump.disconnect");
  const long balance_stopped = s.world.last("balance.stop_readings");
  const long io_stopped = s.world.last("io.disconnect");
  BOOST_TEST(released >= 0);
  BOOST_TEST(released < door);
  BOOST_TEST(door < stopped);
  BOOST_TEST(stopped < pump_out);
  BOOST_TEST(pump_out < balance_stopped);
  BOOST_TEST(balance_stopped < io_stopped);
  BOOST_TEST(io_stopped == static_cast<long>(s.world.log.size()) - 1);
  BOOST_TEST(!s.world.pump_running);
  BOOST_TEST(!s.world.occluded);
  BOOST_TEST(!s.balance.streaming);
  BOOST_TEST(!s.pump.monitoring);
  BOOST_TEST(!s.safety.door_open());
  BOOST_TEST(!s.safety.pump_is_connected());
  // The release and the door's closing are offered to the record as markers.
  BOOST_TEST((s.marks == std::vector<Marker>{Marker::release, Marker::door_close}));
  BOOST_TEST(s.has_event(EventKind::teardown, "pump-1 left remote safe mode"));
}

BOOST_AUTO_TEST_CASE(a_door_the_operator_does_not_confirm_stays_open_and_the_teardown_goes_on) {
  SupervisorOnFakes s;
  s.confirm_door = false;
  s.safety.door_confirmed(true);
  int ended = 0;
  s.safety.teardown([&] { ++ended; });
  s.settle();
  BOOST_TEST(ended == 1);
  BOOST_TEST(s.safety.door_open());
  BOOST_TEST(s.marks.empty());  // no door_close marker for a door nobody closed
  BOOST_TEST(s.has_event(EventKind::teardown, "operator did not confirm the door closed"));
}

BOOST_AUTO_TEST_CASE(a_teardown_before_anything_connected_commands_no_device_and_still_ends) {
  SupervisorOnFakes s;
  int ended = 0;
  s.safety.teardown([&] { ++ended; });
  s.settle();
  BOOST_TEST(ended == 1);
  BOOST_TEST(s.has_event(EventKind::teardown, "pump-1 was never connected: nothing to stop"));
  BOOST_TEST(s.has_event(EventKind::teardown, "balance readings stopped"));
  // Only the balance's stop (harmless on a balance that never streamed): no release, no pump
  // command, no disconnect of a board that was never connected.
  BOOST_TEST((s.world.log == std::vector<std::string>{"balance.stop_readings"}));
}

BOOST_AUTO_TEST_SUITE_END()
