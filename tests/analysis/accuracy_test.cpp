#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>

#include "rig/analysis/accuracy.hpp"
#include "rig/analysis/water_density.hpp"
#include "tests/analysis/readings_helpers.hpp"

namespace tt = boost::test_tools;
using namespace pumprig;
using pumprig::test::kPi;

namespace {

AccuracyParams iec(double rate_ml_h) {
  AccuracyParams p;
  p.rate_ml_h = rate_ml_h;
  return p;
}

const TrumpetPoint& window(const AccuracyResult& r, double p_min) {
  for (const auto& t : r.trumpet)
    if (t.window_min == p_min) return t;
  throw std::logic_error("window not analysed");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(accuracy)

BOOST_AUTO_TEST_CASE(constant_flow_gives_zero_error_and_iec_window_counts) {
  // 1 Hz readings with ±0.3 s host jitter over a 2 h test, exactly 25 ml/h.
  const auto readings = test::sample(test::constant_flow(25.0, 0.998), -5.0, 7205.0, 1.0, 0.3, 7);
  const AccuracyResult r = analyze_accuracy(readings, iec(25.0));

  BOOST_TEST(r.method == "IEC 60601-2-24:2012");
  BOOST_TEST(r.test_duration_min == 120.0);
  BOOST_TEST(r.period_first_interval == 121);
  BOOST_TEST(r.period_last_interval == 240);
  BOOST_REQUIRE(r.mean_flow_ml_h);
  BOOST_TEST(*r.mean_flow_ml_h == 25.0, tt::tolerance(1e-9));
  BOOST_TEST(std::abs(*r.mean_error_pct) < 1e-7);
  BOOST_REQUIRE_EQUAL(r.startup.size(), 240u);
  for (const auto& f : r.startup) {
    BOOST_REQUIRE(f.flow_ml_h);
    BOOST_TEST(*f.flow_ml_h == 25.0, tt::tolerance(1e-8));
  }
  BOOST_TEST(r.startup.front().t_min == 0.5);
  BOOST_TEST(r.startup.back().t_min == 120.0);

  // m = (T2 - P)/S + 1 for T2 = 60 min, S = 0.5 min.
  const std::vector<std::pair<double, std::int64_t>> counts{{2, 117}, {5, 111}, {11, 99}, {19, 83}, {31, 59}};
  BOOST_REQUIRE_EQUAL(r.trumpet.size(), counts.size());
  for (const auto& [p, m] : counts) {
    const auto& t = window(r, p);
    BOOST_TEST(t.windows == m);
    BOOST_TEST(t.windows_expected == m);
    BOOST_TEST(std::abs(*t.ep_max_pct) < 1e-6);
    BOOST_TEST(std::abs(*t.ep_min_pct) < 1e-6);
  }
  BOOST_REQUIRE_EQUAL(r.hourly.size(), 2u);
  BOOST_TEST(r.hourly[1].from_min == 60.0);
  BOOST_TEST(r.hourly[1].to_min == 120.0);
  BOOST_TEST(std::abs(*r.hourly[0].error_pct) < 1e-7);
  BOOST_REQUIRE(r.startup_delay_min);
  BOOST_TEST(*r.startup_delay_min == 0.0);
  BOOST_TEST(!r.startup_delay_upper_bound);
  BOOST_TEST(r.gaps.empty());
  BOOST_TEST(r.period_complete);
  BOOST_TEST(r.checks.empty());
  BOOST_TEST(r.verdict == Verdict::measured);  // complete data, no limits: measured, not judged
  BOOST_TEST(*r.dynamic_readings == 0u);
}

BOOST_AUTO_TEST_CASE(window_counts_follow_m_for_other_grids) {
  const auto readings = test::sample(test::constant_flow(1.0, 0.998), -2.0, 3 * 3600.0 + 2, 0.5, 0.1, 3);
  AccuracyParams p = iec(1.0);
  p.sample_interval_s = 15;
  p.period_start_min = 120;
  p.period_end_min = 180;
  p.windows_min = {0.5, 1.5, 2, 31};
  const AccuracyResult r = analyze_accuracy(readings, p);
  // T2 = 60 min = 240 intervals of 15 s: m = 240 - k + 1.
  BOOST_TEST(window(r, 0.5).windows == 239);
  BOOST_TEST(window(r, 1.5).windows == 235);
  BOOST_TEST(window(r, 2).windows == 233);
  BOOST_TEST(window(r, 31).windows == 117);
  BOOST_TEST(r.period_first_interval == 481);
  BOOST_TEST(r.period_last_interval == 720);
  BOOST_TEST(r.hourly.size() == 3u);
}

BOOST_AUTO_TEST_CASE(uniform_excess_flow_gives_that_error_everywhere) {
  const auto readings = test::sample(test::constant_flow(25.0 * 1.005, 0.998), -3.0, 7203.0, 1.0, 0.2, 11);
  const AccuracyResult r = analyze_accuracy(readings, iec(25.0));
  BOOST_TEST(*r.mean_error_pct == 0.5, tt::tolerance(1e-7));
  for (const auto& t : r.trumpet) {
    BOOST_TEST(*t.ep_max_pct == 0.5, tt::tolerance(1e-6));
    BOOST_TEST(*t.ep_min_pct == 0.5, tt::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(step_in_flow_matches_hand_computed_values) {
  // 24 ml/h up to 90 min, 26 ml/h after: A = 0, intervals at -4 % then +4 %.
  const auto readings = test::sample(test::step_flow(24.0, 26.0, 5400.0, 0.998), -4.0, 7204.0, 1.0);
  AccuracyParams p = iec(25.0);
  p.startup_tolerance_pct = 3;  // the last windows are at +4 %: never settles within ±3 %
  const AccuracyResult r = analyze_accuracy(readings, p);

  BOOST_TEST(std::abs(*r.mean_error_pct) < 1e-7);
  BOOST_TEST(*r.startup[100].flow_ml_h == 24.0, tt::tolerance(1e-8));   // interval 101, t = 50.5 min
  BOOST_TEST(*r.startup[200].flow_ml_h == 26.0, tt::tolerance(1e-8));   // interval 201, t = 100.5 min
  for (double w : {2.0, 5.0, 11.0, 19.0}) {
    BOOST_TEST(*window(r, w).ep_max_pct == 4.0, tt::tolerance(1e-6));
    BOOST_TEST(*window(r, w).ep_min_pct == -4.0, tt::tolerance(1e-6));
  }
  // 31 min windows (62 intervals) never fit on one side of the step: the extremes hold 2
  // intervals of the other rate.
  const double hi = 100.0 * ((60 * 26.0 + 2 * 24.0) / 62.0 - 25.0) / 25.0;
  const double lo = 100.0 * ((2 * 26.0 + 60 * 24.0) / 62.0 - 25.0) / 25.0;
  BOOST_TEST(*window(r, 31).ep_max_pct == hi, tt::tolerance(1e-6));
  BOOST_TEST(*window(r, 31).ep_min_pct == lo, tt::tolerance(1e-6));
  BOOST_TEST(*r.hourly[0].error_pct == -4.0, tt::tolerance(1e-6));
  BOOST_TEST(std::abs(*r.hourly[1].error_pct) < 1e-6);
  BOOST_TEST(!r.startup_delay_min);
}

BOOST_AUTO_TEST_CASE(sinusoidal_ripple_matches_closed_form_window_means) {
  // q(t) = r (1 + a sin(2π t / T)), T = 4 min. A window of P minutes starting at t0 has the mean
  // error (in %) 100 a T / (2π P) (cos θ0 - cos(θ0 + 2π P / T)); over window starts on the 0.5 min
  // grid its extremes are ±200a/π (P = 2), ±40√2 a/π (P = 5) and ±200√2 a/(Pπ) (P = 11, 19, 31).
  const double rate = 25.0, d = 0.998, a = 0.1, period_min = 4.0;
  auto mass = [&](double t_s) {
    const double t = t_s / 60.0;
    return 3.0 + d * rate / 60.0 * (t + a * period_min / (2 * kPi) * (1 - std::cos(2 * kPi * t / period_min)));
  };
  const auto readings = test::sample(mass, -3.0, 7203.0, 1.0);
  const AccuracyResult r = analyze_accuracy(readings, iec(rate));
  BOOST_TEST(std::abs(*r.mean_error_pct) < 1e-7);  // whole periods
  const std::vector<std::pair<double, double>> expected{{2, 200 * a / kPi},  // in %
                                                        {5, 40 * std::sqrt(2.0) * a / kPi},
                                                        {11, 200 * std::sqrt(2.0) * a / (11 * kPi)},
                                                        {19, 200 * std::sqrt(2.0) * a / (19 * kPi)},
                                                        {31, 200 * std::sqrt(2.0) * a / (31 * kPi)}};
  double previous = 1e9;
  for (const auto& [p, e] : expected) {
    BOOST_TEST(*window(r, p).ep_max_pct == e, tt::tolerance(1e-6));
    BOOST_TEST(*window(r, p).ep_min_pct == -e, tt::tolerance(1e-6));
    BOOST_TEST(*window(r, p).ep_max_pct < previous);  // the trumpet narrows as P grows
    previous = *window(r, p).ep_max_pct;
  }
}

BOOST_AUTO_TEST_CASE(startup_delay_is_the_start_of_the_settled_run_of_windows) {
  // Half the set rate for 20 min, then the set rate.
  const auto readings = test::sample(test::step_flow(12.5, 25.0, 1200.0, 0.998), -2.0, 7202.0, 1.0);
  AccuracyParams p = iec(25.0);
  p.limits.startup_delay_max_min = 20;
  AccuracyResult r = analyze_accuracy(readings, p);
  BOOST_REQUIRE(r.startup_delay_min);
  BOOST_TEST(*r.startup_delay_min == 20.0);  // the 19.5 min window holds 0.5 min at half rate: -12.5 %
  BOOST_TEST(r.checks.at(0).verdict == Verdict::pass);

  p.startup_tolerance_pct = 15;  // now the window from 19.5 min (-12.5 %) is within
  p.limits.startup_delay_max_min = 10;
  r = analyze_accuracy(readings, p);
  BOOST_TEST(*r.startup_delay_min == 19.5);
  BOOST_TEST(r.checks.at(0).name == "startup_delay_min");
  BOOST_TEST(r.checks.at(0).verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(density_scales_flow_and_can_come_from_temperature) {
  const auto readings = test::sample(test::constant_flow(25.0, 1.0), -2.0, 7202.0, 1.0, 0.2);
  AccuracyParams p = iec(25.0);
  p.density_g_ml = 1.0;
  BOOST_TEST(*analyze_accuracy(readings, p).mean_flow_ml_h == 25.0, tt::tolerance(1e-9));
  p.density_g_ml = 0.998;
  const AccuracyResult r = analyze_accuracy(readings, p);
  BOOST_TEST(*r.mean_flow_ml_h == 25.0 / 0.998, tt::tolerance(1e-9));
  BOOST_TEST(r.density_g_ml == 0.998);

  p.water_temperature_c = 25.0;  // overrides the given density
  const AccuracyResult t = analyze_accuracy(readings, p);
  BOOST_TEST(t.density_g_ml == 0.9970470, tt::tolerance(1e-7));
  BOOST_TEST(*t.water_temperature_c == 25.0);
  BOOST_TEST(*t.mean_flow_ml_h == 25.0 / water_density_g_ml(25.0), tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(water_density_matches_tanaka_table) {
  // Tanaka et al. (2001), table values in kg/m³.
  BOOST_TEST(water_density_g_ml(0.0) == 0.9998428, tt::tolerance(1e-7));
  BOOST_TEST(water_density_g_ml(4.0) == 0.9999750, tt::tolerance(1e-7));
  BOOST_TEST(water_density_g_ml(20.0) == 0.9982067, tt::tolerance(1e-7));
  BOOST_TEST(water_density_g_ml(30.0) == 0.9956488, tt::tolerance(1e-7));
  BOOST_TEST(water_density_g_ml(40.0) == 0.9922152, tt::tolerance(1e-7));
  const std::vector<TemperatureReading> temps{{0, 19.0}, {3700, 20.0}, {5000, 22.0}, {7300, 30.0}};
  BOOST_TEST(*mean_temperature_c(temps, 3600, 7200) == 21.0);
  BOOST_TEST(!mean_temperature_c(temps, 100, 200));
}

BOOST_AUTO_TEST_CASE(evaporation_correction_adds_the_measured_loss_back) {
  const double e_mg_h = 2.0;
  const auto base = test::constant_flow(25.0, 0.998);
  const auto readings = test::sample([&](double t) { return base(t) - e_mg_h / 1000.0 * t / 3600.0; }, -2.0, 7202.0,
                                     1.0, 0.2);
  AccuracyParams p = iec(25.0);
  const double uncorrected = *analyze_accuracy(readings, p).mean_error_pct;
  BOOST_TEST(uncorrected == -100.0 * (e_mg_h / 1000.0 / 0.998) / 25.0, tt::tolerance(1e-6));
  p.evaporation_mg_h = e_mg_h;
  BOOST_TEST(std::abs(*analyze_accuracy(readings, p).mean_error_pct) < 1e-7);
}

BOOST_AUTO_TEST_CASE(checks_give_a_verdict_each_and_one_for_the_test) {
  const auto readings = test::sample(test::constant_flow(25.0 * 1.03, 0.998), -2.0, 7202.0, 1.0, 0.2);
  AccuracyParams p = iec(25.0);
  p.limits.mean_error_pct = 5;
  p.limits.trumpet = {TrumpetLimit{2, 10, -10}, TrumpetLimit{31, 2.5, -2.5}};
  AccuracyResult r = analyze_accuracy(readings, p);
  BOOST_REQUIRE_EQUAL(r.checks.size(), 5u);
  BOOST_TEST(r.checks[0].name == "mean_error_pct");
  BOOST_TEST(*r.checks[0].value == 3.0, tt::tolerance(1e-6));
  BOOST_TEST(r.checks[0].verdict == Verdict::pass);
  BOOST_TEST(r.checks[1].name == "trumpet_2min_ep_max_pct");
  BOOST_TEST(r.checks[1].verdict == Verdict::pass);
  BOOST_TEST(r.checks[2].verdict == Verdict::pass);
  BOOST_TEST(r.checks[3].name == "trumpet_31min_ep_max_pct");
  BOOST_TEST(std::string(to_string(r.checks[3].comparison)) == "<=");
  BOOST_TEST(r.checks[3].verdict == Verdict::fail);  // +3 % > +2.5 %
  BOOST_TEST(r.checks[4].verdict == Verdict::pass);  // +3 % >= -2.5 %
  BOOST_TEST(r.verdict == Verdict::fail);

  p.limits.trumpet.clear();
  p.limits.mean_error_pct = 2.5;
  r = analyze_accuracy(readings, p);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
  p.limits.mean_error_pct = 3.5;
  BOOST_TEST(analyze_accuracy(readings, p).verdict == Verdict::pass);
}

BOOST_AUTO_TEST_CASE(bad_parameters_and_unsorted_readings_are_rejected) {
  AccuracyParams p = iec(25.0);
  BOOST_TEST(check_params(p).empty());
  p.windows_min = {2, 2.25};  // 2.25 min is not a multiple of 30 s
  BOOST_TEST(check_params(p).size() == 1u);
  BOOST_CHECK_THROW(analyze_accuracy({}, p), std::invalid_argument);
  p.windows_min = {2, 61};  // longer than the 60 min period
  BOOST_TEST(check_params(p).size() == 1u);
  p = iec(25.0);
  p.limits.trumpet = {TrumpetLimit{3, 5, -5}};  // not an analysed window
  BOOST_TEST(check_params(p).size() == 1u);
  p = iec(0.0);
  BOOST_TEST(!check_params(p).empty());
  p = iec(25.0);
  p.period_start_min = 60.2;
  BOOST_TEST(!check_params(p).empty());
  p = iec(25.0);
  p.test_duration_min = 90;  // ends before the period
  BOOST_TEST(!check_params(p).empty());

  std::vector<MassReading> unsorted{{0, 0, true}, {2, 0, true}, {1, 0, true}};
  BOOST_CHECK_THROW(analyze_accuracy(unsorted, iec(25.0)), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(dynamic_readings_are_used_and_counted) {
  auto readings = test::sample(test::constant_flow(25.0, 0.998), -2.0, 7202.0, 1.0, 0.2);
  std::size_t in_test = 0, in_period = 0;
  for (std::size_t i = 0; i < readings.size(); i += 7) {
    readings[i].stable = false;
    if (readings[i].t_s >= 0 && readings[i].t_s <= 7200) ++in_test;
    if (readings[i].t_s > 3600 && readings[i].t_s <= 7200) ++in_period;
  }
  AccuracyResult r = analyze_accuracy(readings, iec(25.0));
  BOOST_TEST(*r.dynamic_readings == in_test);
  BOOST_TEST(*r.dynamic_readings_in_period == in_period);
  BOOST_TEST(r.verdict == Verdict::measured);

  readings[10].stable.reset();  // a logger without the flag
  r = analyze_accuracy(readings, iec(25.0));
  BOOST_TEST(!r.dynamic_readings);

  // An unstable reading on a grid point is used as it is, not dropped: 1 mg more on W_121
  // (t = 3630 s) raises Q_121 by 3600 · 0.001 / (30 · 0.998) ml/h.
  auto on_grid = test::sample(test::constant_flow(25.0, 0.998), -2.0, 7202.0, 1.0);
  for (auto& m : on_grid) {
    if (m.t_s == 3630.0) {
      m.stable = false;
      m.mass_g += 0.001;
    }
  }
  r = analyze_accuracy(on_grid, iec(25.0));
  BOOST_TEST(*r.startup[120].flow_ml_h == 25.0 + 3600 * 0.001 / (30 * 0.998), tt::tolerance(1e-7));
  BOOST_TEST(*r.dynamic_readings == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
