#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "rig/analysis/occlusion.hpp"
#include "rig/kinds/occlusion/occlusion_json.hpp"
#include "tests/analysis/readings_helpers.hpp"

namespace tt = boost::test_tools;
using namespace pumprig;

namespace {

constexpr double kD = 0.998;
constexpr double kOcclude = 120, kAlarm = 245.3, kRelease = 300, kCollectEnd = 360;
constexpr double kBolusMl = 0.21;

// Line pressure: 0 until the occlusion, a 2.5 mmHg/s ramp to 330 mmHg at 252 s (the pump
// alarmed at 245.3 s and stopped a little later), a slow decay by bolus reduction (0.5 mmHg/s),
// 306 mmHg at the release, then down to 0 in 10 s.
double pressure_at(double t) {
  if (t <= kOcclude) return 0;
  if (t <= 252) return 2.5 * (t - kOcclude);
  if (t <= kRelease) return 330 - 0.5 * (t - 252);
  if (t <= kRelease + 10) return 306 - 30.6 * (t - kRelease);
  return 0;
}

// Balance: 25 ml/h until the occlusion, flat while occluded, the bolus arriving linearly over
// 6 s after the release, flat afterwards (the pump stays in alarm).
double mass_at_t(double t) {
  const double before = 5.0 + 25.0 * kD * std::min(t, kOcclude) / 3600.0;
  const double bolus_g = kBolusMl * kD * std::clamp((t - kRelease) / 6.0, 0.0, 1.0);
  return before + bolus_g;
}

std::vector<PressureSample> pressure_series(double from_s, double to_s, double period_s,
                                             const std::function<double(double)>& f = pressure_at) {
  std::vector<PressureSample> out;
  for (double t = from_s; t <= to_s + 1e-9; t += period_s) out.push_back({t, f(t)});
  return out;
}

OcclusionMarkers markers() {
  OcclusionMarkers m;
  m.t_occlude_s = kOcclude;
  m.t_alarm_s = kAlarm;
  m.t_release_s = kRelease;
  m.t_collect_end_s = kCollectEnd;
  m.alarm_source = "pump";
  m.collect_end_criterion = "pressure below 10 mmHg";
  return m;
}

OcclusionParams params() {
  OcclusionParams p;
  p.rate_ml_h = 25;
  p.threshold = "low";
  p.density_g_ml = kD;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(occlusion)

BOOST_AUTO_TEST_CASE(full_record_gives_hand_computed_values) {
  const auto pressure = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  const OcclusionResult r = analyze_occlusion(params(), markers(), pressure, mass);

  BOOST_TEST(r.method == "IEC 60601-2-24:2012 occlusion alarm and bolus");
  BOOST_REQUIRE(r.time_to_alarm_s);
  BOOST_TEST(*r.time_to_alarm_s == 125.3, tt::tolerance(1e-12));
  BOOST_TEST(!r.never_alarmed);
  // 2.5 mmHg/s x 125.3 s, between the readings at 245 s and 246 s.
  BOOST_REQUIRE(r.alarm_pressure_mmhg);
  BOOST_TEST(*r.alarm_pressure_mmhg == 313.25, tt::tolerance(1e-9));
  BOOST_REQUIRE(r.peak_pressure_mmhg);
  BOOST_TEST(*r.peak_pressure_mmhg == 330.0, tt::tolerance(1e-12));
  BOOST_TEST(r.peak_pressure_complete);
  BOOST_REQUIRE(r.pressure_at_release_mmhg);
  BOOST_TEST(*r.pressure_at_release_mmhg == 306.0, tt::tolerance(1e-12));
  BOOST_REQUIRE(r.bolus_ml);
  BOOST_TEST(*r.bolus_ml == kBolusMl, tt::tolerance(1e-9));
  BOOST_TEST(*r.collection_s == 60.0);
  // 0.21 ml within one 10 s window: 0.21 x 360 ml/h.
  BOOST_REQUIRE(r.peak_bolus_flow_ml_h);
  BOOST_TEST(*r.peak_bolus_flow_ml_h == 75.6, tt::tolerance(1e-9));
  BOOST_TEST(r.pressure_readings == 401u);
  BOOST_TEST(r.mass_readings == 401u);
  BOOST_TEST(r.pressure_gap_limit_s == 3.0);
  BOOST_TEST(r.checks.empty());
  BOOST_TEST(r.verdict == Verdict::measured);  // complete, no limits
}

BOOST_AUTO_TEST_CASE(alarm_pressure_is_interpolated_between_the_readings_around_it) {
  // Readings 2 s apart on a curve that is not linear: only the two neighbours count.
  const std::vector<PressureSample> pressure{{240, 300}, {242, 310}, {244, 330}, {246, 340}, {248, 345}};
  auto mk = markers();
  mk.t_occlude_s = 240;
  mk.t_alarm_s = 243.5;
  mk.t_release_s = 248;
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  auto r = analyze_occlusion(params(), mk, pressure, mass);
  BOOST_REQUIRE(r.alarm_pressure_mmhg);
  BOOST_TEST(*r.alarm_pressure_mmhg == 310 + 0.75 * 20, tt::tolerance(1e-12));
  BOOST_TEST(*r.pressure_at_release_mmhg == 345.0);  // a reading exactly at the marker

  mk.t_alarm_s = 244;  // exactly on a reading
  r = analyze_occlusion(params(), mk, pressure, mass);
  BOOST_TEST(*r.alarm_pressure_mmhg == 330.0);

  mk.t_alarm_s = 249;  // after the last reading: not bracketed
  r = analyze_occlusion(params(), mk, pressure, mass);
  BOOST_TEST(!r.alarm_pressure_mmhg);

  // A hole longer than the gap limit around the alarm: never interpolated across.
  const std::vector<PressureSample> holey{{240, 300}, {242, 310}, {250, 330}, {252, 340}};
  mk.t_alarm_s = 245;
  auto p = params();
  p.limits.alarm_pressure_mmhg = 500;
  r = analyze_occlusion(p, mk, holey, mass);
  BOOST_TEST(!r.alarm_pressure_mmhg);
  BOOST_REQUIRE_EQUAL(r.checks.size(), 1u);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(bolus_from_mass_steps_and_end_window_mean) {
  // Drops: four 50 mg steps after the release; alternating ±1 mg balance noise in the last
  // seconds, which the 5 s end window averages out.
  auto step_mass = [](double t) {
    double m = 12.0;
    for (double s : {301.0, 302.5, 304.0, 305.5})
      if (t >= s) m += 0.05;
    // The ten readings 355.5 .. 360 s: -1, +1, ... +1 mg (sum zero, the last one +1 mg).
    if (t > 355.2 && t <= kCollectEnd) m += (std::lround(2 * t) % 2 == 0) ? 0.001 : -0.001;
    return m;
  };
  const auto mass = test::sample(step_mass, 0, 400, 0.5);
  const auto pressure = pressure_series(0, 400, 1.0);
  auto r = analyze_occlusion(params(), markers(), pressure, mass);
  BOOST_REQUIRE(r.bolus_ml);
  BOOST_TEST(*r.mass_at_release_g == 12.0);
  BOOST_TEST(*r.mass_at_collect_end_g == 12.2, tt::tolerance(1e-12));
  BOOST_TEST(*r.bolus_ml == 0.2 / kD, tt::tolerance(1e-12));

  // With no end window the last reading alone is used: the noise shows.
  auto p = params();
  p.bolus_end_window_s = 0;
  r = analyze_occlusion(p, markers(), pressure, mass);
  BOOST_TEST(*r.mass_at_collect_end_g == 12.201, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(limits_and_verdict_combination) {
  const auto pressure = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  auto p = params();
  p.limits.time_to_alarm_s = 300;
  p.limits.alarm_pressure_mmhg = 400;
  p.limits.peak_pressure_mmhg = 400;
  p.limits.bolus_ml = 0.5;
  auto r = analyze_occlusion(p, markers(), pressure, mass);
  BOOST_REQUIRE_EQUAL(r.checks.size(), 4u);
  const std::vector<std::string> names{"time_to_alarm_s", "alarm_pressure_mmhg", "peak_pressure_mmhg", "bolus_ml"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    BOOST_TEST(r.checks[i].name == names[i]);
    BOOST_TEST(std::string(to_string(r.checks[i].comparison)) == "<=");
    BOOST_TEST(r.checks[i].verdict == Verdict::pass);
  }
  BOOST_TEST(r.verdict == Verdict::pass);

  p.limits.bolus_ml = 0.2;  // 0.21 ml breaks it
  r = analyze_occlusion(p, markers(), pressure, mass);
  BOOST_TEST(r.checks[3].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);

  p.limits.bolus_ml = 0.5;
  p.limits.time_to_alarm_s = 120;  // 125.3 s is too slow
  r = analyze_occlusion(p, markers(), pressure, mass);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(no_alarm_over_a_covered_wait_fails) {
  const auto pressure = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  auto mk = markers();
  mk.t_alarm_s.reset();
  auto p = params();
  p.limits.time_to_alarm_s = 300;
  auto r = analyze_occlusion(p, mk, pressure, mass);
  BOOST_TEST(r.never_alarmed);
  BOOST_TEST(!r.time_to_alarm_s);
  BOOST_TEST(!r.alarm_pressure_mmhg);
  BOOST_REQUIRE_EQUAL(r.checks.size(), 1u);
  BOOST_TEST(!r.checks[0].value);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
  BOOST_TEST(!r.notes.empty());

  // Without a limit the test still fails: the alarm is the point of the test.
  r = analyze_occlusion(params(), mk, pressure, mass);
  BOOST_TEST(r.checks.empty());
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(no_alarm_with_missing_data_is_inconclusive) {
  const auto full = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  auto mk = markers();
  mk.t_alarm_s.reset();
  auto p = params();
  p.limits.time_to_alarm_s = 300;

  // A 30 s hole in the pressure record during the wait: a lost alarm cannot be ruled out.
  std::vector<PressureSample> holey;
  std::copy_if(full.begin(), full.end(), std::back_inserter(holey),
               [](const PressureSample& q) { return q.t_s < 200 || q.t_s > 230; });
  auto r = analyze_occlusion(p, mk, holey, mass);
  BOOST_TEST(!r.never_alarmed);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);

  // The record ends before the release.
  std::vector<PressureSample> short_rec(full.begin(), full.begin() + 250);
  r = analyze_occlusion(p, mk, short_rec, mass);
  BOOST_TEST(r.verdict == Verdict::inconclusive);

  // No release: the run ended during the wait.
  mk.t_release_s.reset();
  mk.t_collect_end_s.reset();
  r = analyze_occlusion(p, mk, full, mass);
  BOOST_TEST(!r.never_alarmed);
  BOOST_TEST(!r.bolus_ml);
  BOOST_TEST(r.verdict == Verdict::inconclusive);

  // No pressure data at all.
  r = analyze_occlusion(p, markers(), {}, mass);
  BOOST_TEST(*r.time_to_alarm_s == 125.3, tt::tolerance(1e-12));  // the marker still gives it
  BOOST_TEST(!r.alarm_pressure_mmhg);
  BOOST_TEST(!r.peak_pressure_mmhg);
}

BOOST_AUTO_TEST_CASE(missing_mass_data_leaves_the_bolus_inconclusive) {
  const auto pressure = pressure_series(0, 400, 1.0);
  auto p = params();
  p.limits.bolus_ml = 0.5;
  // Balance silent from 250 s to 330 s: no reading just before the release.
  const auto mass = test::cut(test::sample(mass_at_t, 0, 400, 1.0), 250, 330);
  auto r = analyze_occlusion(p, markers(), pressure, mass);
  BOOST_TEST(!r.mass_at_release_g);
  BOOST_TEST(!r.bolus_ml);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  // No mass data at all.
  r = analyze_occlusion(p, markers(), pressure, {});
  BOOST_TEST(!r.bolus_ml);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(peak_pressure_over_incomplete_data_is_a_lower_bound) {
  const auto full = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  // The record stops at 250 s: the peak seen (2.5 x 130 = 325) can only be below the truth.
  std::vector<PressureSample> cut(full.begin(), full.begin() + 251);
  auto p = params();
  p.limits.peak_pressure_mmhg = 320;
  auto r = analyze_occlusion(p, markers(), cut, mass);
  BOOST_TEST(*r.peak_pressure_mmhg == 325.0);
  BOOST_TEST(!r.peak_pressure_complete);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  p.limits.peak_pressure_mmhg = 400;
  r = analyze_occlusion(p, markers(), cut, mass);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(unusable_input_is_rejected) {
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  const std::vector<PressureSample> backwards{{1, 0}, {0.5, 0}};
  BOOST_CHECK_THROW(analyze_occlusion(params(), markers(), backwards, mass), std::invalid_argument);
  auto p = params();
  p.density_g_ml = 0;
  BOOST_CHECK_THROW(analyze_occlusion(p, markers(), {}, mass), std::invalid_argument);
  auto mk = markers();
  mk.t_alarm_s = std::nan("");
  BOOST_CHECK_THROW(analyze_occlusion(params(), mk, {}, mass), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(json_has_the_documented_fields) {
  const auto pressure = pressure_series(0, 400, 1.0);
  const auto mass = test::sample(mass_at_t, 0, 400, 1.0);
  auto p = params();
  p.limits.time_to_alarm_s = 300;
  const auto j = to_json(occlusion_test_result(analyze_occlusion(p, markers(), pressure, mass), "occlusion-1", "station-1"));
  for (const char* key : {"id", "kind", "station", "method", "rate_ml_h", "threshold", "t_occlude_s", "t_alarm_s",
                          "t_release_s", "t_collect_end_s", "alarm_source", "time_to_alarm_s", "alarm_pressure_mmhg",
                          "peak_pressure_mmhg", "pressure_at_release_mmhg", "bolus_ml", "bolus_end", "collection_s",
                          "pressure_readings", "checks", "verdict", "notes"})
    BOOST_TEST(j.contains(key), key);
  BOOST_TEST(j["id"] == "occlusion-1");
  BOOST_TEST(j["kind"] == "occlusion");
  BOOST_TEST(j["station"] == "station-1");
  BOOST_TEST(j["threshold"] == "low");
  BOOST_TEST(j["alarm_source"] == "pump");
  BOOST_TEST(j["bolus_end"] == "pressure below 10 mmHg");
  BOOST_TEST(j["t_alarm_s"].get<double>() == 245.3);
  BOOST_TEST(j["collection_s"].get<double>() == 60.0);
  BOOST_TEST(j["pressure_readings"].get<int>() == 401);
  BOOST_TEST(j["verdict"] == "pass");
  BOOST_TEST(j["notes"].is_array());
  const auto& c = j["checks"].at(0);
  BOOST_TEST(c["name"] == "time_to_alarm_s");
  BOOST_TEST(c["limit"].get<double>() == 300.0);
  BOOST_TEST(c["comparison"] == "<=");
  BOOST_TEST(c["verdict"] == "pass");

  // Missing values are null, not absent.
  auto mk = markers();
  mk.t_alarm_s.reset();
  const auto k = to_json(occlusion_test_result(analyze_occlusion(p, mk, pressure, mass), "occlusion-2", "station-1"));
  BOOST_TEST(k["t_alarm_s"].is_null());
  BOOST_TEST(k["time_to_alarm_s"].is_null());
  BOOST_TEST(k["alarm_pressure_mmhg"].is_null());
  BOOST_TEST(k["checks"][0]["value"].is_null());
  BOOST_TEST(k["checks"][0]["verdict"] == "fail");
  BOOST_TEST(k["verdict"] == "fail");
}

BOOST_AUTO_TEST_SUITE_END()
