#include <boost/test/unit_test.hpp>

#include "rig/config/fixture.hpp"
#include "rig/config/simulation_params.hpp"
#include "tests/config/expect_error.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(simulation_params)

BOOST_AUTO_TEST_CASE(reads_the_shipped_sim_bench_blocks) {
  const Fixture f = load_fixture_file(std::string(PUMPRIG_SOURCE_DIR) + "/fixtures/sim-bench.yaml");
  const BalanceConfig& b = f.stations.at(0).balance;
  const SimulationParams p(b.simulation, b.simulation_where,
                           {"model", "serial", "firmware", "capacity", "resolution", "noise", "settling", "outlet",
                            "oil_layer", "evaporation", "water_temperature", "update_rate"});
  BOOST_TEST(p.text("model", "") == "XPR205");
  BOOST_TEST(p.quantity("resolution", Dimension::mass, 0) == 1e-5);
  BOOST_TEST(p.quantity("noise", Dimension::mass, 0) == 2e-5);
  BOOST_TEST(p.quantity("capacity", Dimension::mass, 0) == 220.0);
  BOOST_TEST(p.flag("oil_layer", false));
  BOOST_TEST(p.choice("outlet", {"submerged", "dripping"}, "dripping") == "submerged");
  BOOST_TEST(p.text("update_rate", "") == "5");
  BOOST_TEST(p.quantity("absent", Dimension::time, 7.0) == 7.0);
  BOOST_TEST(p.where("noise").line > b.simulation_where.line);

  // The simulator lists the keys it knows: a key it does not know is a typo in the fixture.
  BOOST_CHECK_THROW(SimulationParams(b.simulation, b.simulation_where, {"model"}), ConfigError);
}

BOOST_AUTO_TEST_CASE(errors_point_into_the_block) {
  const Fixture f = load_fixture_text(
      "schema: pumprig.fixture/1\n"
      "name: t\n"
      "stations:\n"
      "  - id: s1\n"
      "    balance:\n"
      "      name: b\n"
      "      driver: mtsics\n"
      "      connection: sim\n"
      "      simulation: { noise: 0.02 ml, outlet: submergd, oil_layer: maybe, nosie: 1 }\n"
      "    pump: { name: p, driver: manual, class: volumetric, min_rate: 1 ml/h, max_rate: 2 ml/h,\n"
      "            reservoir: { volume: 1 l } }\n",
      "f.yaml");
  const BalanceConfig& b = f.stations.at(0).balance;
  EXPECT_WHAT(ConfigError, SimulationParams(b.simulation, b.simulation_where, {"noise", "outlet", "oil_layer"}),
              "f.yaml:9:73: unknown key 'nosie' in simulation (did you mean 'noise'?)");
  const SimulationParams p(b.simulation, b.simulation_where, {"noise", "outlet", "oil_layer", "nosie"});
  EXPECT_WHAT(ConfigError, p.quantity("noise", Dimension::mass, 0),
              "f.yaml:9:28: expected a mass such as '50 g', got '0.02 ml' (a volume)");
  EXPECT_WHAT(ConfigError, p.choice("outlet", {"submerged", "dripping"}, ""),
              "f.yaml:9:45: unknown outlet 'submergd' (did you mean 'submerged'?); expected 'submerged' or 'dripping'");
  EXPECT_WHAT(ConfigError, p.flag("oil_layer", false), "f.yaml:9:66: 'oil_layer' must be true or false, got 'maybe'");
}

BOOST_AUTO_TEST_SUITE_END()
