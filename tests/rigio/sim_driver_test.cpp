#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardware/sim/rigio_sim.hpp"
#include "rig/drivers/rigio/rigio_board.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/rigio/fake_rigio_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimRigIoBoard;
using pumprig::sim::SimRigIoOptions;

namespace {

// Driver and simulated board on the two ends of an in-memory cable at 115200 8N1, virtual time.
struct Rig {
  explicit Rig(SimRigIoOptions options = {}) {
    board = std::make_unique<SimRigIoBoard>(loop, *pair.instrument, physics, options);
    driver = std::make_unique<RigIoBoard>(loop, *pair.host, "io-1", ExchangeOptions{milliseconds(200), 3},
                                          [this](RigEvent e) { events.push_back(std::move(e)); });
    driver->on_board_event([this](const IoBoardEvent& e) { board_events.push_back(e); });
  }
  void run_for(Nanos d) { loop.run_until(loop.now() + d); }

  template <class T>
  Outcome<T> wait(std::function<void(std::function<void(Outcome<T>)>)> call, Nanos limit = seconds(5)) {
    std::optional<Outcome<T>> got;
    call([&](Outcome<T> o) { got = std::move(o); });
    const Nanos end = loop.now() + limit;
    while (!got && loop.now() < end) loop.run_until(std::min(end, loop.now() + milliseconds(10)));
    BOOST_REQUIRE_MESSAGE(got.has_value(), "no answer within the limit");
    return std::move(*got);
  }
  Outcome<Unit> done(std::function<void(RigIoBoard::Callback<Unit>)> call) { return wait<Unit>(std::move(call)); }

  void connect_and_configure(RigIoConfig config = {}) {
    auto id = wait<InstrumentIdentity>([&](auto cb) { driver->connect(cb); });
    BOOST_REQUIRE(id.ok());
    const auto c = done([&](auto cb) { driver->configure(config, cb); });
    BOOST_REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().what()));
  }
  void stream(Nanos period) {
    driver->start_streaming(
        period, [this](const IoReading& r) { readings.push_back(r); },
        [this](const DeviceError& e) { faults.push_back(e); });
  }
  std::size_t events_of(IoBoardEventKind k) const {
    std::size_t n = 0;
    for (const auto& e : board_events) n += e.kind == k;
    return n;
  }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SerialSettings settings{115200, 8, Parity::none, 1, FlowControl::none};
  SimLinkPair pair = make_sim_link_pair(loop, settings, "io-1");
  test::FakeRigIoPhysics physics;
  std::unique_ptr<SimRigIoBoard> board;
  std::vector<RigEvent> events;
  std::vector<IoBoardEvent> board_events;
  std::vector<IoReading> readings;
  std::vector<DeviceError> faults;
  std::unique_ptr<RigIoBoard> driver;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rigio_end_to_end)

BOOST_AUTO_TEST_CASE(connect_identifies_the_simulated_board) {
  Rig r;
  auto id = r.wait<InstrumentIdentity>([&](auto cb) { r.driver->connect(cb); });
  BOOST_TEST_REQUIRE(id.ok());
  BOOST_TEST(id->manufacturer == "pumprig");
  BOOST_TEST(id->model == "RIGIO-328");
  BOOST_TEST(id->serial == "SIM-IO0001");
  BOOST_TEST(id->firmware == "1.0.0");
  BOOST_TEST(id->protocol == "pumprig rig I/O protocol 1");
  BOOST_TEST((r.driver->occluded() == std::optional<bool>(false)));
  BOOST_CHECK_THROW(SimRigIoBoard(r.loop, *r.pair.instrument, r.physics, SimRigIoOptions{"IO-1"}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(streams_calibrated_readings_at_the_period) {
  Rig r;
  r.physics.base_mmhg = 150.0;
  r.physics.downstream_mmhg = 40.0;
  r.physics.temperature_c = 21.7;
  RigIoConfig c;
  c.pressure_channels = 2;
  c.pressure2.offset = -10.0;
  r.connect_and_configure(c);
  r.stream(milliseconds(100));
  r.run_for(seconds(2));
  BOOST_TEST(r.readings.size() >= 19u);
  BOOST_TEST(r.readings.size() <= 21u);
  BOOST_TEST(r.faults.empty());
  for (std::size_t i = 1; i < r.readings.size(); ++i) {
    BOOST_TEST(r.readings[i].board_ms - r.readings[i - 1].board_ms == 100u);
    // Host arrival times move by the transmission time of lines of different lengths.
    BOOST_TEST(std::abs(r.readings[i].t_ns - r.readings[i - 1].t_ns - milliseconds(100)) < milliseconds(1));
  }
  const IoReading& last = r.readings.back();
  BOOST_TEST(std::fabs(last.pressure_mmhg - 150.0) <= 2.5);  // one ADC count is 2.44 mmHg
  BOOST_TEST_REQUIRE(last.pressure2_mmhg.has_value());
  BOOST_TEST(std::fabs(*last.pressure2_mmhg - 30.0) <= 2.5);
  BOOST_TEST(std::fabs(last.temperature_c - 21.7) <= 0.07);  // one count is 0.061 degC
  BOOST_TEST(!last.occluder_closed);
  r.driver->stop_streaming();
  r.run_for(milliseconds(300));
  const auto n = r.readings.size();
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.size() == n);
  BOOST_TEST(r.board->logic().stream_period_ms() == 0u);
}

BOOST_AUTO_TEST_CASE(occlude_and_release_drive_the_world_valve) {
  Rig r;
  r.connect_and_configure();
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  BOOST_TEST(r.physics.closed);
  BOOST_TEST((r.driver->occluded() == std::optional<bool>(true)));
  auto reading = r.wait<IoReading>([&](auto cb) { r.driver->read(cb); });
  BOOST_TEST_REQUIRE(reading.ok());
  BOOST_TEST(reading->occluder_closed);
  BOOST_TEST(r.done([&](auto cb) { r.driver->release(cb); }).ok());
  BOOST_TEST(!r.physics.closed);
  BOOST_TEST((r.driver->occluded() == std::optional<bool>(false)));
}

BOOST_AUTO_TEST_CASE(over_pressure_trips_the_occluder_open_and_latches) {
  Rig r;
  r.physics.rise_mmhg_per_s = 100.0;
  RigIoConfig c;
  c.over_pressure_limit_mmhg = 300.0;
  r.connect_and_configure(c);
  r.stream(milliseconds(100));
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  r.run_for(seconds(5));
  BOOST_TEST_REQUIRE(r.events_of(IoBoardEventKind::trip) == 1u);
  const IoBoardEvent trip = r.board_events.front();
  BOOST_TEST(trip.pressure_mmhg > 300.0);
  BOOST_TEST(trip.pressure_mmhg < 305.0);
  BOOST_TEST(trip.detail == "OVER");
  // 280 mmHg to rise at 100 mmHg/s: the trip comes within a sample period of 2.8 s.
  BOOST_TEST(!r.physics.closed);
  BOOST_TEST((r.driver->occluded() == std::optional<bool>(false)));
  BOOST_TEST(r.readings.back().tripped);
  BOOST_TEST(!r.readings.back().occluder_closed);
  const auto refused = r.done([&](auto cb) { r.driver->occlude(cb); });
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("TRIPPED") != std::string::npos);
  BOOST_TEST(!r.physics.closed);
  BOOST_TEST(r.done([&](auto cb) { r.driver->clear_trip(cb); }).ok());  // released: pressure back at base
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  BOOST_TEST(r.physics.closed);
}

BOOST_AUTO_TEST_CASE(heartbeat_keeps_the_watchdog_quiet_and_silence_releases) {
  Rig r;
  RigIoConfig c;
  c.watchdog_timeout = seconds(1);
  r.connect_and_configure(c);
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  r.run_for(seconds(30));  // nothing but heartbeats for 30 s
  BOOST_TEST(r.physics.closed);
  BOOST_TEST(r.driver->heartbeats() >= 100u);
  BOOST_TEST(r.events_of(IoBoardEventKind::watchdog_release) == 0u);
  // The host dies (its cable is cut): the board releases the occluder by itself.
  r.pair.host->set_cut(true);
  r.run_for(milliseconds(900));
  BOOST_TEST(r.physics.closed);
  r.run_for(milliseconds(400));
  BOOST_TEST(!r.physics.closed);
  BOOST_TEST(r.board->logic().watchdog_released());
}

BOOST_AUTO_TEST_CASE(a_silent_board_makes_the_readings_stale) {
  Rig r;
  r.connect_and_configure();
  r.stream(milliseconds(100));
  r.run_for(seconds(1));
  BOOST_TEST(r.faults.empty());
  r.board->set_silent(true);
  r.run_for(milliseconds(400));
  BOOST_TEST_REQUIRE(r.faults.size() >= 1u);
  BOOST_TEST(r.faults.front().message.find("stale") != std::string::npos);
  r.run_for(seconds(2));
  std::size_t stale = 0;
  for (const auto& f : r.faults) stale += f.message.find("stale") != std::string::npos;
  BOOST_TEST(stale == 1u);  // one report per stale spell
  BOOST_TEST(r.driver->stale_reports() > 1u);
  r.board->set_silent(false);
  const auto before = r.readings.size();
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.size() >= before + 8);
}

BOOST_AUTO_TEST_CASE(a_blinking_alarm_lamp_is_one_alarm_for_the_driver) {
  SimRigIoOptions o;
  o.alarm_blink_hz = 1.0;
  Rig r(o);
  std::vector<AlarmChange> changes;
  r.driver->watch_alarm([&](const AlarmChange& c) { changes.push_back(c); });
  r.connect_and_configure();
  r.run_for(seconds(1));
  r.physics.alarm = true;
  const Nanos on_at = r.loop.now();
  r.run_for(seconds(10));
  BOOST_TEST_REQUIRE(changes.size() == 1u);
  BOOST_TEST(changes[0].active);
  BOOST_TEST(changes[0].t_ns - on_at < milliseconds(100));
  BOOST_TEST((r.driver->alarm_active() == std::optional<bool>(true)));
  r.physics.alarm = false;
  r.run_for(seconds(3));
  BOOST_TEST_REQUIRE(changes.size() == 2u);
  BOOST_TEST(!changes[1].active);
}

BOOST_AUTO_TEST_CASE(garbage_on_the_line_is_counted_and_the_stream_goes_on) {
  Rig r;
  r.connect_and_configure();
  r.stream(milliseconds(100));
  r.run_for(seconds(1));
  r.board->inject_garbage_next_line();
  r.run_for(seconds(1));
  BOOST_TEST(r.driver->garbled_lines() == 1u);
  BOOST_TEST(r.faults.empty());
  // The garbled line's CR LF is garbled too, so it takes the next record down with it.
  BOOST_TEST(r.readings.size() >= 16u);
  const auto n = r.readings.size();
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.size() >= n + 9);
}

BOOST_AUTO_TEST_CASE(a_restarted_board_gets_its_settings_and_stream_back) {
  Rig r;
  RigIoConfig c;
  c.over_pressure_limit_mmhg = 400.0;
  r.connect_and_configure(c);
  r.stream(milliseconds(100));
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  r.run_for(seconds(1));
  r.board->power_cycle();
  BOOST_TEST(!r.physics.closed);  // the board powers up with the valve open
  r.run_for(seconds(1));
  BOOST_TEST(r.events_of(IoBoardEventKind::restarted) == 1u);
  BOOST_TEST(r.board->logic().limit_deci_mmhg() == 4000);
  BOOST_TEST(r.board->logic().stream_period_ms() == 100u);
  BOOST_TEST((r.driver->occluded() == std::optional<bool>(false)));
}

BOOST_AUTO_TEST_CASE(pressure_sensor_face_shares_the_stream_at_the_faster_period) {
  Rig r;
  r.physics.base_mmhg = 80.0;
  r.connect_and_configure();
  PressureSensor& sensor = *r.driver;
  std::vector<PressureReading> pressures;
  sensor.start_pressure(milliseconds(200), [&](const PressureReading& p) { pressures.push_back(p); },
                        [&](const DeviceError& e) { r.faults.push_back(e); });
  r.run_for(seconds(2));
  BOOST_TEST(pressures.size() >= 9u);
  BOOST_TEST(pressures.size() <= 10u);
  BOOST_TEST(std::fabs(pressures.back().pressure_mmhg - 80.0) <= 2.5);
  BOOST_TEST(!pressures.back().pressure2_mmhg.has_value());
  r.stream(milliseconds(100));  // the full records, faster: both get every record
  pressures.clear();
  r.run_for(seconds(2));
  BOOST_TEST(pressures.size() >= 19u);
  BOOST_TEST(r.readings.size() == pressures.size());
  r.driver->stop_streaming();
  r.run_for(milliseconds(300));
  BOOST_TEST(r.board->logic().stream_period_ms() == 200u);  // back to the sensor's period
  sensor.stop_pressure();
  r.run_for(milliseconds(300));
  BOOST_TEST(r.board->logic().stream_period_ms() == 0u);
  BOOST_TEST(r.faults.empty());
}

BOOST_AUTO_TEST_CASE(disconnect_releases_and_stops_everything) {
  Rig r;
  r.connect_and_configure();
  r.stream(milliseconds(100));
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  BOOST_TEST(r.done([&](auto cb) { r.driver->disconnect(cb); }).ok());
  BOOST_TEST(!r.physics.closed);
  const auto n = r.readings.size();
  const auto beats = r.driver->heartbeats();
  r.run_for(seconds(5));
  BOOST_TEST(r.readings.size() == n);
  BOOST_TEST(r.driver->heartbeats() == beats);
}

// The cost of a simulated board streaming at 10 Hz to an idle host, per simulated hour.
BOOST_AUTO_TEST_CASE(cost_per_simulated_hour_of_a_streaming_board) {
  EventLoop loop{std::make_unique<VirtualClock>()};
  auto pair = make_sim_link_pair(loop, SerialSettings{115200, 8, Parity::none, 1, FlowControl::none}, "io");
  test::FakeRigIoPhysics physics;
  SimRigIoOptions o;
  o.adc_noise_counts = 0.5;
  SimRigIoBoard board(loop, *pair.instrument, physics, o);
  std::size_t lines = 0;
  pair.host->on_receive([&](std::span<const std::uint8_t> b) {
    for (const auto c : b) lines += c == '\n';
  });
  pair.host->write(std::string("WDOG 0\r\nSTREAM 100\r\n"));
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  loop.run_until(seconds(3600));
  const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("rigio sim: 1 simulated hour streaming at 10 Hz took " << wall_s * 1e3 << " ms wall, "
                                                                             << cpu_s * 1e3 << " ms CPU, "
                                                                             << board.wakeups() << " wakeups, "
                                                                             << lines << " lines");
  BOOST_TEST(lines >= 36000u);  // banner, two echoes, 36000 records
  BOOST_TEST(lines <= 36003u);
  BOOST_TEST(board.wakeups() >= 179999u);
  BOOST_TEST(board.wakeups() <= 180001u);
  BOOST_TEST(wall_s < 20.0);
}

BOOST_AUTO_TEST_SUITE_END()

// Lifecycle (rig/devices/lifecycle.hpp): the line is never closed before this board holds its
// trip limit and watchdog; release is never refused.
BOOST_AUTO_TEST_CASE(occlude_is_refused_until_the_board_holds_its_trip_limit) {
  Rig r;
  const Occluder& occluder = *r.driver;
  BOOST_TEST(occluder.state() == DeviceState::unconfigured);
  auto refused = r.done([&](auto cb) { r.driver->occlude(cb); });
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().what() == "io-1: VALVE CLOSE refused: the driver is unconfigured (connect and configure first)");
  BOOST_TEST(!r.physics.closed);

  BOOST_REQUIRE(r.wait<InstrumentIdentity>([&](auto cb) { r.driver->connect(cb); }).ok());
  BOOST_TEST(occluder.state() == DeviceState::unconfigured);
  refused = r.done([&](auto cb) { r.driver->occlude(cb); });
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("trip limit") != std::string::npos, refused.error().message);
  BOOST_TEST(!r.physics.closed);
  BOOST_TEST(r.done([&](auto cb) { r.driver->release(cb); }).ok());  // toward the safe state: always

  RigIoConfig c;
  c.over_pressure_limit_mmhg = 400.0;
  BOOST_REQUIRE(r.done([&](auto cb) { r.driver->configure(c, cb); }).ok());
  BOOST_TEST(occluder.state() == DeviceState::configured);
  BOOST_TEST(r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  BOOST_TEST(r.physics.closed);
  BOOST_TEST(occluder.state() == DeviceState::active);

  // A board that restarts is back at its defaults (no trip limit of ours) until the settings are
  // re-applied: no occlusion in between.
  std::optional<DeviceState> state_at_restart;
  r.driver->on_board_event([&](const IoBoardEvent& e) {
    if (e.kind == IoBoardEventKind::restarted) state_at_restart = occluder.state();
  });
  r.board->power_cycle();
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(state_at_restart.has_value());
  BOOST_TEST(*state_at_restart == DeviceState::unconfigured);
  BOOST_TEST(r.board->logic().limit_deci_mmhg() == 4000);
  BOOST_TEST(occluder.state() == DeviceState::configured);

  BOOST_REQUIRE(r.done([&](auto cb) { r.driver->disconnect(cb); }).ok());
  BOOST_TEST(occluder.state() == DeviceState::unconfigured);
  BOOST_TEST(!r.done([&](auto cb) { r.driver->occlude(cb); }).ok());
  BOOST_TEST(!r.physics.closed);
}
