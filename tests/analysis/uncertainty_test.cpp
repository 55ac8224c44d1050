// The uncertainty model (rig/analysis/uncertainty.*) against budgets worked out by hand, one per
// result kind, and the decision rules on results that straddle their limit.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "rig/analysis/accuracy.hpp"
#include "rig/analysis/checks.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/analysis/uncertainty.hpp"
#include "tests/analysis/readings_helpers.hpp"

namespace tt = boost::test_tools;
using namespace pumprig;

namespace {

// The default bench's station-1: 0.01 mg readability, 0.02 mg repeatability, water at 20 °C read
// to 0.2 °C, 2 mg/h of evaporation uncertainty.
MeasurementConditions semi_micro() {
  MeasurementConditions c;
  c.readability_g = StatedValue{1e-5, "fixture"};
  c.repeatability_g = StatedValue{2e-5, "fixture"};
  c.temperature_c = 20.0;
  c.temperature_uncertainty_c = StatedValue{0.2, "fixture"};
  c.evaporation_uncertainty_mg_h = StatedValue{2.0, "fixture"};
  return c;
}

double row(const Uncertainty& u, const std::string& source) {
  for (const auto& r : u.budget)
    if (r.source == source) return r.standard;
  BOOST_FAIL("no budget row '" << source << "'");
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(uncertainty)

BOOST_AUTO_TEST_CASE(flow_budget_over_an_hour_at_25_ml_h_matches_the_hand_computation) {
  const double d = 0.9982;
  const Uncertainty u = flow_uncertainty(semi_micro(), 25.0, 3600.0, d);
  BOOST_TEST(u.unit == "ml/h");
  // Grams over the hour to ml/h: 3600 / (3600 s x 0.9982 g/ml) = 1.001803 ml/h per g.
  const double to_flow = 1.0 / d;
  // Readability: two readings each rounded to 0.01 mg, sqrt(2) x 1e-5 / sqrt(12) g.
  BOOST_TEST(row(u, "balance readability") == 4.08248e-6 * to_flow, tt::tolerance(1e-5));
  // Repeatability: sqrt(2) x 0.02 mg.
  BOOST_TEST(row(u, "balance repeatability") == 2.82843e-5 * to_flow, tt::tolerance(1e-5));
  // No certificate, no check weight: a row that says so, contributing nothing.
  BOOST_TEST(row(u, "balance span") == 0.0);
  // Evaporation: 2 mg/h is 0.002 g/h, 0.0020036 ml/h.
  BOOST_TEST(row(u, "evaporation") == 0.002 / d, tt::tolerance(1e-9));
  // Density: dd/dT at 20 °C is -2.068e-4 g/ml/K (Tanaka); 0.2 K of it, relative, times 25 ml/h.
  BOOST_TEST(row(u, "density of the fluid") == 2.068e-4 * 0.2 / d * 25.0, tt::tolerance(2e-3));
  // Buoyancy: 0.0012 (1/0.9982 - 1/8) = 1.05216e-3, rectangular: /sqrt(3), times 25 ml/h.
  BOOST_TEST(row(u, "air buoyancy (not corrected)") == 1.05216e-3 / std::sqrt(3.0) * 25.0, tt::tolerance(1e-5));
  // Time stamps: 25 x sqrt(2) x 5 ms / 3600 s; clock: 25 x 100 ppm / sqrt(3).
  BOOST_TEST(row(u, "time stamps of the window's ends") == 25.0 * std::sqrt(2.0) * 0.005 / 3600.0, tt::tolerance(1e-9));
  BOOST_TEST(row(u, "host clock rate") == 25.0 * 1e-4 / std::sqrt(3.0), tt::tolerance(1e-9));
  // Root sum of squares, worked by hand: u = 0.015422 ml/h, U = 2u.
  BOOST_TEST(u.standard == 0.015422, tt::tolerance(2e-4));
  BOOST_TEST(u.expanded == 2.0 * u.standard);
  BOOST_TEST(u.k == 2.0);
}

BOOST_AUTO_TEST_CASE(a_short_window_at_a_low_rate_is_dominated_by_the_balance) {
  // A 2 min window at 1 ml/h weighs 33 mg: the balance's rows outweigh the proportional ones.
  const Uncertainty u = flow_uncertainty(semi_micro(), 1.0, 120.0, 0.9982);
  const double per_g = 3600.0 / (120.0 * 0.9982);
  BOOST_TEST(row(u, "balance repeatability") == std::sqrt(2.0) * 2e-5 * per_g, tt::tolerance(1e-9));
  BOOST_TEST(row(u, "balance repeatability") > row(u, "air buoyancy (not corrected)"));
  // As % of the rate (a trumpet point): the same budget scaled by 100 / r.
  const Uncertainty pct = scaled(u, 100.0, "%");
  BOOST_TEST(pct.expanded == u.expanded * 100.0, tt::tolerance(1e-12));
  BOOST_TEST(pct.budget.size() == u.budget.size());
}

BOOST_AUTO_TEST_CASE(time_to_alarm_budget_is_the_polling_period) {
  MeasurementConditions c;
  c.alarm_poll_period_s = StatedValue{1.0, "fixture pump-1.status_interval"};
  const Uncertainty u = time_to_event_uncertainty(c, 125.0);
  BOOST_TEST(u.unit == "s");
  // 1 s polling: rectangular over one period, 1 / sqrt(12) = 0.288675 s.
  BOOST_TEST(row(u, "alarm polling") == 0.288675, tt::tolerance(1e-5));
  BOOST_TEST(row(u, "time stamps of occlusion and alarm") == 0.0070711, tt::tolerance(1e-4));
  BOOST_TEST(row(u, "host clock rate") == 125.0 * 1e-4 / std::sqrt(3.0), tt::tolerance(1e-9));
  // sqrt(0.0833333 + 0.00005 + 0.0000521) = 0.288852 s; U = 0.5777 s.
  BOOST_TEST(u.standard == 0.288852, tt::tolerance(1e-5));
  BOOST_TEST(u.expanded == 0.577704, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(bolus_volume_budget_with_a_check_weight) {
  MeasurementConditions c = semi_micro();
  c.check_weight_g = 50.0;
  c.check_weight_tolerance_g = 0.0005;
  const double d = 0.9982;
  // 0.2 ml collected over 60 s, the end mass the mean of 5 readings.
  const Uncertainty u = volume_uncertainty(c, 0.2, 60.0, d, 5);
  BOOST_TEST(u.unit == "ml");
  BOOST_TEST(row(u, "balance readability") == std::sqrt(2.0) * 1e-5 / std::sqrt(12.0) / d, tt::tolerance(1e-9));
  // One reading at the release, the mean of 5 at the end: 0.02 mg x sqrt(1 + 1/5).
  BOOST_TEST(row(u, "balance repeatability") == 2e-5 * std::sqrt(1.2) / d, tt::tolerance(1e-9));
  // The check weight bounds the span error at 0.5 mg / 50 g = 1e-5, rectangular, of 0.2 ml.
  BOOST_TEST(row(u, "balance span (check weight)") == 1e-5 / std::sqrt(3.0) * 0.2, tt::tolerance(1e-9));
  // 2 mg/h over one minute: 0.0333 mg.
  BOOST_TEST(row(u, "evaporation") == 2.0 / 60.0 / 1000.0 / d, tt::tolerance(1e-9));
  BOOST_TEST(row(u, "air buoyancy (not corrected)") == 1.05216e-3 / std::sqrt(3.0) * 0.2, tt::tolerance(1e-5));
  // Worked by hand: sqrt(4.09e-6^2 + 2.195e-5^2 + 1.15e-6^2 + 3.339e-5^2 + 8.29e-6^2 + 1.2149e-4^2) = 1.2812e-4 ml.
  BOOST_TEST(u.standard == 1.2812e-4, tt::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(pressure_budget_takes_the_transducer_and_the_slope) {
  MeasurementConditions c;
  c.pressure_uncertainty_mmhg = StatedValue{5.0, "fixture"};
  const Uncertainty flat = pressure_uncertainty(c);
  BOOST_TEST(flat.standard == 2.5);
  // At the alarm: 10 mmHg/s and the alarm's time known to 0.2887 s add 2.887 mmHg.
  const Uncertainty rising = pressure_uncertainty(c, 10.0, 1.0 / std::sqrt(12.0));
  BOOST_TEST(rising.standard == std::sqrt(2.5 * 2.5 + 2.88675 * 2.88675), tt::tolerance(1e-5));
  // Nothing stated: a row that says so, and a budget of zero that no reader takes as known.
  const Uncertainty none = pressure_uncertainty(MeasurementConditions{});
  BOOST_TEST(none.standard == 0.0);
  BOOST_TEST(none.budget.at(0).input.find("not stated") == 0u);
}

BOOST_AUTO_TEST_CASE(density_of_water_of_unknown_temperature_is_a_rectangle_over_15_to_30_c) {
  MeasurementConditions c;
  c.readability_g = StatedValue{1e-5, "fixture"};
  const Uncertainty u = volume_uncertainty(c, 10.0, 60.0, 0.998);
  // (0.999103 - 0.995649) / 2 = 0.001727 g/ml half-width, / sqrt(3), relative, of 10 ml.
  BOOST_TEST(row(u, "density of the fluid") == 0.001727 / std::sqrt(3.0) / 0.998 * 10.0, tt::tolerance(1e-3));
  // A temperature outside the formula's 0..40 °C is as good as none: the same rectangle, labelled so.
  c.temperature_c = 45.0;
  const Uncertainty hot = volume_uncertainty(c, 10.0, 60.0, 0.998);
  BOOST_TEST(row(hot, "density of the fluid") == row(u, "density of the fluid"));
  for (const auto& r : hot.budget)
    if (r.source == "density of the fluid") BOOST_TEST(r.distribution == "rectangular");
}

BOOST_AUTO_TEST_CASE(readability_is_read_off_the_readings) {
  std::vector<MassReading> r{{0, 1.00001}, {1, 1.00003}, {2, 1.00004}, {3, 1.00004}, {4, 1.00006}};
  BOOST_TEST(readability_from_readings(r).value_or(0) == 1e-5, tt::tolerance(1e-9));
  BOOST_TEST(!readability_from_readings({{0, 1.0}, {1, 1.0}}).has_value());
}

BOOST_AUTO_TEST_CASE(simple_acceptance_flags_a_result_within_its_uncertainty) {
  Check near = check_at_most({"x", "%"}, 4.9, 5.0);
  judge_with_uncertainty(near, 0.2, DecisionRule::simple);
  BOOST_TEST((near.verdict == Verdict::pass));
  BOOST_TEST(near.within_uncertainty);
  BOOST_TEST(near.uncertainty.value_or(0) == 0.2);

  Check clear = check_at_most({"x", "%"}, 4.7, 5.0);
  judge_with_uncertainty(clear, 0.2, DecisionRule::simple);
  BOOST_TEST(!clear.within_uncertainty);

  Check over = check_at_most({"x", "%"}, 5.1, 5.0);
  judge_with_uncertainty(over, 0.2, DecisionRule::simple);
  BOOST_TEST((over.verdict == Verdict::fail));
  BOOST_TEST(over.within_uncertainty);
}

BOOST_AUTO_TEST_CASE(guarded_acceptance_needs_the_whole_uncertainty_inside_the_limit) {
  for (const auto& [value, expected] : std::vector<std::pair<double, Verdict>>{
           {4.7, Verdict::pass}, {4.81, Verdict::inconclusive}, {4.99, Verdict::inconclusive}, {5.1, Verdict::fail}}) {
    Check c = check_at_most({"x", "%"}, value, 5.0);
    judge_with_uncertainty(c, 0.2, DecisionRule::guarded);
    BOOST_TEST((c.verdict == expected), "value " << value);
  }
  // Mirrored for >= and for |value| <=.
  Check low = check_at_least({"x", "%"}, -4.9, -5.0);
  judge_with_uncertainty(low, 0.2, DecisionRule::guarded);
  BOOST_TEST((low.verdict == Verdict::inconclusive));
  Check abs = check_abs_at_most({"x", "%"}, -4.9, 5.0);
  judge_with_uncertainty(abs, 0.2, DecisionRule::guarded);
  BOOST_TEST((abs.verdict == Verdict::inconclusive));
  // Without a value nothing changes.
  Check none = check_at_most({"x", "%"}, std::nullopt, 5.0);
  judge_with_uncertainty(none, 0.2, DecisionRule::guarded);
  BOOST_TEST((none.verdict == Verdict::inconclusive));
  BOOST_TEST(!none.within_uncertainty);
}

BOOST_AUTO_TEST_CASE(a_mean_error_straddling_its_limit_follows_the_scenarios_rule) {
  // A pump delivering 4.98 % too much, 1 Hz readings at 0.01 mg over 2 h: A = +4.98 % against
  // |A| <= 5 %, with U(A) about 0.12 percentage points.
  const auto readings = test::sample(test::constant_flow(25.0 * 1.0498, 0.9982), -5.0, 7205.0, 1.0, 0.0, 3);
  AccuracyParams p;
  p.rate_ml_h = 25.0;
  p.density_g_ml = 0.9982;
  p.limits.mean_error_pct = 5.0;
  p.limit_source = "IFU rev C, section 12";
  p.conditions = semi_micro();
  const AccuracyResult simple = analyze_accuracy(readings, p);
  BOOST_REQUIRE(simple.mean_error_pct.has_value());
  BOOST_TEST(*simple.mean_error_pct == 4.98, tt::tolerance(1e-6));
  BOOST_REQUIRE(simple.mean_error_uncertainty.has_value());
  const double u_a = simple.mean_error_uncertainty->expanded;
  BOOST_TEST(u_a > 0.05);
  BOOST_TEST(u_a < 0.2);
  const Check& a = simple.checks.at(0);
  BOOST_TEST(a.limit_source == "IFU rev C, section 12");
  BOOST_TEST(a.uncertainty.value_or(0) == u_a);
  BOOST_TEST(a.within_uncertainty);
  BOOST_TEST((a.verdict == Verdict::pass));
  BOOST_TEST((simple.verdict == Verdict::pass));

  p.decision_rule = DecisionRule::guarded;
  const AccuracyResult guarded = analyze_accuracy(readings, p);
  BOOST_TEST((guarded.checks.at(0).verdict == Verdict::inconclusive));
  BOOST_TEST((guarded.verdict == Verdict::inconclusive));
  // The same numbers either way: the rule judges, it does not measure.
  BOOST_TEST(*guarded.mean_error_pct == *simple.mean_error_pct);

  // Every window of the trumpet has its budget; a longer window has the smaller uncertainty.
  BOOST_REQUIRE(simple.trumpet.front().ep_uncertainty.has_value());
  BOOST_TEST(simple.trumpet.front().ep_uncertainty->expanded > simple.trumpet.back().ep_uncertainty->expanded);
  BOOST_REQUIRE(simple.startup_delay_uncertainty.has_value());
  BOOST_TEST(simple.startup_delay_uncertainty->standard == 0.5 / std::sqrt(12.0), tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(budgets_and_checks_read_and_write_back_through_result_json) {
  const Uncertainty u = flow_uncertainty(semi_micro(), 25.0, 3600.0, 0.9982);
  const auto back = uncertainty_from_json(uncertainty_to_json(u));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->expanded == u.expanded);
  BOOST_TEST(back->budget.size() == u.budget.size());
  BOOST_TEST(back->budget.at(0).input == u.budget.at(0).input);
  // A damaged entry is no uncertainty at all, never a zero one.
  BOOST_TEST(!uncertainty_from_json(nlohmann::json{{"standard", "x"}}).has_value());

  Check c = check_at_most({"bolus_ml", "ml"}, 0.19, 0.2);
  c.limit_source = "IFU";
  judge_with_uncertainty(c, 0.02, DecisionRule::guarded);
  const Check r = check_from_json(check_to_json(c));
  BOOST_TEST(r.limit_source == "IFU");
  BOOST_TEST(r.uncertainty.value_or(0) == 0.02);
  BOOST_TEST((r.decision_rule == DecisionRule::guarded));
  BOOST_TEST(r.within_uncertainty);
  BOOST_TEST((r.verdict == Verdict::inconclusive));
}

BOOST_AUTO_TEST_SUITE_END()
