// The shipped Sartorius bench as the fixture reader and the simulated world read it, and what
// they refuse about a Sartorius balance.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "hardware/sim/sim_world_config.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/fixture.hpp"
#include "tests/support/temp_files.hpp"

using namespace pumprig;

namespace {

std::string shipped_text() {
  return test::read_text(std::filesystem::path(PUMPRIG_SOURCE_DIR) / "fixtures/sim-bench-sartorius.yaml");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  BOOST_REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sartorius_fixture)

BOOST_AUTO_TEST_CASE(the_shipped_bench_sets_up_polling_and_auto_print) {
  const Fixture f = load_fixture_text(shipped_text(), "sim-bench-sartorius.yaml");
  BOOST_TEST_REQUIRE(f.stations.size() == 2u);
  const auto s1 = sim::sim_station_config(f.stations[0], 0.9982);
  BOOST_TEST(f.stations[0].balance.driver == "sartorius");
  BOOST_TEST(s1.sartorius_identity.model == "MSA225S");
  BOOST_TEST(!s1.sartorius_options.auto_print);
  BOOST_TEST(!s1.sartorius_options.id_field);
  const auto s2 = sim::sim_station_config(f.stations[1], 0.9982);
  BOOST_TEST(f.stations[1].balance.reading_interval_s == 0.0);
  BOOST_TEST(s2.sartorius_options.auto_print);
  BOOST_TEST(s2.sartorius_options.id_field);
}

BOOST_AUTO_TEST_CASE(auto_print_follows_the_reading_interval_unless_the_block_says) {
  const std::string text = replaced(shipped_text(), "        auto_print: true           # menu: auto print at the display's update rate\n", "");
  const Fixture f = load_fixture_text(text, "sim-bench-sartorius.yaml");
  BOOST_TEST(sim::sim_station_config(f.stations[1], 0.9982).sartorius_options.auto_print);  // stream: on
}

BOOST_AUTO_TEST_CASE(sbi_menu_keys_on_an_mtsics_balance_are_refused_at_their_place) {
  const std::string text = replaced(shipped_text(), "      driver: sartorius\n      # Cubis", "      driver: mtsics\n      # Cubis");
  const Fixture f = load_fixture_text(text, "sim-bench-sartorius.yaml");
  try {
    (void)sim::sim_station_config(f.stations[0], 0.9982);
    BOOST_FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("'auto_print' is a Sartorius SBI menu setting") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_serial_format_sbi_does_not_offer_is_refused) {
  const std::string text = replaced(shipped_text(), "connection: \"sim:?baud=9600&format=8N1\"\n      reading_interval: 1 s",
                                    "connection: \"sim:?baud=9600&format=7N1\"\n      reading_interval: 1 s");
  try {
    (void)load_fixture_text(text, "sim-bench-sartorius.yaml");
    BOOST_FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("got 7N1") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
