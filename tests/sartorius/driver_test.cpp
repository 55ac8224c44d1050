// The Sartorius driver against the simulated balance over an in-memory cable, in virtual time:
// identity, readings by polling and by auto print, tare, zero, and recovery from a garbled or
// silent balance.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardware/sim/sartorius_sim.hpp"
#include "rig/drivers/sartorius/sartorius_balance.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/conformance/conformance_support.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimSartoriusBalance;
using pumprig::sim::SimSartoriusOptions;
namespace tt = boost::test_tools;

namespace {

struct Rig : test::VirtualBench {
  explicit Rig(SimSartoriusOptions sim_options = {}, ExchangeOptions options = {}) {
    physics.set(12.3456);
    sim = std::make_unique<SimSartoriusBalance>(loop, *pair.instrument, physics, sim::SimSartoriusIdentity{}, sim_options);
    driver = std::make_unique<SartoriusBalance>(loop, *pair.host, "balance-1", options,
                                                [this](RigEvent e) { events.push_back(std::move(e)); });
  }
  void start(Nanos period) {
    driver->start_readings(
        period, [this](const BalanceReading& r) { readings.push_back(r); },
        [this](const DeviceError& e) { faults.push_back(e); });
  }
  std::size_t events_of(const std::string& kind) const {
    std::size_t n = 0;
    for (const auto& e : events) n += to_string(e.kind) == kind;
    return n;
  }

  SimLinkPair pair = make_sim_link_pair(loop, SerialSettings{}, "balance-1");
  test::FakeBalancePhysics physics;
  std::unique_ptr<SimSartoriusBalance> sim;
  std::vector<RigEvent> events;
  std::vector<BalanceReading> readings;
  std::vector<DeviceError> faults;
  std::unique_ptr<SartoriusBalance> driver;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sartorius_driver)

BOOST_AUTO_TEST_CASE(connect_reads_model_serial_and_version) {
  Rig r;
  const auto id = r.wait<InstrumentIdentity>([&](auto cb) { r.driver->connect(cb); });
  BOOST_REQUIRE_MESSAGE(id.ok(), test::error_of(id));
  BOOST_TEST(id->manufacturer == "Sartorius");
  BOOST_TEST(id->protocol == "SBI");
  BOOST_TEST(id->model == "MSA225S");
  BOOST_TEST(id->serial == "SIM-S0001");
  BOOST_TEST(id->firmware == "00-37-09-sim");
  BOOST_TEST(r.driver->state() == DeviceState::configured);
}

BOOST_AUTO_TEST_CASE(connect_while_the_balance_auto_prints_skips_the_weight_lines) {
  SimSartoriusOptions o;
  o.auto_print = true;
  o.print_rate_hz = 20.0;  // a line every 50 ms: several pass by each identity request
  Rig r(o);
  const auto id = r.wait<InstrumentIdentity>([&](auto cb) { r.driver->connect(cb); });
  BOOST_REQUIRE_MESSAGE(id.ok(), test::error_of(id));
  BOOST_TEST(id->serial == "SIM-S0001");
}

BOOST_AUTO_TEST_CASE(polled_readings_carry_value_and_stability) {
  Rig r;
  r.start(seconds(1));
  r.run_for(milliseconds(2500));
  BOOST_REQUIRE(r.readings.size() == 3u);
  BOOST_TEST(r.readings[0].mass_g == 12.3456, tt::tolerance(1e-9));
  BOOST_TEST(r.readings[0].stable);
  r.physics.set(13.0, false);
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.back().mass_g == 13.0, tt::tolerance(1e-9));
  BOOST_TEST(!r.readings.back().stable);  // blank unit field
  r.physics.view.overload = true;
  r.run_for(seconds(1));
  BOOST_TEST((r.readings.back().status == WeightStatus::overload));
  r.driver->stop_readings();
  const auto n = r.readings.size();
  r.run_for(seconds(3));
  BOOST_TEST(r.readings.size() == n);
  BOOST_TEST(r.sim->count("P") == n);
}

BOOST_AUTO_TEST_CASE(a_balance_error_is_a_reading_with_error_status_logged_once) {
  Rig r;
  r.sim->inject_next_line("  Err 54       ");
  r.sim->inject_next_line("  Err 54       ");
  r.start(seconds(1));
  r.run_for(milliseconds(2500));
  BOOST_REQUIRE(r.readings.size() == 3u);
  BOOST_TEST((r.readings[0].status == WeightStatus::error));
  BOOST_TEST((r.readings[1].status == WeightStatus::error));
  BOOST_TEST((r.readings[2].status == WeightStatus::ok));
  BOOST_TEST(r.events_of("fault") == 1u);
}

BOOST_AUTO_TEST_CASE(read_stable_polls_until_the_unit_field_is_filled_in) {
  Rig r;
  r.physics.set(20.0, false);
  r.loop.schedule_after(seconds(2), [&] { r.physics.set(20.5, true); });
  const auto reading = r.wait<BalanceReading>([&](auto cb) { r.driver->read_stable(cb); });
  BOOST_REQUIRE_MESSAGE(reading.ok(), test::error_of(reading));
  BOOST_TEST(reading->stable);
  BOOST_TEST(reading->mass_g == 20.5, tt::tolerance(1e-9));
  BOOST_TEST(reading->t_ns >= seconds(2));
  BOOST_TEST(r.sim->count("P") >= 5u);
}

BOOST_AUTO_TEST_CASE(read_stable_gives_up_after_its_timeout_naming_the_balance) {
  Rig r;
  r.physics.set(20.0, false);
  r.driver->set_stable_reply_timeout(seconds(3));
  const auto reading = r.wait<BalanceReading>([&](auto cb) { r.driver->read_stable(cb); });
  BOOST_REQUIRE(!reading.ok());
  BOOST_TEST(reading.error().device == "balance-1");
  BOOST_TEST(reading.error().message.find("not stable within 3 s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tare_sends_esc_u_and_yields_the_tared_weight) {
  Rig r;
  const auto tare = r.wait<double>([&](auto cb) { r.driver->tare(cb); });
  BOOST_REQUIRE_MESSAGE(tare.ok(), test::error_of(tare));
  BOOST_TEST(*tare == 12.3456, tt::tolerance(1e-9));
  BOOST_TEST(r.sim->count("U") == 1u);
  BOOST_TEST(r.sim->tare_g() == 12.3456, tt::tolerance(1e-9));
  // A second tare on top: the tare memory holds both.
  r.physics.set(12.3456 + 10.0);
  const auto second = r.wait<double>([&](auto cb) { r.driver->tare(cb); });
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(*second == 22.3456, tt::tolerance(1e-9));
  BOOST_TEST(r.sim->tare_g() == 22.3456, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_tare_the_balance_ignores_is_an_error) {
  Rig r;
  r.sim->set_busy(true);
  const auto tare = r.wait<double>([&](auto cb) { r.driver->tare(cb); });
  BOOST_REQUIRE(!tare.ok());
  BOOST_TEST(tare.error().message.find("tare not taken") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(zero_sends_esc_v_and_clears_the_tare) {
  Rig r;
  BOOST_REQUIRE(r.wait<double>([&](auto cb) { r.driver->tare(cb); }).ok());
  r.physics.set(12.3456 + 0.002);
  const auto z = r.wait<Unit>([&](auto cb) { r.driver->zero(cb); });
  BOOST_REQUIRE_MESSAGE(z.ok(), test::error_of(z));
  BOOST_TEST(r.sim->count("V") == 1u);
  BOOST_TEST(r.sim->tare_g() == 0.0);
  BOOST_TEST(r.sim->zero_offset_g() == 12.3476, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(auto_print_streams_when_the_interval_is_zero_without_a_command) {
  SimSartoriusOptions o;
  o.auto_print = true;
  o.id_field = true;
  Rig r(o);
  r.start(0);
  r.run_for(seconds(2) + milliseconds(100));
  BOOST_TEST(r.readings.size() == 10u);  // 5 lines per second
  BOOST_TEST(r.readings.back().mass_g == 12.3456, tt::tolerance(1e-9));
  BOOST_TEST(r.sim->count("P") == 0u);   // nothing was asked
  BOOST_TEST(r.faults.empty());
  r.driver->stop_readings();
  const auto n = r.readings.size();
  r.run_for(seconds(2));
  BOOST_TEST(r.readings.size() == n);  // the balance goes on printing; nobody reads
}

BOOST_AUTO_TEST_CASE(a_silent_stream_is_a_fault_and_the_driver_asks_with_esc_p) {
  Rig r;  // auto print off in the balance: a misconfigured bench
  r.start(0);
  r.run_for(seconds(3) + milliseconds(500));
  BOOST_REQUIRE(r.faults.size() == 1u);
  BOOST_TEST(r.faults[0].message.find("no auto-print line") != std::string::npos);
  BOOST_TEST(r.sim->count("P") == 1u);
  BOOST_TEST(r.readings.size() == 1u);  // the ESC P line still counts as a reading
  BOOST_TEST(r.driver->stream_silences() == 1u);
}

BOOST_AUTO_TEST_CASE(a_garbled_poll_reply_is_retried_and_the_reading_recovers) {
  Rig r;
  r.sim->inject_garbage_next_line();
  r.start(seconds(1));
  r.run_for(milliseconds(500));
  BOOST_TEST(r.readings.size() == 1u);
  BOOST_TEST(r.readings[0].mass_g == 12.3456, tt::tolerance(1e-9));
  BOOST_TEST(r.driver->retries() == 1u);
  BOOST_TEST(r.faults.empty());
}

BOOST_AUTO_TEST_CASE(garbled_stream_lines_are_counted_not_taken) {
  SimSartoriusOptions o;
  o.auto_print = true;
  Rig r(o);
  r.start(0);
  r.sim->inject_garbage_next_line();
  r.run_for(seconds(1) + milliseconds(100));
  BOOST_TEST(r.driver->garbled_stream_lines() == 1u);
  BOOST_TEST(r.readings.size() == 4u);
  BOOST_TEST(r.events_of("garbled") == 1u);
}

BOOST_AUTO_TEST_CASE(a_silent_balance_fails_the_poll_after_the_retries_then_recovers) {
  Rig r;
  r.start(seconds(5));
  r.sim->set_silent(true);
  r.run_for(seconds(4));
  BOOST_REQUIRE(r.faults.size() == 1u);
  BOOST_TEST(r.faults[0].device == "balance-1");
  BOOST_TEST(r.sim->count("P") == 3u);  // three attempts
  r.sim->set_silent(false);
  r.run_for(seconds(2));
  BOOST_TEST(r.readings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_one_shot_call_pending_when_the_driver_goes_is_told_once) {
  Rig r;
  r.physics.set(20.0, false);
  int calls = 0;
  std::string message;
  r.driver->read_stable([&](Outcome<BalanceReading> o) {
    ++calls;
    if (!o) message = o.error().message;
  });
  r.run_for(milliseconds(150));  // between two prints
  r.driver.reset();
  r.run_for(seconds(1));
  BOOST_TEST(calls == 1);
  BOOST_TEST(message.find("cancelled") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
