// What every balance driver must do, checked against its simulator through the Balance
// interface only. A new balance driver adds one entry to balances_under_test() and must pass.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "hardware/sim/mtsics_sim.hpp"
#include "hardware/sim/sartorius_sim.hpp"
#include "rig/devices/balance.hpp"
#include "rig/drivers/mtsics/mtsics_balance.hpp"
#include "rig/drivers/sartorius/sartorius_balance.hpp"
#include "rig/link/sim_link.hpp"
#include "rig/drivers/registry.hpp"
#include "tests/conformance/conformance_support.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace data = boost::unit_test::data;

namespace balance_under_test {

// A balance driver on its simulator; the world's gross mass is set through set_mass.
struct BalanceUnderTest : VirtualBench {
  virtual ~BalanceUnderTest() = default;
  virtual Balance& balance() = 0;
  virtual void set_mass(double gross_g, bool stable) = 0;
  virtual void go_silent() = 0;
};

struct MtsicsUnderTest final : BalanceUnderTest {
  MtsicsUnderTest() {
    sim = std::make_unique<sim::SimMtsicsBalance>(loop, *pair.instrument, physics, sim::SimBalanceIdentity{});
    driver = std::make_unique<MtsicsBalance>(loop, *pair.host, "balance-1");
  }
  ~MtsicsUnderTest() override { driver.reset(); }
  Balance& balance() override { return *driver; }
  void set_mass(double g, bool stable) override { physics.set(g, stable); }
  void go_silent() override { sim->set_silent(true); }

  SimLinkPair pair = make_sim_link_pair(loop, SerialSettings{}, "balance-1");
  FakeBalancePhysics physics;
  std::unique_ptr<sim::SimMtsicsBalance> sim;
  std::unique_ptr<MtsicsBalance> driver;
};

struct SartoriusUnderTest final : BalanceUnderTest {
  SartoriusUnderTest() {
    sim = std::make_unique<sim::SimSartoriusBalance>(loop, *pair.instrument, physics, sim::SimSartoriusIdentity{});
    driver = std::make_unique<SartoriusBalance>(loop, *pair.host, "balance-1");
  }
  ~SartoriusUnderTest() override { driver.reset(); }
  Balance& balance() override { return *driver; }
  void set_mass(double g, bool stable) override { physics.set(g, stable); }
  void go_silent() override { sim->set_silent(true); }

  SimLinkPair pair = make_sim_link_pair(loop, SerialSettings{}, "balance-1");
  FakeBalancePhysics physics;
  std::unique_ptr<sim::SimSartoriusBalance> sim;
  std::unique_ptr<SartoriusBalance> driver;
};

const std::vector<std::string> kBalances{"mtsics", "sartorius"};

std::unique_ptr<BalanceUnderTest> make_balance(const std::string& driver) {
  if (driver == "mtsics") return std::make_unique<MtsicsUnderTest>();
  if (driver == "sartorius") return std::make_unique<SartoriusUnderTest>();
  throw std::invalid_argument("no balance driver " + driver);
}

}  // namespace balance_under_test

using namespace balance_under_test;

BOOST_AUTO_TEST_SUITE(balance_conformance)

BOOST_DATA_TEST_CASE(connect_identifies_and_configures, data::make(kBalances), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto b = make_balance(driver);
  Balance& balance = b->balance();
  BOOST_TEST(balance.state() == DeviceState::unconfigured);
  const auto id = b->wait<InstrumentIdentity>([&](auto cb) { balance.connect(cb); });
  BOOST_REQUIRE_MESSAGE(id.ok(), error_of(id));
  BOOST_TEST(!id->manufacturer.empty());
  BOOST_TEST(!id->model.empty());
  BOOST_TEST(!id->serial.empty());
  BOOST_TEST(!id->protocol.empty());
  BOOST_TEST(balance.state() == DeviceState::configured);
}

BOOST_DATA_TEST_CASE(tare_then_a_stable_weight_is_net_of_the_tare, data::make(kBalances), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto b = make_balance(driver);
  Balance& balance = b->balance();
  BOOST_REQUIRE(b->wait<InstrumentIdentity>([&](auto cb) { balance.connect(cb); }).ok());
  b->set_mass(35.25, true);
  const auto tare = b->wait<double>([&](auto cb) { balance.tare(cb); });
  BOOST_REQUIRE_MESSAGE(tare.ok(), error_of(tare));
  BOOST_TEST(*tare == 35.25, boost::test_tools::tolerance(1e-6));
  b->set_mass(35.25 + 50.0, true);
  const auto r = b->wait<BalanceReading>([&](auto cb) { balance.read_stable(cb); });
  BOOST_REQUIRE_MESSAGE(r.ok(), error_of(r));
  BOOST_TEST((r->status == WeightStatus::ok));
  BOOST_TEST(r->stable);
  BOOST_TEST(r->mass_g == 50.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r->t_ns <= b->loop.now());
}

BOOST_DATA_TEST_CASE(periodic_readings_come_at_the_period_and_stop_when_asked, data::make(kBalances), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto b = make_balance(driver);
  Balance& balance = b->balance();
  BOOST_REQUIRE(b->wait<InstrumentIdentity>([&](auto cb) { balance.connect(cb); }).ok());
  b->set_mass(10.0, false);
  std::vector<BalanceReading> readings;
  std::vector<DeviceError> faults;
  balance.start_readings(
      seconds(1), [&](const BalanceReading& r) { readings.push_back(r); }, [&](const DeviceError& e) { faults.push_back(e); });
  b->run_for(seconds(10) + milliseconds(500));
  BOOST_TEST(readings.size() >= 10u);
  BOOST_TEST(readings.size() <= 11u);
  BOOST_TEST(faults.empty());
  for (std::size_t i = 1; i < readings.size(); ++i) {
    const Nanos dt = readings[i].t_ns - readings[i - 1].t_ns;
    BOOST_TEST(std::abs(dt - seconds(1)) < milliseconds(100));  // host timestamps at the period
  }
  BOOST_TEST(!readings.back().stable);  // a moving load is flagged dynamic, and still delivered
  balance.stop_readings();
  b->run_for(seconds(1));
  const auto n = readings.size();
  b->run_for(seconds(5));
  BOOST_TEST(readings.size() == n);
}

BOOST_DATA_TEST_CASE(a_silent_balance_is_an_error_naming_it, data::make(kBalances), driver_name) {
  const std::string driver = driver_name;  // not a template-dependent name below
  auto b = make_balance(driver);
  b->go_silent();
  const auto id = b->wait<InstrumentIdentity>([&](auto cb) { b->balance().connect(cb); });
  BOOST_REQUIRE(!id.ok());
  BOOST_TEST(id.error().device == b->balance().name());
  BOOST_TEST(b->balance().state() == DeviceState::unconfigured);
}

// A driver in the registry (rig/drivers/registry.hpp) that this suite does not run fails here.
BOOST_AUTO_TEST_CASE(every_registered_driver_of_the_role_is_in_this_suite) {
  std::vector<std::string> registered;
  for (const auto& d : driver_registry())
    if (d.role == DriverRole::balance && d.needs_link()) registered.push_back(d.name);
  BOOST_TEST(registered == kBalances, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
