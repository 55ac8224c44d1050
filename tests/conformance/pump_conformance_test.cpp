// What every remotely controlled pump driver must do, checked against its simulator through the
// Pump interface only: identify, refuse a start it cannot make safe, deliver at the programmed
// rate, report its state and alarms, stop, and leave the pump as it found it. A new pump driver
// adds one entry to make_pump() and kPumps and must pass.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

#include "hardware/sim/harvard_sim.hpp"
#include "hardware/sim/ne1000_sim.hpp"
#include "rig/devices/pump.hpp"
#include "rig/drivers/harvard/harvard_pump.hpp"
#include "rig/drivers/ne1000/ne1000_pump.hpp"
#include "rig/link/sim_link.hpp"
#include "rig/drivers/registry.hpp"
#include "tests/conformance/conformance_support.hpp"
#include "tests/ne1000/fake_mechanism.hpp"
#include "tests/ne1000/print.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace data = boost::unit_test::data;

namespace pump_under_test {

struct PumpUnderTest : VirtualBench {
  virtual ~PumpUnderTest() = default;
  virtual Pump& pump() = 0;
  // What the simulated mechanism does, as the world sees it.
  virtual bool motor_running() const = 0;
  virtual double motor_rate_ml_h() const = 0;
  virtual void stall() = 0;
};

struct Ne1000UnderTest final : PumpUnderTest {
  Ne1000UnderTest() {
    SerialSettings s;
    s.baud = 19200;
    pair = std::make_unique<SimLinkPair>(make_sim_link_pair(loop, s, "pump-1"));
    sim = std::make_unique<sim::SimNe1000Pump>(*pair->instrument, loop, mech);
    driver = std::make_unique<Ne1000Pump>(loop, *pair->host, "pump-1");
  }
  ~Ne1000UnderTest() override {
    driver.reset();
    sim.reset();
  }
  Pump& pump() override { return *driver; }
  bool motor_running() const override { return mech.running; }
  double motor_rate_ml_h() const override { return mech.rate_ml_h; }
  void stall() override { mech.stall_at(loop.now()); }

  std::unique_ptr<SimLinkPair> pair;
  FakeMechanism mech;
  std::unique_ptr<sim::SimNe1000Pump> sim;
  std::unique_ptr<Ne1000Pump> driver;
};

struct HarvardUnderTest final : PumpUnderTest {
  HarvardUnderTest() {
    SerialSettings s;
    s.baud = 115200;
    pair = std::make_unique<SimLinkPair>(make_sim_link_pair(loop, s, "pump-1"));
    sim = std::make_unique<sim::SimHarvardPump>(*pair->instrument, loop, mech);
    driver = std::make_unique<HarvardPump>(loop, *pair->host, "pump-1");
  }
  ~HarvardUnderTest() override {
    driver.reset();
    sim.reset();
  }
  Pump& pump() override { return *driver; }
  bool motor_running() const override { return mech.running; }
  double motor_rate_ml_h() const override { return mech.rate_ml_h; }
  void stall() override { mech.stall_at(loop.now()); }

  std::unique_ptr<SimLinkPair> pair;
  FakeMechanism mech;
  std::unique_ptr<sim::SimHarvardPump> sim;
  std::unique_ptr<HarvardPump> driver;
};

// In registry order.
const std::vector<std::string> kPumps{"ne1000", "harvard"};

std::unique_ptr<PumpUnderTest> make_pump(const std::string& driver) {
  if (driver == "ne1000") return std::make_unique<Ne1000UnderTest>();
  if (driver == "harvard") return std::make_unique<HarvardUnderTest>();
  throw std::invalid_argument("no pump driver " + driver);
}

PumpProgram program_at(double rate_ml_h) {
  PumpProgram p;
  p.rate_ml_h = rate_ml_h;
  p.syringe_diameter_mm = 26.59;
  return p;
}

Outcome<Unit> ask(PumpUnderTest& t, void (Pump::*call)(Pump::Callback<Unit>)) {
  return t.wait<Unit>([&](auto cb) { (t.pump().*call)(cb); });
}

}  // namespace pump_under_test

using namespace pump_under_test;

BOOST_AUTO_TEST_SUITE(pump_conformance)

BOOST_DATA_TEST_CASE(nothing_moves_before_connect, data::make(kPumps), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_pump(driver);
  BOOST_TEST(t->pump().state() == DeviceState::unconfigured);
  const auto programmed = t->wait<Unit>([&](auto cb) { t->pump().program(program_at(25.0), cb); });
  BOOST_TEST(!programmed.ok());
  const auto started = ask(*t, &Pump::start);
  BOOST_REQUIRE(!started.ok());
  BOOST_TEST(started.error().device == t->pump().name());
  BOOST_TEST(started.error().message.find("refused") != std::string::npos, started.error().message);
  BOOST_TEST(!t->motor_running());
}

BOOST_DATA_TEST_CASE(connect_program_start_status_stop_disconnect, data::make(kPumps), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_pump(driver);
  Pump& pump = t->pump();
  const auto id = t->wait<InstrumentIdentity>([&](auto cb) { pump.connect(cb); });
  BOOST_REQUIRE_MESSAGE(id.ok(), error_of(id));
  BOOST_TEST(!id->model.empty());
  BOOST_TEST(!id->protocol.empty());
  BOOST_TEST(pump.state() == DeviceState::configured);

  BOOST_REQUIRE(t->wait<Unit>([&](auto cb) { pump.program(program_at(25.0), cb); }).ok());
  BOOST_TEST(!t->motor_running());
  BOOST_REQUIRE(ask(*t, &Pump::start).ok());
  BOOST_TEST(pump.state() == DeviceState::active);
  BOOST_TEST(t->motor_running());
  BOOST_TEST(t->motor_rate_ml_h() == 25.0);
  t->run_for(seconds(36));
  const auto st = t->wait<PumpStatus>([&](auto cb) { pump.status(cb); });
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(st->state == PumpState::infusing);
  if (st->dispensed_ml) BOOST_TEST(*st->dispensed_ml == 0.25, boost::test_tools::tolerance(0.01));

  BOOST_REQUIRE(ask(*t, &Pump::stop).ok());
  BOOST_TEST(!t->motor_running());
  BOOST_TEST(pump.state() == DeviceState::configured);
  BOOST_TEST(t->wait<PumpStatus>([&](auto cb) { pump.status(cb); })->state == PumpState::stopped);

  BOOST_REQUIRE(t->wait<std::string>([&](auto cb) { t->pump().disconnect(cb); }).ok());
  BOOST_TEST(pump.state() == DeviceState::unconfigured);
  BOOST_TEST(!ask(*t, &Pump::start).ok());
  BOOST_TEST(!t->motor_running());
}

BOOST_DATA_TEST_CASE(monitoring_reports_an_alarm_and_the_pump_stays_stoppable, data::make(kPumps), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto t = make_pump(driver);
  Pump& pump = t->pump();
  BOOST_REQUIRE(t->wait<InstrumentIdentity>([&](auto cb) { pump.connect(cb); }).ok());
  BOOST_REQUIRE(t->wait<Unit>([&](auto cb) { pump.program(program_at(25.0), cb); }).ok());
  BOOST_REQUIRE(ask(*t, &Pump::start).ok());
  std::vector<PumpStatus> statuses;
  std::vector<DeviceError> faults;
  pump.start_monitoring(seconds(1), [&](const PumpStatus& s) { statuses.push_back(s); },
                        [&](const DeviceError& e) { faults.push_back(e); });
  t->run_for(seconds(5));
  BOOST_REQUIRE(!statuses.empty());
  BOOST_TEST(statuses.back().state == PumpState::infusing);
  const std::size_t before = statuses.size();
  t->stall();
  t->run_for(seconds(5));
  // The alarm is reported (once, with what it is), and the pump is then stopped by it.
  const auto alarm = std::find_if(statuses.begin() + static_cast<std::ptrdiff_t>(before), statuses.end(),
                                  [](const PumpStatus& s) { return s.state == PumpState::alarm; });
  BOOST_REQUIRE(alarm != statuses.end());
  BOOST_TEST((alarm->alarm != PumpAlarm::none));
  BOOST_TEST(!alarm->alarm_text.empty());
  BOOST_TEST(statuses.back().state != PumpState::infusing);
  BOOST_TEST(faults.empty());
  pump.stop_monitoring();
  BOOST_TEST(ask(*t, &Pump::stop).ok());
  BOOST_TEST(!t->motor_running());
}

// A driver in the registry (rig/drivers/registry.hpp) that this suite does not run fails here.
BOOST_AUTO_TEST_CASE(every_registered_driver_of_the_role_is_in_this_suite) {
  std::vector<std::string> registered;
  for (const auto& d : driver_registry())
    if (d.role == DriverRole::pump && d.needs_link()) registered.push_back(d.name);
  BOOST_TEST(registered == kPumps, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
