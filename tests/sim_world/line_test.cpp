#include <boost/test/unit_test.hpp>
#include <cmath>

#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using pumprig::sim::test::at_s;

BOOST_AUTO_TEST_SUITE(line_and_integration)

BOOST_AUTO_TEST_CASE(line_pressure_in_steady_flow_is_resistance_times_flow) {
  const WorldConfig c = default_world_config();
  StationWorld w(c, 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const double q = 25.0 * (1.0 + c.drive.rate_error_fraction);
  // ripple makes the flow wander by ~1.5 %, so compare within 3 %
  BOOST_TEST(w.line_pressure_mmhg(at_s(600)) == c.line.resistance_mmhg_per_ml_h * q,
             boost::test_tools::tolerance(0.03));
  const double total_c = c.line.compliance_ml_per_mmhg + c.syringe.compliance_ml_per_mmhg;
  BOOST_TEST(w.line_stored_ml(at_s(600)) == w.line_pressure_mmhg(at_s(600)) * total_c,
             boost::test_tools::tolerance(1e-9));
  // stopped, the stored volume drains with tau = R * C
  w.stop(at_s(600));
  const double tau_s = c.line.resistance_mmhg_per_ml_h * total_c * 3600.0;
  const double p0 = w.line_pressure_mmhg(at_s(600));
  BOOST_TEST(w.line_pressure_mmhg(at_s(600 + tau_s)) == p0 * std::exp(-1.0),
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(w.line_pressure_mmhg(at_s(600 + 20 * tau_s)) < 1e-6 * p0);
}

// The closed form against an independent integration: sample the plunger finely (1 ms, far
// below the 20 ms step interval), feed each change into the line's exact exponential update,
// and compare the outflow.
BOOST_AUTO_TEST_CASE(closed_form_outflow_matches_a_fine_independent_integration) {
  const WorldConfig c = default_world_config();
  StationWorld w(c, 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const double tau_s = c.line.resistance_mmhg_per_ml_h *
                       (c.line.compliance_ml_per_mmhg + c.syringe.compliance_ml_per_mmhg) * 3600.0;
  const double dt = 0.001;
  const double decay = std::exp(-dt / tau_s);
  double stored = 0.0;
  double out = 0.0;
  double last_plunger = 0.0;
  for (int i = 1; i <= 90'000; ++i) {
    const double p = w.plunger_volume_ml(milliseconds(i));
    const double before = stored;
    stored = stored * decay;
    out += before - stored;
    stored += p - last_plunger;  // the step happened within the last millisecond
    last_plunger = p;
  }
  // error per step at most (1 ms / tau) of a step volume
  BOOST_TEST(w.line_outflow_ml(at_s(90)) == out, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(std::abs(w.line_outflow_ml(at_s(90)) - out) < 2e-5);
}

// Advancing in one jump, in 1 s reads or at odd instants must land on the same physical state:
// the integration composes exactly.
BOOST_AUTO_TEST_CASE(result_does_not_depend_on_how_time_was_sliced) {
  for (const OutletMode mode : {OutletMode::submerged, OutletMode::drops}) {
    WorldConfig c = default_world_config();
    c.outlet.mode = mode;
    StationWorld one(c, 3);
    StationWorld many(c, 3);
    StationWorld odd(c, 3);
    for (StationWorld* w : {&one, &many, &odd}) {
      w->set_rate_ml_h(0, 25.0);
      w->start(0);
    }
    for (int s = 1; s < 1800; ++s) (void)many.read_balance(seconds(s));
    for (double s = 0.001; s < 1800; s = s * 1.7 + 0.013) (void)odd.true_vessel_mass_g(at_s(s));
    const Nanos end = seconds(1800);
    BOOST_TEST_CONTEXT("mode " << static_cast<int>(mode)) {
      BOOST_TEST(one.delivered_ml(end) == many.delivered_ml(end), boost::test_tools::tolerance(1e-10));
      BOOST_TEST(one.delivered_ml(end) == odd.delivered_ml(end), boost::test_tools::tolerance(1e-10));
      BOOST_TEST(one.line_outflow_ml(end) == many.line_outflow_ml(end), boost::test_tools::tolerance(1e-10));
      BOOST_TEST(one.settled_balance_g(end) == many.settled_balance_g(end),
                 boost::test_tools::tolerance(1e-12));
      BOOST_TEST(one.settled_balance_g(end) == odd.settled_balance_g(end),
                 boost::test_tools::tolerance(1e-12));
      BOOST_TEST(one.plunger_volume_ml(end) == many.plunger_volume_ml(end));
    }
  }
}

BOOST_AUTO_TEST_CASE(higher_resistance_stores_more_for_later_occlusion_work) {
  StationWorld w(default_world_config(), 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const double p_open = w.line_pressure_mmhg(at_s(300));
  w.set_line_resistance_mmhg_per_ml_h(at_s(300), 1e6);  // clamped shut
  // nearly all the plunger pushes is now stored: pressure climbs at Q / C
  const double p_later = w.line_pressure_mmhg(at_s(360));
  BOOST_TEST(p_later > p_open + 60 * 25.0 / 3600.0 / 0.002 * 0.9);
}

BOOST_AUTO_TEST_SUITE_END()
