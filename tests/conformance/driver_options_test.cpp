// Each driver's own rules on its fixture options live in its registry entry: the fixture reader
// only reports them at the key they name.
#include <boost/test/unit_test.hpp>

#include "hardware/sim/simulator_registry.hpp"
#include "rig/drivers/registry.hpp"

using namespace pumprig;

namespace {

std::vector<OptionProblem> problems_of(const char* driver, DriverRole role, const DriverOptions& o) {
  const DriverEntry* d = find_driver(driver, role);
  BOOST_TEST_REQUIRE(d != nullptr);
  return d->check_options ? d->check_options(o) : std::vector<OptionProblem>{};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(driver_options)

BOOST_AUTO_TEST_CASE(ne1000_refuses_what_the_pump_cannot_do_and_names_the_key) {
  DriverOptions ok;
  ok.serial_line = SerialSettings{};
  ok.safe_mode_timeout_s = 0.0;  // basic mode
  BOOST_TEST(problems_of("ne1000", DriverRole::pump, ok).empty());

  DriverOptions bad = ok;
  bad.serial_line->baud = 38400;
  bad.serial_line->parity = Parity::even;
  bad.safe_mode_timeout_s = 2.5;
  const auto p = problems_of("ne1000", DriverRole::pump, bad);
  BOOST_TEST_REQUIRE(p.size() == 3u);
  BOOST_TEST(p[0].key == "connection");
  BOOST_TEST(p[0].message == "NE-1000 pumps talk at 300, 1200, 2400, 9600 or 19200 baud, got 38400");
  BOOST_TEST(p[1].message == "NE-1000 pumps talk 8N1, got 8E1");
  BOOST_TEST(p[2].key == "safe_mode_timeout");
  BOOST_TEST(p[2].message == "NE-1000 safe mode timeout must be whole seconds from 0 s (basic mode) to 255 s, got '2.5 s'");

  DriverOptions tcp;  // a serial device server: the line settings are not the rig's to check
  tcp.safe_mode_timeout_s = 256.0;
  BOOST_TEST(problems_of("ne1000", DriverRole::pump, tcp).size() == 1u);
}

BOOST_AUTO_TEST_CASE(sartorius_takes_the_sbi_serial_formats_and_bauds_only) {
  DriverOptions o;
  o.serial_line = SerialSettings{};  // 9600 8N1
  BOOST_TEST(problems_of("sartorius", DriverRole::balance, o).empty());
  o.serial_line->baud = 1200;
  o.serial_line->data_bits = 7;
  o.serial_line->parity = Parity::odd;  // 1200 7O1: the old SBI default
  BOOST_TEST(problems_of("sartorius", DriverRole::balance, o).empty());

  o.serial_line->parity = Parity::none;  // 7N1 is no SBI format
  o.serial_line->baud = 14400;
  const auto p = problems_of("sartorius", DriverRole::balance, o);
  BOOST_TEST_REQUIRE(p.size() == 2u);
  BOOST_TEST(p[0].key == "connection");
  BOOST_TEST(p[0].message.find("got 14400") != std::string::npos);
  BOOST_TEST(p[1].message == "Sartorius SBI balances talk 7 data bits with parity (7O1, 7E1) or 8N1, got 7N1");

  DriverOptions tcp;  // a serial device server: the line settings are not the rig's to check
  BOOST_TEST(problems_of("sartorius", DriverRole::balance, tcp).empty());
}

BOOST_AUTO_TEST_CASE(harvard_refuses_bauds_framing_and_a_watchdog_it_does_not_have) {
  DriverOptions ok;
  ok.serial_line = SerialSettings{};
  ok.serial_line->baud = 115200;
  BOOST_TEST(problems_of("harvard", DriverRole::pump, ok).empty());
  ok.safe_mode_timeout_s = 0.0;  // no watchdog, said explicitly
  BOOST_TEST(problems_of("harvard", DriverRole::pump, ok).empty());

  DriverOptions bad = ok;
  bad.serial_line->baud = 2400;
  bad.serial_line->parity = Parity::even;
  bad.safe_mode_timeout_s = 5.0;
  const auto p = problems_of("harvard", DriverRole::pump, bad);
  BOOST_TEST_REQUIRE(p.size() == 3u);
  BOOST_TEST(p[0].key == "connection");
  BOOST_TEST(p[0].message == "Harvard Ultra pumps talk at 9600, 19200, 38400, 57600 or 115200 baud, got 2400");
  BOOST_TEST(p[1].message == "Harvard Ultra pumps talk 8N1, got 8E1");
  BOOST_TEST(p[2].key == "safe_mode_timeout");
  BOOST_TEST(p[2].message.find("no comms watchdog") != std::string::npos);
  BOOST_TEST(find_driver("harvard", DriverRole::pump)->needs_link());
}

BOOST_AUTO_TEST_CASE(drivers_without_rules_of_their_own_accept_any_line) {
  DriverOptions o;
  o.serial_line = SerialSettings{};
  o.serial_line->baud = 115200;
  BOOST_TEST(problems_of("mtsics", DriverRole::balance, o).empty());
  BOOST_TEST(problems_of("rigio", DriverRole::io_board, o).empty());
  BOOST_TEST(problems_of("manual", DriverRole::pump, o).empty());
  BOOST_TEST(!find_driver("manual", DriverRole::pump)->needs_link());
  BOOST_TEST(find_driver("ne1000", DriverRole::pump)->needs_link());
}

// The conformance suites run every driver against its simulator: a driver that talks over a
// link and has no simulator could not be tested here, and a simulator whose driver is gone tests
// nothing.
BOOST_AUTO_TEST_CASE(every_driver_with_a_link_has_a_simulator_and_every_simulator_a_driver) {
  for (const DriverEntry& d : driver_registry()) {
    BOOST_TEST_CONTEXT(d.name) {
      BOOST_TEST((sim::find_simulator(d.name, d.role) != nullptr) == d.needs_link());
    }
  }
  for (const sim::SimulatorEntry& s : sim::simulator_registry()) {
    BOOST_TEST_CONTEXT(s.driver) { BOOST_TEST(driver_needs_link(s.driver, s.role)); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
