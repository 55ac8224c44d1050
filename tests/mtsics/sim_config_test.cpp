// The balance's `simulation:` keys for the simulated MT-SICS balance itself (issue 12, item 2):
// update_rate and software_number reach the simulator; a rate out of range, or one the balance's
// line cannot carry, is a ConfigError at the key's file:line:col.
#include <boost/test/unit_test.hpp>

#include <string>

#include "hardware/sim/sim_world_config.hpp"
#include "rig/config/fixture.hpp"

using namespace pumprig;
using namespace pumprig::sim;

namespace {

// A one-station fixture whose balance has the given connection and simulation block (one line).
std::string fixture(const std::string& simulation, const std::string& connection = "sim:") {
  return R"(schema: pumprig.fixture/1
name: one station
stations:
  - id: s1
    balance:
      name: b1
      driver: mtsics
      connection: ")" + connection + R"("
      simulation: )" + simulation + R"(
    pump:
      name: p1
      driver: manual
      class: volumetric
      min_rate: 0.1 ml/h
      max_rate: 999 ml/h
      reservoir: { volume: 250 ml }
)";
}

SimStationConfig config_of(const std::string& yaml) {
  const Fixture fx = load_fixture_text(yaml, "bench.yaml");
  return sim_station_config(fx.stations.at(0), fx.density_g_ml);
}

std::string config_error(const std::string& yaml) {
  try {
    (void)config_of(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_simulation_keys)

BOOST_AUTO_TEST_CASE(update_rate_and_software_number_reach_the_simulator) {
  const SimStationConfig d = config_of(fixture("{ serial: SIM-1 }"));
  BOOST_TEST(d.balance_options.update_rate_hz == 5.0);  // the default stays 5/s
  BOOST_TEST(d.balance_identity.software_number == "SIM-00000000A");
  const SimStationConfig c = config_of(fixture("{ serial: SIM-1, update_rate: 10, software_number: SIM-30216954B }"));
  BOOST_TEST(c.balance_options.update_rate_hz == 10.0);
  BOOST_TEST(c.balance_identity.software_number == "SIM-30216954B");
  BOOST_TEST(config_of(fixture("{ update_rate: 2 }")).balance_options.update_rate_hz == 2.0);
  BOOST_TEST(config_of(fixture("{ update_rate: 6 }")).balance_options.update_rate_hz == 6.0);
  BOOST_TEST(config_of(fixture("{ update_rate: 50 }")).balance_options.update_rate_hz == 50.0);
  BOOST_TEST(config_of(fixture("{ update_rate: 1 }")).balance_options.update_rate_hz == 1.0);
  BOOST_TEST(config_of(fixture("{ update_rate: 2.5 }")).balance_options.update_rate_hz == 2.5);
}

BOOST_AUTO_TEST_CASE(a_rate_out_of_range_names_the_key_where_it_was_written) {
  for (const std::string bad : {"0.5", "0", "-5", "51", "fast", "10/s", "10 Hz", "nan", "1e9"}) {
    BOOST_TEST_CONTEXT("update_rate: " << bad) {
      const std::string e = config_error(fixture("{ serial: SIM-1, update_rate: " + bad + " }"));
      // Line 9 of the fixture, the value's column.
      BOOST_TEST(e.find("bench.yaml:9:49: 'update_rate' is the balance's display updates per second, a number from "
                        "1 to 50 (Excellence balances: 2, 5, 6 or 10), got '" + bad + "'") == 0u, e);
    }
  }
  BOOST_TEST(config_error(fixture("{ update_rates: 5 }")).find("did you mean 'update_rate'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rate_the_balance_line_cannot_carry_is_refused) {
  // 18-byte lines at 2400 baud 8N1 (10 bits a character): 13.3 lines a second at most.
  const std::string e = config_error(fixture("{ update_rate: 20 }", "sim:?baud=2400"));
  BOOST_TEST(e.find("bench.yaml:9:34: 'update_rate' 20 per second needs the line for 20 18-byte lines a second, "
                    "more than the balance's connection carries at 2400 baud (8N1): at most 13 per second") == 0u, e);
  BOOST_TEST(config_error(fixture("{ update_rate: 13 }", "sim:?baud=2400")).empty());
  BOOST_TEST(config_error(fixture("{ update_rate: 50 }", "sim:?baud=9600")).empty());
  BOOST_TEST(!config_error(fixture("{ update_rate: 50 }", "sim:?baud=4800")).empty());
}

BOOST_AUTO_TEST_SUITE_END()
