// The harvard driver and the simulated Pump 11 Elite over a real pseudo-terminal in real time:
// termios, split reads and all, as against a pump on a USB serial adapter. And `pumprig probe
// --driver harvard` against the pump that pumprig-sim's bench serves on a pty.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "hardware/sim/pty_master_link.hpp"
#include "rig/cli/probe_command.hpp"
#include "rig/drivers/harvard/harvard_pump.hpp"
#include "rig/link/tty_link.hpp"
#include "tests/ne1000/fake_mechanism.hpp"
#include "tests/pty/pty_test_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

template <class T>
Outcome<T> wait_real(EventLoop& loop, const std::function<void(std::function<void(Outcome<T>)>)>& call) {
  std::optional<Outcome<T>> got;
  call([&](Outcome<T> o) {
    got.emplace(std::move(o));
    loop.stop();
  });
  const TimerId guard = loop.schedule_after(seconds(10), [&] { loop.stop(); });
  if (!got) loop.run();
  loop.cancel(guard);
  BOOST_REQUIRE_MESSAGE(got.has_value(), "no answer within 10 s");
  return std::move(*got);
}

void run_real(EventLoop& loop, Nanos d) {
  const TimerId t = loop.schedule_after(d, [&] { loop.stop(); });
  loop.run();
  loop.cancel(t);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(harvard_pty)

BOOST_AUTO_TEST_CASE(driver_and_simulator_over_a_pty_connect_program_run_report_and_stop) {
  EventLoop loop(std::make_unique<SteadyClock>());
  sim::PtyMasterLink master(loop, "pump-1");
  master.open();
  FakeMechanism mech;
  sim::SimHarvardPump pump(master, loop, mech);
  SerialSettings s;
  s.baud = 115200;
  TtyLink tty(loop, master.slave_path(), s);
  tty.open();
  HarvardPump driver(loop, tty, "pump-1");

  const auto id = wait_real<InstrumentIdentity>(loop, [&](auto cb) { driver.connect(cb); });
  BOOST_REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().what()));
  BOOST_TEST(id->firmware == "3.0.7");
  BOOST_TEST(pump.poll_mode());
  BOOST_REQUIRE(wait_real<Unit>(loop, [&](auto cb) { driver.program(PumpProgram{360.0, 26.59, std::nullopt}, cb); }).ok());
  BOOST_REQUIRE(wait_real<Unit>(loop, [&](auto cb) { driver.start(cb); }).ok());
  BOOST_TEST(mech.running);
  run_real(loop, milliseconds(500));
  const auto st = wait_real<PumpStatus>(loop, [&](auto cb) { driver.status(cb); });
  BOOST_REQUIRE(st.ok());
  BOOST_TEST((st->state == PumpState::infusing));
  // 360 ml/h is 0.1 ml/s: about half a second of it, give or take the scheduler.
  BOOST_TEST(*st->dispensed_ml > 0.04);
  BOOST_TEST(*st->dispensed_ml < 0.2);
  BOOST_REQUIRE(wait_real<Unit>(loop, [&](auto cb) { driver.stop(cb); }).ok());
  BOOST_TEST(!mech.running);
  const auto words = wait_real<std::string>(loop, [&](auto cb) { driver.disconnect(cb); });
  BOOST_REQUIRE(words.ok());
  BOOST_TEST(!pump.poll_mode());
}

BOOST_AUTO_TEST_CASE(probe_identifies_the_harvard_pump_served_by_the_pty_bench) {
  const Fixture fixture =
      load_fixture_text(read_text(std::filesystem::path(PUMPRIG_SOURCE_DIR) / "fixtures/sim-bench-harvard.yaml"),
                        "sim-bench-harvard.yaml");
  PtyServerThread server(fixture);
  ProbeOptions o;
  o.connection = server.instrument("pump-1").connection();
  o.driver = "harvard";
  o.readings = 1;
  std::ostringstream out, err;
  const int rc = probe_instrument(o, out, err);
  BOOST_TEST_INFO(out.str() << err.str());
  BOOST_TEST(rc == 0);
  BOOST_TEST(out.str().find("identity: Harvard Apparatus 11 ELITE I/W Single, firmware 3.0.7") != std::string::npos);
  BOOST_TEST(out.str().find("status: stopped, dispensed 0 ml") != std::string::npos);
  BOOST_TEST(out.str().find("disconnect: stopped, poll mode off") != std::string::npos);
  server.stop();
  const sim::SimHarvardPump* pump = server.bench().station("station-1").harvard_pump();
  BOOST_REQUIRE(pump);
  BOOST_TEST(!pump->running());
  BOOST_TEST(!pump->poll_mode());
}

BOOST_AUTO_TEST_SUITE_END()
