// The harvard driver against the simulated Pump 11 Elite over a SimLink, in virtual time: what
// the runner relies on, and recovery from a garbled or silent line.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "rig/drivers/harvard/harvard_pump.hpp"
#include "tests/harvard/harvard_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

struct DriverBench : HarvardSimBench {
  explicit DriverBench(sim::SimHarvardOptions so = {}, HarvardOptions o = {}) : HarvardSimBench(so) {
    o.events = [this](const RigEvent& e) { events.push_back(e); };
    driver = std::make_unique<HarvardPump>(loop, *pair->host, "pump-1", o);
  }
  ~DriverBench() { driver.reset(); }

  Outcome<InstrumentIdentity> connect() { return wait<InstrumentIdentity>([&](auto cb) { driver->connect(cb); }); }
  Outcome<Unit> program(double rate_ml_h, std::optional<double> volume_ml = std::nullopt) {
    return wait<Unit>([&](auto cb) { driver->program(PumpProgram{rate_ml_h, 26.59, volume_ml}, cb); });
  }
  Outcome<Unit> start() { return wait<Unit>([&](auto cb) { driver->start(cb); }); }
  Outcome<Unit> stop() { return wait<Unit>([&](auto cb) { driver->stop(cb); }); }
  Outcome<PumpStatus> status() { return wait<PumpStatus>([&](auto cb) { driver->status(cb); }); }
  Outcome<std::string> disconnect() { return wait<std::string>([&](auto cb) { driver->disconnect(cb); }); }
  bool saw(EventKind kind, const std::string& text) const {
    for (const auto& e : events)
      if (e.kind == kind && e.message.find(text) != std::string::npos) return true;
    return false;
  }

  std::unique_ptr<HarvardPump> driver;
  std::vector<RigEvent> events;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(harvard_driver)

BOOST_AUTO_TEST_CASE(connect_identifies_checks_the_address_and_enters_poll_mode) {
  DriverBench b;
  const auto id = b.connect();
  BOOST_REQUIRE_MESSAGE(id.ok(), error_of(id));
  BOOST_TEST(id->manufacturer == "Harvard Apparatus");
  BOOST_TEST(id->model == "11 ELITE I/W Single");
  BOOST_TEST(id->firmware == "3.0.7");
  BOOST_TEST(id->protocol == "Harvard Ultra command set (poll mode)");
  BOOST_TEST(b.sim->poll_mode());
  BOOST_TEST(b.driver->state() == DeviceState::configured);
}

BOOST_AUTO_TEST_CASE(an_address_on_the_chain_is_used_and_a_wrong_one_fails_connect) {
  sim::SimHarvardOptions so;
  so.address = 12;
  HarvardOptions o;
  o.address = 12;
  DriverBench b(so, o);
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(25.0).ok());
  BOOST_TEST(b.sim->infuse_rate_ml_h() == 25.0);

  sim::SimHarvardOptions other;
  other.address = 12;
  HarvardOptions wrong;
  wrong.address = 3;
  wrong.exchange.reply_timeout = milliseconds(200);
  DriverBench silent(other, wrong);
  const auto id = silent.connect();
  BOOST_REQUIRE(!id.ok());
  BOOST_TEST(silent.driver->state() == DeviceState::unconfigured);
}

BOOST_AUTO_TEST_CASE(program_start_status_with_dispensed_volume_stop_and_disconnect) {
  DriverBench b;
  // Nothing is sent before connect: the lifecycle refuses.
  const auto refused = b.start();
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("refused") != std::string::npos);
  BOOST_TEST(b.sim->commands_executed() == 0u);

  BOOST_REQUIRE(b.connect().ok());
  const auto cmds = b.driver->program_commands(PumpProgram{25.0, 26.59, std::nullopt});
  BOOST_REQUIRE(cmds.ok());
  BOOST_TEST(*cmds == (std::vector<std::string>{"diameter 26.59", "irate 25 ml/hr", "ctvolume", "civolume"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(b.program(25.0).ok());
  BOOST_TEST(b.sim->diameter_mm() == 26.59);
  BOOST_TEST(b.mech.diameter_mm == 26.59);
  BOOST_TEST(!b.mech.running);
  BOOST_REQUIRE(b.start().ok());
  BOOST_TEST(b.driver->state() == DeviceState::active);
  BOOST_TEST(b.mech.running);
  BOOST_TEST(b.mech.rate_ml_h == 25.0);
  b.run_for(seconds(36));
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST((st->state == PumpState::infusing));
  BOOST_REQUIRE(st->dispensed_ml);
  BOOST_TEST(*st->dispensed_ml == 0.25, boost::test_tools::tolerance(0.002));
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.driver->state() == DeviceState::configured);
  BOOST_TEST((b.status()->state == PumpState::stopped));
  const auto words = b.disconnect();
  BOOST_REQUIRE(words.ok());
  BOOST_TEST(words->find("poll mode off") != std::string::npos);
  BOOST_TEST(!b.sim->poll_mode());
  BOOST_TEST(b.driver->state() == DeviceState::unconfigured);
  BOOST_TEST(!b.start().ok());
}

BOOST_AUTO_TEST_CASE(a_rate_below_1_ml_h_and_a_volume_are_written_in_microlitres) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  const auto cmds = b.driver->program_commands(PumpProgram{0.5, std::nullopt, 0.25});
  BOOST_REQUIRE(cmds.ok());
  BOOST_TEST(*cmds == (std::vector<std::string>{"irate 500 ul/hr", "tvolume 250 ul", "civolume"}), boost::test_tools::per_element());
  BOOST_TEST(!b.driver->program_commands(PumpProgram{0.0, std::nullopt, std::nullopt}).ok());
  // The pump's own limit comes back as its error, naming the command.
  const auto too_fast = b.program(100000.0);
  BOOST_REQUIRE(!too_fast.ok());
  BOOST_TEST(too_fast.error().message == "irate 100000 ml/hr rejected: Out of range");
}

BOOST_AUTO_TEST_CASE(a_stall_is_reported_once_as_an_alarm_and_the_pump_stays_stoppable) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(25.0).ok());
  BOOST_REQUIRE(b.start().ok());
  std::vector<PumpStatus> statuses;
  std::vector<DeviceError> faults;
  b.driver->start_monitoring(seconds(1), [&](const PumpStatus& s) { statuses.push_back(s); },
                             [&](const DeviceError& e) { faults.push_back(e); });
  b.run_for(seconds(3));
  BOOST_REQUIRE(!statuses.empty());
  BOOST_TEST((statuses.back().state == PumpState::infusing));
  const std::size_t before = statuses.size();
  b.mech.stall_at(b.loop.now());
  b.run_for(seconds(5));
  std::size_t alarms = 0;
  for (std::size_t i = before; i < statuses.size(); ++i)
    if (statuses[i].state == PumpState::alarm) {
      ++alarms;
      BOOST_TEST((statuses[i].alarm == PumpAlarm::stall));
      BOOST_TEST(statuses[i].alarm_text == "stalled (force limit reached)");
    }
  BOOST_TEST(alarms == 1u);
  BOOST_TEST((statuses.back().state == PumpState::stopped));
  BOOST_TEST(b.saw(EventKind::alarm, "stalled"));
  BOOST_TEST(faults.empty());
  b.driver->stop_monitoring();
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(b.sim->prompt_now() == ":");
}

BOOST_AUTO_TEST_CASE(a_target_reached_ends_as_stopped_with_the_volume) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(36.0, 0.1).ok());
  BOOST_REQUIRE(b.start().ok());
  b.run_for(seconds(12));
  BOOST_TEST(!b.mech.running);
  const auto st = b.status();
  BOOST_REQUIRE(st.ok());
  BOOST_TEST((st->state == PumpState::stopped));
  BOOST_TEST((st->alarm == PumpAlarm::none));
  BOOST_TEST(*st->dispensed_ml == 0.1, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(b.saw(EventKind::info, "target volume reached"));
  BOOST_REQUIRE(b.stop().ok());
}

BOOST_AUTO_TEST_CASE(a_garbled_reply_is_noise_and_a_silent_pump_is_retried_then_a_fault) {
  DriverBench b;
  BOOST_REQUIRE(b.connect().ok());
  BOOST_REQUIRE(b.program(25.0).ok());
  b.sim->inject_garbage_next_reply();
  BOOST_REQUIRE(b.start().ok());  // the noise is dropped by the framer, the reply stands
  BOOST_TEST(b.mech.running);

  // Silent for one reply timeout: the resend gets the answer.
  b.sim->set_silent(true);
  b.loop.schedule_after(milliseconds(1500), [&] { b.sim->set_silent(false); });
  const auto st = b.status();
  BOOST_REQUIRE_MESSAGE(st.ok(), error_of(st));
  BOOST_TEST(b.driver->retries() >= 1u);

  // Silent for good: the exchange fails after its attempts, with the device named.
  b.sim->set_silent(true);
  const auto lost = b.status();
  BOOST_REQUIRE(!lost.ok());
  BOOST_TEST(lost.error().device == "pump-1");
  // Back: the driver talks again and stops the pump.
  b.sim->set_silent(false);
  BOOST_REQUIRE(b.stop().ok());
  BOOST_TEST(!b.mech.running);
}

BOOST_AUTO_TEST_CASE(a_slow_pump_within_the_reply_timeout_is_fine) {
  DriverBench b;
  b.sim->set_latency(milliseconds(600));
  BOOST_REQUIRE(b.connect().ok());
  BOOST_TEST(b.driver->retries() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
