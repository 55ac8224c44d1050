// What every rig I/O board driver must do, checked against its simulator through the Occluder,
// PressureSensor and AlarmSense faces: refuse to close the line before its own protection is set,
// occlude and release as confirmed by the board, stream pressure at the period, report the pump's
// alarm input. A new board driver adds one entry to make_board() and kBoards and must pass.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "hardware/sim/rigio_sim.hpp"
#include "rig/drivers/rigio/rigio_board.hpp"
#include "rig/link/sim_link.hpp"
#include "rig/drivers/registry.hpp"
#include "tests/conformance/conformance_support.hpp"
#include "tests/rigio/fake_rigio_physics.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace data = boost::unit_test::data;

namespace board_under_test {

struct BoardUnderTest : VirtualBench {
  virtual ~BoardUnderTest() = default;
  virtual Occluder& occluder() = 0;
  virtual PressureSensor& pressure() = 0;
  virtual AlarmSense& alarm_sense() = 0;
  // The driver's own bring-up: identify, then set its over-pressure limit and watchdog.
  virtual Outcome<Unit> connect_and_configure(double over_pressure_limit_mmhg) = 0;
  virtual bool valve_closed() const = 0;
  virtual void set_line_pressure(double mmhg) = 0;
  virtual void set_pump_alarm(bool on) = 0;
};

struct RigIoUnderTest final : BoardUnderTest {
  RigIoUnderTest() {
    board = std::make_unique<sim::SimRigIoBoard>(loop, *pair.instrument, physics);
    driver = std::make_unique<RigIoBoard>(loop, *pair.host, "io-1");
  }
  ~RigIoUnderTest() override { driver.reset(); }
  Occluder& occluder() override { return *driver; }
  PressureSensor& pressure() override { return *driver; }
  AlarmSense& alarm_sense() override { return *driver; }
  Outcome<Unit> connect_and_configure(double limit) override {
    const auto id = wait<InstrumentIdentity>([&](auto cb) { driver->connect(cb); });
    if (!id) return id.error();
    RigIoConfig c;
    c.over_pressure_limit_mmhg = limit;
    return wait<Unit>([&](auto cb) { driver->configure(c, cb); });
  }
  bool valve_closed() const override { return physics.closed; }
  void set_line_pressure(double mmhg) override { physics.base_mmhg = mmhg; }
  void set_pump_alarm(bool on) override { physics.alarm = on; }

  SerialSettings settings = [] {
    SerialSettings s;
    s.baud = 115200;
    return s;
  }();
  SimLinkPair pair = make_sim_link_pair(loop, settings, "io-1");
  FakeRigIoPhysics physics;
  std::unique_ptr<sim::SimRigIoBoard> board;
  std::unique_ptr<RigIoBoard> driver;
};

const std::vector<std::string> kBoards{"rigio"};

std::unique_ptr<BoardUnderTest> make_board(const std::string& driver) {
  if (driver == "rigio") return std::make_unique<RigIoUnderTest>();
  throw std::invalid_argument("no I/O board driver " + driver);
}

Outcome<Unit> ask(BoardUnderTest& t, void (Occluder::*call)(Occluder::Callback<Unit>)) {
  return t.wait<Unit>([&](auto cb) { (t.occluder().*call)(cb); });
}

}  // namespace board_under_test

using namespace board_under_test;

BOOST_AUTO_TEST_SUITE(io_board_conformance)

BOOST_DATA_TEST_CASE(the_line_is_not_closed_before_the_board_protects_it, data::make(kBoards), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_board(driver);
  BOOST_TEST(t->occluder().state() == DeviceState::unconfigured);
  const auto refused = ask(*t, &Occluder::occlude);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().device == t->occluder().name());
  BOOST_TEST(!t->valve_closed());
  // Toward the safe state is never refused for the state the driver is in.
  const auto released = ask(*t, &Occluder::release);
  if (!released.ok()) BOOST_TEST(released.error().message.find("refused") == std::string::npos, released.error().message);
  BOOST_TEST(!t->valve_closed());
}

BOOST_DATA_TEST_CASE(occlude_and_release_are_confirmed_by_the_board, data::make(kBoards), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_board(driver);
  const auto up = t->connect_and_configure(400.0);
  BOOST_REQUIRE_MESSAGE(up.ok(), error_of(up));
  BOOST_TEST(t->occluder().state() == DeviceState::configured);
  BOOST_REQUIRE(ask(*t, &Occluder::occlude).ok());
  BOOST_TEST(t->valve_closed());
  BOOST_TEST((t->occluder().occluded() == std::optional<bool>(true)));
  BOOST_TEST(t->occluder().state() == DeviceState::active);
  BOOST_REQUIRE(ask(*t, &Occluder::release).ok());
  BOOST_TEST(!t->valve_closed());
  BOOST_TEST((t->occluder().occluded() == std::optional<bool>(false)));
  BOOST_TEST(t->occluder().state() == DeviceState::configured);
}

BOOST_DATA_TEST_CASE(pressure_streams_at_the_period_and_the_alarm_input_is_reported, data::make(kBoards), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_board(driver);
  BOOST_REQUIRE(t->connect_and_configure(400.0).ok());
  t->set_line_pressure(120.0);
  std::vector<PressureReading> readings;
  std::vector<DeviceError> faults;
  t->pressure().start_pressure(milliseconds(100), [&](const PressureReading& r) { readings.push_back(r); },
                               [&](const DeviceError& e) { faults.push_back(e); });
  std::vector<AlarmChange> changes;
  t->alarm_sense().watch_alarm([&](const AlarmChange& c) { changes.push_back(c); });
  t->run_for(seconds(2));
  BOOST_TEST(readings.size() >= 19u);
  BOOST_TEST(readings.size() <= 21u);
  BOOST_REQUIRE(!readings.empty());
  BOOST_TEST(std::fabs(readings.back().pressure_mmhg - 120.0) <= 2.5);
  BOOST_TEST(faults.empty());
  t->set_pump_alarm(true);
  t->run_for(seconds(1));
  BOOST_REQUIRE(!changes.empty());
  BOOST_TEST(changes.back().active);
  BOOST_TEST((t->alarm_sense().alarm_active() == std::optional<bool>(true)));
  t->set_pump_alarm(false);
  t->run_for(seconds(3));  // past the alarm hold
  BOOST_TEST(!changes.back().active);
  t->pressure().stop_pressure();
}

// A driver in the registry (rig/drivers/registry.hpp) that this suite does not run fails here.
BOOST_AUTO_TEST_CASE(every_registered_driver_of_the_role_is_in_this_suite) {
  std::vector<std::string> registered;
  for (const auto& d : driver_registry())
    if (d.role == DriverRole::io_board && d.needs_link()) registered.push_back(d.name);
  BOOST_TEST(registered == kBoards, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
