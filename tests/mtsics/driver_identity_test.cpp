// The driver's connect reads the level-0 identification of today's balances (I1: MT-SICS level
// and versions, I5: software number) into the identity, and still connects to an older balance
// that answers them ES (issue 12, item 2); its stream follows whatever update rate the balance has.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardware/sim/mtsics_sim.hpp"
#include "rig/drivers/mtsics/mtsics_balance.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimBalanceIdentity;
using pumprig::sim::SimMtsicsOptions;

namespace {

struct IdentityRig {
  explicit IdentityRig(SimMtsicsOptions sim_options = {}, SimBalanceIdentity identity = {}) {
    sim = std::make_unique<sim::SimMtsicsBalance>(loop, *pair.instrument, physics, identity, sim_options);
    driver = std::make_unique<MtsicsBalance>(loop, *pair.host, "balance-1", ExchangeOptions{},
                                             [this](RigEvent e) { events.push_back(std::move(e)); });
    physics.set(12.3456);
  }
  // Connects and returns the outcome, with the time the callback came in `connected_at`.
  Outcome<InstrumentIdentity> connect() {
    std::optional<Outcome<InstrumentIdentity>> got;
    int calls = 0;
    driver->connect([&](Outcome<InstrumentIdentity> o) {
      ++calls;
      connected_at = loop.now();
      got = std::move(o);
    });
    loop.run_until(loop.now() + seconds(10));
    BOOST_TEST(calls == 1);
    BOOST_REQUIRE(got.has_value());
    return *got;
  }
  // The time of one exchange on the wire: the request, the balance's 20 ms, the reply.
  Nanos exchange_time(const std::string& request, const std::string& reply) const {
    return static_cast<Nanos>(request.size() + 2) * byte_time(settings) + milliseconds(20) +
           static_cast<Nanos>(reply.size() + 2) * byte_time(settings);
  }
  std::size_t events_of(EventKind kind) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == kind;
    return n;
  }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SerialSettings settings{};
  SimLinkPair pair = make_sim_link_pair(loop, settings, "balance-1");
  test::FakeBalancePhysics physics;
  std::unique_ptr<sim::SimMtsicsBalance> sim;
  std::vector<RigEvent> events;
  std::unique_ptr<MtsicsBalance> driver;
  Nanos connected_at = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_driver_identity)

BOOST_AUTO_TEST_CASE(connect_reads_i1_and_i5_into_the_identity) {
  SimBalanceIdentity id;
  id.software_number = "SIM-30216954B";
  IdentityRig r({}, id);
  const auto got = r.connect();
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got->protocol == "MT-SICS level 012, V0 2.20, V1 2.20, V2 2.20");
  BOOST_TEST(got->software_number == "SIM-30216954B");
  BOOST_TEST(got->model == "XPR205 220.0000 g");
  BOOST_TEST(got->serial == "SIM-B0001");
  BOOST_TEST(got->firmware == "1.0.0-sim");
  BOOST_TEST(r.sim->count("I1") == 1u);
  BOOST_TEST(r.sim->count("I5") == 1u);
  BOOST_TEST(r.driver->state() == DeviceState::configured);
  BOOST_TEST(r.events_of(EventKind::info) == 0u);
  // One exchange after the other, nothing in between: @, I1, I2, I3, I4, I5.
  const Nanos expected = r.exchange_time("@", "I4 A \"SIM-B0001\"") +
                         r.exchange_time("I1", "I1 A \"012\" \"2.20\" \"2.20\" \"2.20\" \"\"") +
                         r.exchange_time("I2", "I2 A \"XPR205 220.0000 g\"") + r.exchange_time("I3", "I3 A \"1.0.0-sim\"") +
                         r.exchange_time("I4", "I4 A \"SIM-B0001\"") + r.exchange_time("I5", "I5 A \"SIM-30216954B\"");
  BOOST_TEST(r.connected_at == expected);
}

BOOST_AUTO_TEST_CASE(an_older_balance_answering_es_still_connects) {
  SimMtsicsOptions old;
  old.level0_identity = false;
  IdentityRig r(old);
  const auto got = r.connect();
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got->protocol == "MT-SICS");
  BOOST_TEST(got->software_number.empty());
  BOOST_TEST(got->serial == "SIM-B0001");
  BOOST_TEST(got->model == "XPR205 220.0000 g");
  BOOST_TEST(r.driver->capacity_g().value_or(-1) == 220.0);
  BOOST_TEST(r.driver->state() == DeviceState::configured);
  // ES is an answer: asked once each, no retry, nothing to report.
  BOOST_TEST(r.sim->count("I1") == 1u);
  BOOST_TEST(r.sim->count("I5") == 1u);
  BOOST_TEST(r.driver->retries() == 0u);
  BOOST_TEST(r.events.empty());
  const Nanos expected = r.exchange_time("@", "I4 A \"SIM-B0001\"") + r.exchange_time("I1", "ES") +
                         r.exchange_time("I2", "I2 A \"XPR205 220.0000 g\"") + r.exchange_time("I3", "I3 A \"1.0.0-sim\"") +
                         r.exchange_time("I4", "I4 A \"SIM-B0001\"") + r.exchange_time("I5", "ES");
  BOOST_TEST(r.connected_at == expected);

  // And it reads its weights as before.
  std::optional<Outcome<BalanceReading>> stable;
  r.driver->read_stable([&](Outcome<BalanceReading> o) { stable = std::move(o); });
  r.loop.run_until(r.loop.now() + seconds(1));
  BOOST_TEST_REQUIRE(stable->ok());
  BOOST_TEST((*stable)->mass_g == 12.3456);
}

BOOST_AUTO_TEST_CASE(another_refusal_of_i1_is_logged_and_connect_goes_on) {
  IdentityRig r;
  r.sim->inject_next_reply("I4 A \"SIM-B0001\"");  // the answer to @
  r.sim->inject_next_reply("EL");                  // the answer to I1
  const auto got = r.connect();
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got->protocol == "MT-SICS");
  BOOST_TEST(got->software_number == "SIM-00000000A");  // I5 was answered
  BOOST_TEST_REQUIRE(r.events_of(EventKind::info) == 1u);
  BOOST_TEST(r.events[0].message == "I1 not answered (EL logical error for command I1); identified without it");
}

BOOST_AUTO_TEST_CASE(the_stream_follows_the_balance_update_rate) {
  for (const double hz : {1.0, 2.0, 10.0, 50.0}) {
    BOOST_TEST_CONTEXT(hz << " updates per second") {
      SimMtsicsOptions o;
      o.update_rate_hz = hz;
      IdentityRig r(o);
      BOOST_TEST_REQUIRE(r.connect().ok());
      std::vector<BalanceReading> readings;
      std::vector<DeviceError> faults;
      r.driver->start_readings(
          0, [&](const BalanceReading& rd) { readings.push_back(rd); }, [&](const DeviceError& e) { faults.push_back(e); });
      r.loop.run_until(r.loop.now() + seconds(21));
      BOOST_TEST_REQUIRE(!readings.empty());
      // One reading per update: 20 s from the first give 20 * rate readings, 1 / rate apart.
      const Nanos first = readings.front().t_ns;
      std::size_t in_20_s = 0;
      for (const auto& rd : readings) in_20_s += rd.t_ns < first + seconds(20);
      BOOST_TEST(in_20_s == static_cast<std::size_t>(20 * hz));
      BOOST_TEST(readings[1].t_ns - first == static_cast<Nanos>(1e9 / hz));
      BOOST_TEST(faults.empty());  // the silence watchdog never bites, even at 1/s
      BOOST_TEST(r.driver->stream_restarts() == 0u);
      BOOST_TEST(r.sim->count("SIR") == 1u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
