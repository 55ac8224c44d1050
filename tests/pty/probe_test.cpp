#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "hardware/sim/probe_station.hpp"
#include "rig/cli/probe_command.hpp"
#include "rig/config/fixture.hpp"
#include "rig/drivers/registry.hpp"
#include "rig/drivers/ne1000/ne1000_pump.hpp"
#include "rig/link/tty_link.hpp"
#include "tests/pty/pty_test_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

struct Probed {
  int rc = -1;
  std::string out, err;
};

Probed run_probe(const std::string& connection, const std::string& driver, int readings = 3, double reply_timeout_s = 1.0) {
  ProbeOptions o;
  o.connection = connection;
  o.driver = driver;
  o.readings = readings;
  o.reply_timeout_s = reply_timeout_s;
  std::ostringstream out, err;
  Probed p;
  p.rc = probe_instrument(o, out, err);
  p.out = out.str();
  p.err = err.str();
  return p;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// A controller that put the pump in safe mode, started it and died without a goodbye.
void start_pump_and_vanish(const std::string& connection) {
  const ConnectionSpec spec = parse_connection(connection);
  EventLoop loop(std::make_unique<SteadyClock>());
  TtyLink link(loop, spec.path, spec.serial);
  link.open();
  Ne1000Options opts;
  opts.safe_mode_timeout_s = 30;
  Ne1000Pump pump(loop, link, "pump-1", opts);
  bool started = false;
  pump.connect([&](Outcome<InstrumentIdentity> id) {
    BOOST_REQUIRE(id.ok());
    pump.program(PumpProgram{10.0, 26.59, std::nullopt}, [&](Done p) {
      BOOST_REQUIRE(p.ok());
      pump.start([&](Done s) {
        started = s.ok();
        loop.stop();
      });
    });
  });
  const TimerId guard = loop.schedule_after(seconds(10), [&] { loop.stop(); });
  loop.run();
  loop.cancel(guard);
  BOOST_REQUIRE(started);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(probe)

BOOST_AUTO_TEST_CASE(probe_identifies_the_simulated_rig_io_board_over_a_pty_and_leaves_the_line_open) {
  PtyServerThread server(default_fixture());
  const std::string connection = server.instrument("io-1").connection();
  const Probed p = run_probe(connection, "rigio", 3);
  BOOST_TEST_INFO(p.out << p.err);
  BOOST_TEST(p.rc == 0);
  BOOST_TEST(p.out.find("probing " + connection + " as a rig I/O board\n") == 0u);
  BOOST_TEST(p.out.find("serial SIM-IO0001") != std::string::npos);
  BOOST_TEST(count(p.out, "occluder open") == 3u);
  BOOST_TEST(count(p.out, "degC") == 3u);
}

BOOST_AUTO_TEST_CASE(probe_identifies_the_simulated_balance_over_a_pty_and_shows_readings) {
  PtyServerThread server(default_fixture());
  const std::string connection = server.instrument("balance-1").connection();
  const Probed p = run_probe(connection, "mtsics", 3);
  BOOST_TEST_INFO(p.out << p.err);
  BOOST_TEST(p.rc == 0);
  BOOST_TEST(p.err.empty());
  BOOST_TEST(p.out.find("probing " + connection + " as an MT-SICS balance\n") == 0u);
  BOOST_TEST(p.out.find("identity: Mettler Toledo XPR205") != std::string::npos);
  BOOST_TEST(p.out.find("serial SIM-B0001") != std::string::npos);
  // I5 and I1, read at connect.
  BOOST_TEST(p.out.find(", software SIM-00000000A (MT-SICS level 012, V0 2.20, V1 2.20, V2 2.20)\n") !=
             std::string::npos);
  BOOST_TEST(count(p.out, "\nreading ") == 3u);
  BOOST_TEST(count(p.out, " g  stable") + count(p.out, " g  dynamic") == 3u);
  server.stop();
  BOOST_TEST(server.bench().station("station-1").balance()->count("SI") >= 3u);
}

BOOST_AUTO_TEST_CASE(probe_leaves_a_pump_found_running_in_safe_mode_stopped_and_in_basic_mode) {
  PtyServerThread server(default_fixture());
  const std::string connection = server.instrument("pump-1").connection();
  start_pump_and_vanish(connection);
  const Probed p = run_probe(connection, "ne1000");
  BOOST_TEST_INFO(p.out << p.err);
  BOOST_TEST(p.rc == 0);
  BOOST_TEST(p.out.find("identity: New Era Pump Systems NE-1000, firmware 3.928 (NE-1000 basic mode)") !=
             std::string::npos);
  BOOST_TEST(p.out.find("status: infusing, dispensed ") != std::string::npos);
  BOOST_TEST(p.out.find("left stopped, in basic mode") != std::string::npos);
  server.stop();
  const sim::SimNe1000Pump* pump = server.bench().station("station-1").pump();
  BOOST_TEST(!pump->running());
  BOOST_TEST(!pump->safe_mode());
  BOOST_TEST(pump->latched_alarm() == 0);
}

BOOST_AUTO_TEST_CASE(probe_fails_with_exit_2_naming_the_device) {
  const Probed missing = run_probe("tty:/dev/pts/pumprig-no-such-pty", "mtsics");
  BOOST_TEST(missing.rc == 2);
  BOOST_TEST(missing.err.find("cannot open tty:/dev/pts/pumprig-no-such-pty") != std::string::npos);

  // A pump's port probed as a balance: the pump keeps quiet about MT-SICS commands.
  PtyServerThread server(default_fixture());
  const std::string pump_port = server.instrument("pump-1").connection();
  const Probed wrong = run_probe(pump_port, "mtsics", 3, 0.2);
  BOOST_TEST(wrong.rc == 2);
  BOOST_TEST(wrong.err == "pumprig: probe failed: " + pump_port +
                              ": no reply to @ within 200 ms; gave up after 3 attempts (is an MT-SICS balance there, "
                              "powered, at these port settings?)\n");

  BOOST_TEST(run_probe("bogus:/dev/x", "mtsics").rc == 2);
  BOOST_TEST(run_probe("sim:", "scale").rc == 2);
}

BOOST_AUTO_TEST_CASE(probe_of_sim_reaches_the_in_process_simulated_instruments) {
  const Probed b = run_probe("sim:", "mtsics", 2);
  BOOST_TEST(b.rc == 0);
  BOOST_TEST(count(b.out, "\nreading ") == 2u);
  const Probed p = run_probe("sim:?baud=19200", "ne1000");
  BOOST_TEST(p.rc == 0);
  BOOST_TEST(p.out.find("status: stopped, dispensed 0 ml") != std::string::npos);
}

// `probe sim: --driver D` talks to D's own simulator, for every driver with a link: a driver
// facing another instrument's simulator would get no reply it understands and exit 2.
BOOST_AUTO_TEST_CASE(probe_of_sim_takes_each_drivers_own_simulator) {
  for (const DriverEntry& d : driver_registry()) {
    if (!d.needs_link()) continue;
    BOOST_TEST_CONTEXT("driver " << d.name) {
      const Probed p = run_probe("sim:", d.name, 1);
      BOOST_TEST(p.rc == 0);
      BOOST_TEST(p.out.rfind("probing sim: as " + d.describes + "\n", 0) == 0u);
      BOOST_TEST(p.out.find("identity: ") != std::string::npos);
      BOOST_TEST(p.err.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(probe_station_prefers_a_station_speaking_the_driver_and_switches_one_otherwise) {
  const Fixture bench = load_fixture_or_default(std::nullopt);
  // The embedded bench: station-1 has the NE-1000, station-2 a manual pump.
  BOOST_TEST(sim::probe_station(bench, "ne1000", InstrumentRole::pump).id == "station-1");
  Fixture reordered = bench;
  std::swap(reordered.stations[0], reordered.stations[1]);
  BOOST_TEST(sim::probe_station(reordered, "ne1000", InstrumentRole::pump).id == "station-1");
  // No station speaks it: the first station's instrument is switched to it.
  Fixture manual_only = bench;
  manual_only.stations[0].pump.driver = "manual";
  const StationConfig switched = sim::probe_station(manual_only, "ne1000", InstrumentRole::pump);
  BOOST_TEST(switched.id == "station-1");
  BOOST_TEST(switched.pump.driver == "ne1000");
  BOOST_CHECK_THROW(sim::probe_station(bench, "nosuch", InstrumentRole::pump), std::invalid_argument);
  BOOST_CHECK_THROW(sim::probe_station(bench, "ne1000", InstrumentRole::balance), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
