#include <boost/test/unit_test.hpp>

#include <limits>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/result_json.hpp"
#include "tests/analysis/readings_helpers.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(checks)

BOOST_AUTO_TEST_CASE(exact_values_pass_or_fail_on_the_limit) {
  BOOST_TEST(check_at_most({"x"}, 10.0, 10.0).verdict == Verdict::pass);
  BOOST_TEST(check_at_most({"x"}, 10.001, 10.0).verdict == Verdict::fail);
  BOOST_TEST(check_at_least({"x"}, -5.0, -5.0).verdict == Verdict::pass);
  BOOST_TEST(check_at_least({"x"}, -5.01, -5.0).verdict == Verdict::fail);
  BOOST_TEST(check_abs_at_most({"x"}, -4.0, 5.0).verdict == Verdict::pass);
  BOOST_TEST(check_abs_at_most({"x"}, -6.0, 5.0).verdict == Verdict::fail);
  const Check c = check_at_most({"time_to_alarm_s"}, 125.3, 300.0);
  BOOST_TEST(c.name == "time_to_alarm_s");
  BOOST_TEST(std::string(to_string(c.comparison)) == "<=");
  BOOST_TEST(*c.value == 125.3);
  BOOST_TEST(c.limit == 300.0);
  BOOST_TEST(std::string(to_string(check_at_least({"x"}, 1.0, 0.0).comparison)) == ">=");
  BOOST_TEST(std::string(to_string(check_abs_at_most({"x"}, 1.0, 2.0).comparison)) == "abs<=");
}

BOOST_AUTO_TEST_CASE(bounds_settle_one_direction_only) {
  // <= limit: a lower bound beyond the limit proves a fail; within, nothing.
  BOOST_TEST(check_at_most({"x"}, 12.0, 10.0, Bound::lower_bound).verdict == Verdict::fail);
  BOOST_TEST(check_at_most({"x"}, 8.0, 10.0, Bound::lower_bound).verdict == Verdict::inconclusive);
  // An upper bound within the limit proves a pass; beyond, nothing.
  BOOST_TEST(check_at_most({"x"}, 8.0, 10.0, Bound::upper_bound).verdict == Verdict::pass);
  BOOST_TEST(check_at_most({"x"}, 12.0, 10.0, Bound::upper_bound).verdict == Verdict::inconclusive);
  // >= limit: mirrored.
  BOOST_TEST(check_at_least({"x"}, -12.0, -10.0, Bound::upper_bound).verdict == Verdict::fail);
  BOOST_TEST(check_at_least({"x"}, -8.0, -10.0, Bound::upper_bound).verdict == Verdict::inconclusive);
  BOOST_TEST(check_at_least({"x"}, -8.0, -10.0, Bound::lower_bound).verdict == Verdict::pass);
  BOOST_TEST(check_at_least({"x"}, -12.0, -10.0, Bound::lower_bound).verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(missing_values_take_the_callers_verdict) {
  BOOST_TEST(check_at_most({"x"}, std::nullopt, 10.0).verdict == Verdict::inconclusive);
  BOOST_TEST(check_at_most({"x"}, std::nullopt, 10.0, Bound::exact, Verdict::fail).verdict == Verdict::fail);
  BOOST_TEST(check_at_most({"x"}, std::numeric_limits<double>::quiet_NaN(), 10.0).verdict == Verdict::inconclusive);
  BOOST_TEST(!check_at_least({"x"}, std::nullopt, 1.0).value);
}

BOOST_AUTO_TEST_CASE(test_verdict_combines_base_and_checks) {
  const std::vector<Check> none;
  // A complete analysis with nothing to judge is measured, never a pass.
  BOOST_TEST(combine_checks(Verdict::pass, none) == Verdict::measured);
  BOOST_TEST(combine(Verdict::measured, Verdict::pass) == Verdict::measured);
  BOOST_TEST(combine(Verdict::measured, Verdict::inconclusive) == Verdict::inconclusive);
  BOOST_TEST(combine(Verdict::fail, Verdict::measured) == Verdict::fail);
  BOOST_TEST(combine_checks(Verdict::inconclusive, none) == Verdict::inconclusive);
  const std::vector<Check> pass_and_inc{check_at_most({"a"}, 1.0, 2.0), check_at_most({"b"}, std::nullopt, 2.0)};
  BOOST_TEST(combine_checks(Verdict::pass, pass_and_inc) == Verdict::inconclusive);
  const std::vector<Check> inc_and_fail{check_at_most({"b"}, std::nullopt, 2.0), check_at_most({"c"}, 3.0, 2.0)};
  BOOST_TEST(combine_checks(Verdict::pass, inc_and_fail) == Verdict::fail);
  BOOST_TEST(combine_checks(Verdict::fail, pass_and_inc) == Verdict::fail);
}

BOOST_AUTO_TEST_SUITE_END()

// Readers take a check's quantity, unit and window from its fields; the record name keeps the
// form records have always had.
BOOST_AUTO_TEST_CASE(a_check_carries_its_measurand_and_keeps_its_record_name) {
  const Check c = check_at_most({"trumpet_ep_max_pct", "%", 2.0}, 1.5, 10.0);
  BOOST_TEST(c.name == "trumpet_2min_ep_max_pct");
  BOOST_TEST(c.measurand.quantity == "trumpet_ep_max_pct");
  BOOST_TEST(c.measurand.unit == "%");
  BOOST_TEST(*c.measurand.window_min == 2.0);
  BOOST_TEST(check_name({"trumpet_ep_min_pct", "%", 0.5}) == "trumpet_0.5min_ep_min_pct");
  BOOST_TEST(check_name({"time_to_alarm_s", "s"}) == "time_to_alarm_s");
  const nlohmann::json j = checks_to_json({c})[0];
  BOOST_TEST(j["name"] == "trumpet_2min_ep_max_pct");
  BOOST_TEST(j["quantity"] == "trumpet_ep_max_pct");
  BOOST_TEST(j["unit"] == "%");
  BOOST_TEST(j["window_min"] == 2.0);
  BOOST_TEST(j["comparison"] == "<=");
  BOOST_TEST(!checks_to_json({check_at_most({"bolus_ml", "ml"}, 0.1, 0.2)})[0].contains("window_min"));
}
