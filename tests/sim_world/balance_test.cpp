#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using pumprig::sim::test::at_s;

namespace {
double fraction_stable(StationWorld& w, int from_s, int to_s) {
  int stable = 0;
  for (int s = from_s; s < to_s; ++s) stable += w.read_balance(seconds(s)).stable ? 1 : 0;
  return static_cast<double>(stable) / (to_s - from_s);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(balance)

BOOST_AUTO_TEST_CASE(readings_are_rounded_to_the_resolution_with_matching_decimals) {
  for (const double res : {0.00001, 0.0001, 0.001}) {
    WorldConfig c = default_world_config();
    c.balance = balance_with_resolution(res);
    StationWorld w(c, 5);
    w.set_rate_ml_h(0, 25.0);
    w.start(0);
    BOOST_TEST_CONTEXT("resolution " << res) {
      for (int s = 0; s < 200; ++s) {
        const BalanceView v = w.read_balance(seconds(s));
        const double digits = v.displayed_g / res;
        BOOST_TEST(std::abs(digits - std::round(digits)) < 1e-6);
        BOOST_TEST(v.decimals == static_cast<int>(std::lround(-std::log10(res))));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(noise_has_the_configured_standard_deviation) {
  const WorldConfig c = default_world_config();
  StationWorld w(c, 11);
  const Nanos t = seconds(100);  // settled; repeated reads at one instant see only the noise
  const double truth = w.settled_balance_g(t);
  const int n = 20000;
  double sum = 0.0;
  double sum2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const double e = w.read_balance(t).displayed_g - truth;
    sum += e;
    sum2 += e * e;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  // rounding adds resolution^2 / 12 of variance
  const double expected = std::sqrt(c.balance.noise_std_g * c.balance.noise_std_g +
                                    c.balance.resolution_g * c.balance.resolution_g / 12);
  BOOST_TEST(sd == expected, boost::test_tools::tolerance(0.03));
  BOOST_TEST(std::abs(mean) < 4 * expected / std::sqrt(n));
}

BOOST_AUTO_TEST_CASE(overload_above_capacity_and_underload_when_lifted) {
  StationWorld w(default_world_config(), 1);
  BOOST_TEST(!w.read_balance(seconds(1)).overload);
  w.place_load(seconds(1), 150.0);  // 250 g gross on a 220 g balance
  const BalanceView over = w.read_balance(seconds(30));
  BOOST_TEST(over.overload);
  BOOST_TEST(!over.stable);
  w.remove_load(seconds(30));
  const BalanceView back = w.read_balance(seconds(60));
  BOOST_TEST(!back.overload);
  BOOST_TEST(back.stable);
  w.place_load(seconds(60), -105.0);  // vessel and pan lifted: -5 g gross
  const BalanceView under = w.read_balance(seconds(90));
  BOOST_TEST(under.underload);
  BOOST_TEST(!under.overload);
  BOOST_TEST(!under.stable);
}

BOOST_AUTO_TEST_CASE(flowing_readings_are_dynamic_and_stopped_ones_settle_to_stable) {
  for (const double res : {0.00001, 0.0001}) {
    WorldConfig c = default_world_config();
    c.balance = balance_with_resolution(res);
    StationWorld w(c, 2);
    BOOST_TEST_CONTEXT("resolution " << res) {
      BOOST_TEST(fraction_stable(w, 0, 60) > 0.99);  // vessel at rest
      w.set_rate_ml_h(seconds(60), 25.0);
      w.start(seconds(60));
      BOOST_TEST(fraction_stable(w, 300, 900) < 0.05);  // 25 ml/h = 7 mg/s
      w.stop(seconds(900));
      // the line drains with tau ~14 s, then the balance holds still
      BOOST_TEST(fraction_stable(w, 901, 905) < 0.5);
      BOOST_TEST(fraction_stable(w, 1100, 1300) > 0.99);
    }
  }
}

BOOST_AUTO_TEST_CASE(low_rate_on_a_semi_micro_balance_is_dynamic_too) {
  StationWorld w(default_world_config(), 2);
  w.set_rate_ml_h(0, 1.0);  // 0.28 mg/s: 28 digits per second at 0.01 mg
  w.start(0);
  BOOST_TEST(fraction_stable(w, 1800, 2400) < 0.05);
}

BOOST_AUTO_TEST_CASE(display_settles_after_a_load_change) {
  const WorldConfig c = default_world_config();
  StationWorld w(c, 9);
  const double before = w.read_balance(seconds(10)).displayed_g;
  const Nanos placed = seconds(10);
  w.place_load(placed, 50.0);
  // one time constant after the change: 1 - 1/e of the step, and not stable
  const BalanceView one_tau = w.read_balance(placed + from_seconds(c.balance.settling_tau_s));
  BOOST_TEST((one_tau.displayed_g - before) / 50.0 == 1.0 - std::exp(-1.0),
             boost::test_tools::tolerance(1e-4));
  BOOST_TEST(!one_tau.stable);
  // 40 s later: within a few digits of the truth and stable
  const Nanos later = placed + seconds(40);
  const BalanceView settled = w.read_balance(later);
  BOOST_TEST(std::abs(settled.displayed_g - w.true_vessel_mass_g(later)) < 10 * c.balance.resolution_g);
  BOOST_TEST(settled.stable);
  // the flag turned stable at a definite point and stayed so
  StationWorld v(c, 9);
  v.place_load(placed, 50.0);
  int first_stable_s = -1;
  for (int ms = 0; ms <= 40'000; ms += 100) {
    const bool st = v.read_balance(placed + milliseconds(ms)).stable;
    if (st && first_stable_s < 0) first_stable_s = ms / 1000;
    if (first_stable_s >= 0) BOOST_TEST(st);
  }
  BOOST_TEST_MESSAGE("stable " << first_stable_s << " s after a 50 g step");
  BOOST_TEST(first_stable_s > 5);
  BOOST_TEST(first_stable_s < 40);
}

BOOST_AUTO_TEST_CASE(drift_moves_the_display_not_the_truth) {
  WorldConfig c = default_world_config();
  c.balance.drift_g_h = 0.001;  // 1 mg/h
  c.vessel.evaporation_with_oil_mg_h = 0.0;
  c.balance.noise_std_g = 0.0;
  StationWorld w(c, 1);
  const double d0 = w.read_balance(0).displayed_g;
  const double d1 = w.read_balance(seconds(3600)).displayed_g;
  BOOST_TEST(d1 - d0 == 0.001, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(w.true_vessel_mass_g(seconds(3600)) == c.vessel.initial_mass_g);
}

BOOST_AUTO_TEST_CASE(drops_make_the_balance_step_and_go_dynamic) {
  WorldConfig c = default_world_config();
  c.outlet.mode = OutletMode::drops;
  StationWorld w(c, 4);
  w.set_rate_ml_h(0, 5.0);  // a drop every 36 s
  w.start(0);
  int stable = 0;
  int reads = 0;
  double largest_jump = 0.0;
  double last = w.read_balance(seconds(600)).displayed_g;
  for (int s = 601; s < 1200; ++s) {
    const BalanceView v = w.read_balance(seconds(s));
    stable += v.stable ? 1 : 0;
    ++reads;
    largest_jump = std::max(largest_jump, v.displayed_g - last);
    last = v.displayed_g;
  }
  // between drops the pan is still (the tip holds the fluid), so most reads are stable
  BOOST_TEST(stable > reads / 2);
  BOOST_TEST(stable < reads);
  // a 50 mg drop shows as a jump of 1 - e^(-1/1.5) of it within the first second at least
  BOOST_TEST(largest_jump > 0.05 * 0.998 * 0.45);
}

BOOST_AUTO_TEST_SUITE_END()
