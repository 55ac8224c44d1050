#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hardware/sim/mtsics_sim.hpp"
#include "rig/drivers/mtsics/mtsics_balance.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimMtsicsBalance;
using pumprig::sim::SimMtsicsOptions;

namespace {

// Driver and simulated balance on the two ends of an in-memory cable, in virtual time.
struct Rig {
  explicit Rig(ExchangeOptions options = {}, SimMtsicsOptions sim_options = {}) {
    sim = std::make_unique<SimMtsicsBalance>(loop, *pair.instrument, physics, sim::SimBalanceIdentity{}, sim_options);
    driver = std::make_unique<MtsicsBalance>(loop, *pair.host, "balance-1", options,
                                             [this](RigEvent e) { events.push_back(std::move(e)); });
    physics.set(12.3456);
  }
  void run_for(Nanos d) { loop.run_until(loop.now() + d); }
  std::size_t events_of(const std::string& kind) const {
    std::size_t n = 0;
    for (const auto& e : events) n += to_string(e.kind) == kind;
    return n;
  }
  void start_polling(Nanos period) {
    driver->start_readings(
        period, [this](const BalanceReading& r) { readings.push_back(r); },
        [this](const DeviceError& e) { faults.push_back(e); });
  }
  Nanos bt() const { return byte_time(settings); }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SerialSettings settings{};
  SimLinkPair pair = make_sim_link_pair(loop, settings, "balance-1");
  test::FakeBalancePhysics physics;
  std::unique_ptr<SimMtsicsBalance> sim;
  std::vector<RigEvent> events;
  std::vector<BalanceReading> readings;
  std::vector<DeviceError> faults;
  std::unique_ptr<MtsicsBalance> driver;
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The reply time of one SI poll: request on the wire, processing, the 18-byte reply on the wire.
Nanos si_round_trip(const Rig& r) { return 4 * r.bt() + milliseconds(20) + 18 * r.bt(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_driver)

BOOST_AUTO_TEST_CASE(connect_reads_the_identity) {
  Rig r;
  int calls = 0;
  std::optional<Outcome<InstrumentIdentity>> got;
  r.driver->connect([&](Outcome<InstrumentIdentity> o) {
    ++calls;
    got = std::move(o);
  });
  r.run_for(seconds(3));
  BOOST_TEST(calls == 1);
  BOOST_TEST_REQUIRE(got->ok());
  BOOST_TEST((*got)->manufacturer == "Mettler Toledo");
  BOOST_TEST((*got)->model == "XPR205 220.0000 g");
  BOOST_TEST((*got)->serial == "SIM-B0001");
  BOOST_TEST((*got)->firmware == "1.0.0-sim");
  BOOST_TEST((*got)->protocol == "MT-SICS level 012, V0 2.20, V1 2.20, V2 2.20");  // from I1
  BOOST_TEST((*got)->software_number == "SIM-00000000A");                          // from I5
  BOOST_TEST(r.driver->capacity_g().value_or(-1) == 220.0);
  BOOST_TEST(r.sim->count("@") == 1u);
  BOOST_TEST(r.sim->count("I2") == 1u);
  BOOST_TEST(r.sim->count("I3") == 1u);
  BOOST_TEST(r.sim->count("I4") == 1u);
  BOOST_TEST(r.sim->count("I1") == 1u);
  BOOST_TEST(r.sim->count("I5") == 1u);
  BOOST_TEST(r.driver->retries() == 0u);
}

BOOST_AUTO_TEST_CASE(tare_zero_and_stable_weight) {
  Rig r;
  r.physics.set(10.5);
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(tare->ok());
  BOOST_TEST(**tare == 10.5);
  BOOST_TEST(r.sim->tare_g() == 10.5);

  r.physics.set(11.25);
  std::optional<Outcome<BalanceReading>> stable;
  r.driver->read_stable([&](Outcome<BalanceReading> o) { stable = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(stable->ok());
  BOOST_TEST((*stable)->mass_g == 0.75);  // net of the tare
  BOOST_TEST((*stable)->stable);
  BOOST_TEST(((*stable)->status == WeightStatus::ok));

  std::optional<Outcome<Unit>> zero;
  r.driver->zero([&](Outcome<Unit> o) { zero = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST(zero->ok());
  BOOST_TEST(r.sim->zero_offset_g() == 11.25);
  BOOST_TEST(r.sim->tare_g() == 0.0);
}

BOOST_AUTO_TEST_CASE(tare_in_milligrams_comes_back_in_grams) {
  SimMtsicsOptions mg;
  mg.unit = "mg";
  Rig r({}, mg);
  r.physics.set(10.5);
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(tare->ok());
  BOOST_TEST(**tare == 10.5, boost::test_tools::tolerance(1e-12));
}

// S may legitimately take longer than the SI reply timeout: the driver waits for it, it does not
// resend it (a resent T would tare twice).
BOOST_AUTO_TEST_CASE(stable_commands_wait_longer_than_the_reply_timeout) {
  Rig r;
  r.physics.script = [](Nanos t) { return sim::BalanceView{20.0, 4, t >= seconds(3), false, false}; };
  std::optional<Outcome<BalanceReading>> got;
  r.driver->read_stable([&](Outcome<BalanceReading> o) { got = std::move(o); });
  r.run_for(seconds(4));
  BOOST_TEST_REQUIRE(got->ok());
  BOOST_TEST((*got)->mass_g == 20.0);
  BOOST_TEST((*got)->t_ns >= seconds(3));
  BOOST_TEST(r.sim->count("S") == 1u);
  BOOST_TEST(r.events_of("retry") == 0u);

  // Never stable: the balance gives up by itself ("S I"): a typed error, not a retry.
  r.physics.script = [](Nanos) { return sim::BalanceView{20.0, 4, false, false, false}; };
  got.reset();
  int calls = 0;
  r.driver->read_stable([&](Outcome<BalanceReading> o) {
    ++calls;
    got = std::move(o);
  });
  r.run_for(seconds(8));
  BOOST_TEST(calls == 1);
  BOOST_TEST_REQUIRE(!got->ok());
  BOOST_TEST(got->error().device == "balance-1");
  BOOST_TEST(got->error().what() ==
             "balance-1: S not executed: balance busy or not stable within its timeout (S I)");
}

BOOST_AUTO_TEST_CASE(polling_at_1_hz_gives_n_readings_in_n_seconds) {
  Rig r;
  r.run_for(milliseconds(500));  // start off the whole second
  const Nanos t0 = r.loop.now();
  // The load steps by 0.1 g every second and is stable in even seconds only.
  r.physics.script = [t0](Nanos t) {
    const auto k = (t - t0) / seconds(1);
    return sim::BalanceView{1.0 + 0.1 * static_cast<double>(k), 4, k % 2 == 0, false, false};
  };
  r.start_polling(seconds(1));
  const int n = 10;
  r.loop.run_until(t0 + seconds(n));
  BOOST_TEST_REQUIRE(r.readings.size() == static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) {
    BOOST_TEST_CONTEXT("reading " << k) {
      const BalanceReading& rd = r.readings[static_cast<std::size_t>(k)];
      BOOST_TEST(rd.t_ns == t0 + seconds(k) + si_round_trip(r));  // stamped on arrival
      BOOST_TEST(rd.mass_g == 1.0 + 0.1 * k, boost::test_tools::tolerance(1e-9));
      BOOST_TEST(rd.stable == (k % 2 == 0));
      BOOST_TEST((rd.status == WeightStatus::ok));
    }
  }
  BOOST_TEST(r.faults.empty());
  BOOST_TEST(r.sim->count("SI") == static_cast<std::uint64_t>(n));
  BOOST_TEST(r.driver->skipped_polls() == 0u);

  // An hour of polling does not drift: the last reading is still on the grid.
  r.readings.clear();
  r.loop.run_until(t0 + seconds(3600));
  BOOST_TEST(r.readings.back().t_ns == t0 + seconds(3599) + si_round_trip(r));
  BOOST_TEST(r.readings.size() == 3590u);
}

BOOST_AUTO_TEST_CASE(a_slow_balance_makes_polls_skip_never_pile_up) {
  ExchangeOptions patient;
  patient.reply_timeout = seconds(3);
  Rig r(patient);
  r.sim->set_reply_latency(milliseconds(1500));
  r.start_polling(seconds(1));
  r.run_for(seconds(10));
  // Polls at 0, 2, 4, 6, 8 s; the ticks at 1, 3, 5, 7, 9 s find a poll still out and skip.
  BOOST_TEST(r.sim->count("SI") == 5u);
  BOOST_TEST(r.driver->skipped_polls() == 5u);
  BOOST_TEST_REQUIRE(r.readings.size() == 5u);
  for (std::size_t i = 1; i < r.readings.size(); ++i)
    BOOST_TEST(r.readings[i].t_ns - r.readings[i - 1].t_ns == seconds(2));
  BOOST_TEST(r.faults.empty());
}

BOOST_AUTO_TEST_CASE(sir_streaming_and_stop) {
  Rig r;
  r.start_polling(0);
  r.run_for(seconds(2));
  BOOST_TEST_REQUIRE(r.readings.size() == 10u);  // 5 lines a second
  for (std::size_t i = 1; i < r.readings.size(); ++i)
    BOOST_TEST(r.readings[i].t_ns - r.readings[i - 1].t_ns == milliseconds(200));
  for (const auto& rd : r.readings) BOOST_TEST(rd.mass_g == 12.3456);
  BOOST_TEST(r.sim->count("SIR") == 1u);

  r.driver->stop_readings();
  const std::size_t at_stop = r.readings.size();
  r.run_for(seconds(2));
  BOOST_TEST(r.readings.size() == at_stop);
  BOOST_TEST(r.sim->count("@") == 1u);
  BOOST_TEST(!r.sim->streaming());
  BOOST_TEST(r.faults.empty());
}

BOOST_AUTO_TEST_CASE(a_silent_stream_is_reported_and_restarted) {
  Rig r;
  r.start_polling(0);
  r.run_for(seconds(1));
  const std::size_t before = r.readings.size();
  r.sim->set_silent(true);
  r.run_for(seconds(5));
  BOOST_TEST(r.readings.size() == before);
  BOOST_TEST_REQUIRE(r.faults.size() >= 1u);
  BOOST_TEST(r.faults[0].what() == "balance-1: no line from the SIR stream for 3000 ms; restarting SIR");
  BOOST_TEST(r.sim->count("SIR") == 4u);  // the first, then the restart sent three times (retries)
  BOOST_TEST(r.driver->stream_restarts() == 1u);

  r.sim->set_silent(false);
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.size() >= before + 4);  // the stream is back
}

BOOST_AUTO_TEST_CASE(overload_and_underload_are_readings_with_that_status) {
  Rig r;
  r.start_polling(seconds(1));
  r.run_for(milliseconds(500));
  r.physics.view.overload = true;
  r.run_for(seconds(1));
  r.physics.view.overload = false;
  r.physics.view.underload = true;
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(r.readings.size() == 3u);
  BOOST_TEST((r.readings[0].status == WeightStatus::ok));
  BOOST_TEST((r.readings[1].status == WeightStatus::overload));
  BOOST_TEST(!r.readings[1].stable);
  BOOST_TEST((r.readings[2].status == WeightStatus::underload));
  BOOST_TEST(r.faults.empty());

  r.driver->stop_readings();
  r.physics.view.underload = false;
  r.physics.view.overload = true;
  std::optional<Outcome<BalanceReading>> stable;
  r.driver->read_stable([&](Outcome<BalanceReading> o) { stable = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(stable->ok());
  BOOST_TEST((((*stable)->status) == WeightStatus::overload));
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(!tare->ok());
  BOOST_TEST(tare->error().what() == "balance-1: T not executed: balance in overload (T +)");
}

BOOST_AUTO_TEST_CASE(a_silent_balance_is_retried_then_named_in_the_error) {
  Rig r;
  r.sim->set_silent(true);
  int calls = 0;
  std::optional<Outcome<InstrumentIdentity>> got;
  r.driver->connect([&](Outcome<InstrumentIdentity> o) {
    ++calls;
    got = std::move(o);
  });
  r.run_for(seconds(10));
  BOOST_TEST(calls == 1);
  BOOST_TEST_REQUIRE(!got->ok());
  BOOST_TEST(got->error().device == "balance-1");
  BOOST_TEST(got->error().what() == "balance-1: no reply to @ within 1000 ms; gave up after 3 attempts");
  BOOST_TEST(r.events_of("retry") == 2u);
  for (const auto& e : r.events) {
    BOOST_TEST(e.source == "balance-1");
    if (e.kind == EventKind::retry) BOOST_TEST(contains(e.message, "no reply to @"));
  }
  BOOST_TEST(r.sim->count("@") == 3u);

  // Polling a silent balance: faults name the device and the polls keep trying.
  r.events.clear();
  r.start_polling(seconds(1));
  r.run_for(seconds(10));
  BOOST_TEST(r.readings.empty());
  BOOST_TEST_REQUIRE(r.faults.size() >= 2u);
  for (const auto& f : r.faults) BOOST_TEST(contains(f.what(), "balance-1: no reply to SI within 1000 ms"));
  BOOST_TEST(r.events_of("retry") >= 4u);
  r.sim->set_silent(false);
  r.run_for(seconds(3));
  BOOST_TEST(r.readings.size() >= 2u);  // and recover when the balance talks again
}

BOOST_AUTO_TEST_CASE(a_garbled_reply_is_recovered_by_a_retry) {
  Rig r;
  r.sim->inject_garbage_next_reply();
  r.start_polling(seconds(1));
  r.run_for(milliseconds(2500));
  BOOST_TEST_REQUIRE(r.readings.size() == 3u);
  for (const auto& rd : r.readings) BOOST_TEST(rd.mass_g == 12.3456);
  BOOST_TEST(r.faults.empty());
  BOOST_TEST(r.driver->retries() == 1u);
  BOOST_TEST_REQUIRE(r.events_of("retry") == 1u);
  BOOST_TEST(contains(r.events[0].message, "garbled reply to SI"));
  // The retry went out as soon as the garbage arrived, not after a timeout.
  BOOST_TEST(r.readings[0].t_ns == 2 * si_round_trip(r));
  BOOST_TEST(r.sim->count("SI") == 4u);

  // The same for a command that waits for stability.
  r.driver->stop_readings();
  r.events.clear();
  r.physics.set(4.0);
  r.sim->inject_garbage_next_reply();
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(tare->ok());
  BOOST_TEST(**tare == 4.0);
  BOOST_TEST(r.events_of("retry") == 1u);
}

BOOST_AUTO_TEST_CASE(general_errors_become_clear_device_errors) {
  Rig r;
  r.sim->inject_next_reply("ES");
  r.start_polling(seconds(1));
  r.run_for(milliseconds(500));
  BOOST_TEST_REQUIRE(r.faults.size() == 1u);
  BOOST_TEST(r.faults[0].what() == "balance-1: ES syntax error for command SI");
  BOOST_TEST(r.readings.empty());
  r.run_for(seconds(1));
  BOOST_TEST(r.readings.size() == 1u);  // polling goes on
  r.driver->stop_readings();

  r.sim->inject_next_reply("EL");
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(!tare->ok());
  BOOST_TEST(tare->error().what() == "balance-1: EL logical error for command T");

  // ET asks for the command again: one ET is retried away, three in a row fail clearly.
  r.faults.clear();
  r.readings.clear();
  r.sim->inject_next_reply("ET");
  r.start_polling(seconds(1));
  r.run_for(milliseconds(500));
  BOOST_TEST(r.faults.empty());
  BOOST_TEST(r.readings.size() == 1u);
  for (int i = 0; i < 3; ++i) r.sim->inject_next_reply("ET");
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(r.faults.size() == 1u);
  BOOST_TEST(contains(r.faults[0].what(), "balance-1: ET transmission error for command SI"));
}

BOOST_AUTO_TEST_CASE(busy_hardware_error_and_foreign_units) {
  Rig r;
  r.sim->set_busy(true);
  r.start_polling(seconds(1));
  r.run_for(milliseconds(500));
  BOOST_TEST_REQUIRE(r.faults.size() == 1u);
  BOOST_TEST(r.faults[0].what() == "balance-1: SI not executed: balance busy or not stable within its timeout (S I)");
  BOOST_TEST(r.readings.empty());
  r.sim->set_busy(false);

  r.sim->inject_next_reply("S S Error 3t");
  r.sim->inject_next_reply("S S Error 3t");
  r.run_for(seconds(2));
  BOOST_TEST_REQUIRE(r.readings.size() == 2u);
  BOOST_TEST((r.readings[0].status == WeightStatus::error));
  BOOST_TEST((r.readings[1].status == WeightStatus::error));
  std::size_t hw_events = 0;
  for (const auto& e : r.events) hw_events += contains(e.message, "hardware error 3t");
  BOOST_TEST(hw_events == 1u);  // a persisting error is logged once

  r.sim->inject_next_reply("S S     1.0000 lb");
  r.run_for(seconds(1));
  BOOST_TEST_REQUIRE(r.faults.size() == 2u);
  BOOST_TEST(contains(r.faults[1].what(), "unit 'lb'"));
}

BOOST_AUTO_TEST_CASE(one_shot_calls_interleave_with_polling) {
  Rig r;
  r.physics.script = [](Nanos t) {
    // 10 g settles at 4 s; then the vessel gains 1 g per second.
    if (t < seconds(4)) return sim::BalanceView{10.0, 4, false, false, false};
    return sim::BalanceView{10.0 + to_seconds(t - seconds(4)), 4, true, false, false};
  };
  r.start_polling(seconds(1));
  r.run_for(milliseconds(2500));
  std::optional<Outcome<double>> tare;
  r.driver->tare([&](Outcome<double> o) { tare = std::move(o); });
  r.run_for(seconds(4));
  BOOST_TEST_REQUIRE(tare->ok());
  // Tared at the balance's first stability check after 4 s, while the vessel gains 1 g/s.
  BOOST_TEST(**tare >= 10.0);
  BOOST_TEST(**tare <= 10.06);
  BOOST_TEST(r.faults.empty());
  // After the tare the readings are net and go up by about 1 g per second.
  BOOST_TEST(r.readings.back().mass_g > 1.0);
  BOOST_TEST(r.readings.back().mass_g < 3.0);
  BOOST_TEST(r.sim->count("T") == 1u);
}

BOOST_AUTO_TEST_CASE(destroying_the_driver_with_requests_pending_is_safe) {
  Rig r;
  int connect_calls = 0, tare_calls = 0;
  std::string connect_error, tare_error;
  r.physics.set(1.0, false);
  r.driver->connect([&](Outcome<InstrumentIdentity> o) {
    ++connect_calls;
    if (!o) connect_error = o.error().what();
  });
  r.driver->tare([&](Outcome<double> o) {
    ++tare_calls;
    if (!o) tare_error = o.error().what();
  });
  r.start_polling(seconds(1));
  r.run_for(milliseconds(10));
  BOOST_TEST(connect_calls == 0);
  r.driver.reset();
  BOOST_TEST(connect_calls == 0);  // not from inside the destructor
  r.run_for(seconds(20));
  BOOST_TEST(connect_calls == 1);
  BOOST_TEST(tare_calls == 1);
  BOOST_TEST(connect_error == "balance-1: cancelled: driver shut down");
  BOOST_TEST(tare_error == "balance-1: cancelled: driver shut down");
  BOOST_TEST(r.readings.empty());
}

BOOST_AUTO_TEST_CASE(callbacks_may_stop_or_destroy_the_driver) {
  Rig r;
  r.driver->start_readings(
      seconds(1),
      [&](const BalanceReading& rd) {
        r.readings.push_back(rd);
        if (r.readings.size() == 2) r.driver->stop_readings();
      },
      [](const DeviceError&) {});
  r.run_for(seconds(5));
  BOOST_TEST(r.readings.size() == 2u);

  r.readings.clear();
  r.driver->start_readings(
      seconds(1),
      [&](const BalanceReading& rd) {
        r.readings.push_back(rd);
        r.driver.reset();
      },
      [](const DeviceError&) {});
  r.run_for(seconds(5));
  BOOST_TEST(r.readings.size() == 1u);
  BOOST_TEST(!r.driver);

  // The same from a line of the SIR stream (it arrives outside any request).
  Rig s;
  s.driver->start_readings(
      0,
      [&](const BalanceReading& rd) {
        s.readings.push_back(rd);
        if (s.readings.size() == 3) s.driver.reset();
      },
      [](const DeviceError&) {});
  s.run_for(seconds(5));
  BOOST_TEST(s.readings.size() == 3u);
  BOOST_TEST(s.sim->streaming());  // nobody told the balance; it streams into the void
}

BOOST_AUTO_TEST_SUITE_END()
