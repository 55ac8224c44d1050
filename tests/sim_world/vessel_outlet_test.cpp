#include <boost/test/unit_test.hpp>
#include <cmath>

#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using pumprig::sim::test::at_s;

BOOST_AUTO_TEST_SUITE(vessel_and_outlet)

BOOST_AUTO_TEST_CASE(evaporation_with_and_without_oil) {
  WorldConfig oil = default_world_config();
  WorldConfig open = default_world_config();
  open.vessel.oil_layer = false;
  StationWorld a(oil, 1);
  StationWorld b(open, 1);
  const double a0 = a.true_vessel_mass_g(0);
  const double b0 = b.true_vessel_mass_g(0);
  BOOST_TEST(a0 == oil.vessel.initial_mass_g);
  BOOST_TEST((a0 - a.true_vessel_mass_g(seconds(3600))) * 1000 == oil.vessel.evaporation_with_oil_mg_h,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST((b0 - b.true_vessel_mass_g(seconds(3600))) * 1000 == open.vessel.evaporation_open_mg_h,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(open.vessel.evaporation_open_mg_h > 10 * oil.vessel.evaporation_with_oil_mg_h);
  // the balance sees it too, once settled
  BOOST_TEST(b.settled_balance_g(seconds(7200)) == b0 - 0.120, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(submerged_vessel_gains_density_times_delivered_volume) {
  const WorldConfig c = default_world_config();
  StationWorld w(c, 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const Nanos t = seconds(1800);
  const double expected =
      c.vessel.initial_mass_g + c.vessel.density_g_ml * w.delivered_ml(t) - w.evaporated_g(t);
  BOOST_TEST(w.true_vessel_mass_g(t) == expected, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.delivered_ml(t) == w.line_outflow_ml(t));
}

BOOST_AUTO_TEST_CASE(drops_reach_the_vessel_whole) {
  WorldConfig c = default_world_config();
  c.outlet.mode = OutletMode::drops;
  c.vessel.evaporation_with_oil_mg_h = 0.0;
  StationWorld w(c, 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const double drop_g = c.outlet.drop_volume_ml * c.vessel.density_g_ml;
  double last_mass = w.true_vessel_mass_g(0);
  int step_count = 0;
  for (int ds = 1; ds <= 6000; ++ds) {  // 10 min at 0.1 s
    const Nanos t = milliseconds(100) * ds;
    const double m = w.true_vessel_mass_g(t);
    const double d = w.delivered_ml(t);
    BOOST_TEST(std::abs(d / c.outlet.drop_volume_ml - std::round(d / c.outlet.drop_volume_ml)) < 1e-9);
    if (m != last_mass) {
      ++step_count;
      BOOST_TEST(m - last_mass == drop_g, boost::test_tools::tolerance(1e-9));
    }
    last_mass = m;
    // what hangs at the tip is never a whole drop
    BOOST_TEST(w.line_outflow_ml(t) - d < c.outlet.drop_volume_ml);
  }
  // ~25 ml/h for 10 min minus start-up: about 80 drops of 0.05 ml
  BOOST_TEST(step_count == w.drops_fallen(seconds(600)));
  BOOST_TEST(step_count > 70);
  BOOST_TEST(step_count < 85);
}

BOOST_AUTO_TEST_CASE(placed_load_counts_until_removed) {
  StationWorld w(default_world_config(), 1);
  const double m0 = w.true_vessel_mass_g(0);
  w.place_load(seconds(10), 50.0);
  w.place_load(seconds(11), 20.0);
  BOOST_TEST(w.extra_load_g() == 70.0);
  BOOST_TEST(w.true_vessel_mass_g(seconds(12)) - m0 == 70.0, boost::test_tools::tolerance(1e-6));
  w.remove_load(seconds(20));
  BOOST_TEST(std::abs(w.true_vessel_mass_g(seconds(20)) - m0) < 1e-4);
}

BOOST_AUTO_TEST_SUITE_END()
