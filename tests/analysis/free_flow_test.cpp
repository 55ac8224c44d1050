#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hardware/sim/random.hpp"
#include "rig/analysis/series.hpp"
#include "rig/analysis/free_flow.hpp"
#include "rig/kinds/free_flow/free_flow_json.hpp"
#include "tests/analysis/readings_helpers.hpp"

namespace tt = boost::test_tools;
using namespace pumprig;

namespace {

constexpr double kD = 0.998;

// Door open 30..90 s: 300 ml/h, with a 1800 ml/h burst from 40 s to 45 s; nothing otherwise.
double burst_mass(double t) {
  const double base_s = std::clamp(t, 30.0, 90.0) - 30.0;
  const double burst_s = std::clamp(t, 40.0, 45.0) - 40.0;
  return 2.0 + kD * (300.0 * base_s + 1500.0 * burst_s) / 3600.0;
}

FreeFlowParams params() {
  FreeFlowParams p;
  p.head_height_cm = 80;
  p.density_g_ml = kD;
  return p;
}

FreeFlowMarkers door(std::optional<double> open_s, std::optional<double> close_s) {
  FreeFlowMarkers m;
  m.t_door_open_s = open_s;
  m.t_door_close_s = close_s;
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(free_flow)

BOOST_AUTO_TEST_CASE(volume_and_peak_flow_of_a_known_ramp) {
  const auto readings = test::sample(test::step_flow(0.0, 600.0, 30.0, kD, 1.0), 0, 120, 1.0);
  // Flow stops at the close in this record only because we end the window there; the volume
  // counts mass between the markers.
  const FreeFlowResult r = analyze_free_flow(params(), door(30, 90), readings);
  BOOST_TEST(*r.duration_s == 60.0);
  BOOST_TEST(*r.volume_ml == 10.0, tt::tolerance(1e-9));  // 600 ml/h for 60 s
  BOOST_TEST(*r.peak_flow_ml_h == 600.0, tt::tolerance(1e-9));
  BOOST_TEST(r.readings == 61u);
  BOOST_TEST(r.data_complete);
  BOOST_TEST(r.verdict == Verdict::measured);
}

BOOST_AUTO_TEST_CASE(peak_flow_catches_a_short_burst) {
  const auto readings = test::sample(burst_mass, 0, 120, 1.0);
  const FreeFlowResult r = analyze_free_flow(params(), door(30, 90), readings);
  // 300 ml/h x 60 s + 1500 ml/h extra x 5 s.
  BOOST_TEST(*r.volume_ml == (300.0 * 60 + 1500.0 * 5) / 3600.0, tt::tolerance(1e-9));
  // The best 10 s window holds the whole 5 s burst: (5 x 1800 + 5 x 300) / 10.
  BOOST_TEST(*r.peak_flow_ml_h == 1050.0, tt::tolerance(1e-9));
  auto p = params();
  p.flow_window_s = 5;
  BOOST_TEST(*analyze_free_flow(p, door(30, 90), readings).peak_flow_ml_h == 1800.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(door_markers_between_readings_are_interpolated) {
  const auto readings = test::sample(test::step_flow(0.0, 600.0, 0.0, kD, 1.0), 0, 120, 2.0);
  const FreeFlowResult r = analyze_free_flow(params(), door(31.5, 60.25), readings);
  BOOST_TEST(*r.duration_s == 28.75);
  BOOST_TEST(*r.volume_ml == 600.0 * 28.75 / 3600.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(peak_flow_is_the_exact_maximum_of_the_interpolated_curve) {
  // Irregular readings of a random walk: the breakpoint search must match a dense scan of
  // window starts (which can only find less, never more).
  sim::Random rng(11);
  std::vector<MassReading> readings;
  double t = 0, m = 0;
  while (t < 60) {
    readings.push_back({t, m, true});
    t += rng.uniform(0.2, 1.3);
    m += rng.uniform(0.0, 0.05);
  }
  const double w = 3.7, from = 5.3, to = 50.1;
  const PeakFlow pf = peak_flow(readings, from, to, w, kD, 10.0);
  BOOST_REQUIRE(pf.flow_ml_h);
  BOOST_TEST(pf.all_windows);
  auto interp = [&](double x) { return *value_at(readings, x, 10.0, [](const MassReading& r) { return r.mass_g; }); };
  double best = -1e300;
  for (double s = from; s <= to - w; s += 1e-3) best = std::max(best, 3600.0 * (interp(s + w) - interp(s)) / (w * kD));
  BOOST_TEST(*pf.flow_ml_h >= best - 1e-9);
  BOOST_TEST(*pf.flow_ml_h - best < 0.05 * *pf.flow_ml_h);  // a dense scan comes close
}

BOOST_AUTO_TEST_CASE(limits_and_verdict_combination) {
  const auto readings = test::sample(burst_mass, 0, 120, 1.0);
  auto p = params();
  p.limits.volume_ml = 8.0;
  p.limits.peak_flow_ml_h = 1100.0;
  auto r = analyze_free_flow(p, door(30, 90), readings);
  BOOST_REQUIRE_EQUAL(r.checks.size(), 2u);
  BOOST_TEST(r.checks[0].name == "volume_ml");
  BOOST_TEST(r.checks[1].name == "peak_flow_ml_h");
  BOOST_TEST(r.checks[0].verdict == Verdict::pass);
  BOOST_TEST(r.checks[1].verdict == Verdict::pass);
  BOOST_TEST(r.verdict == Verdict::pass);
  p.limits.peak_flow_ml_h = 1000.0;
  r = analyze_free_flow(p, door(30, 90), readings);
  BOOST_TEST(r.checks[1].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
  p.limits.peak_flow_ml_h.reset();
  p.limits.volume_ml = 5.0;
  r = analyze_free_flow(p, door(30, 90), readings);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(door_never_closed_gives_lower_bounds) {
  const auto readings = test::sample(test::step_flow(0.0, 600.0, 30.0, kD, 1.0), 0, 60, 1.0);
  auto p = params();
  p.limits.volume_ml = 1.0;
  auto r = analyze_free_flow(p, door(30, std::nullopt), readings);
  BOOST_TEST(*r.t_end_s == 60.0);
  BOOST_TEST(*r.volume_ml == 5.0, tt::tolerance(1e-9));
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);  // already over, and it can only grow
  p.limits.volume_ml = 10.0;
  r = analyze_free_flow(p, door(30, std::nullopt), readings);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(missing_data_is_inconclusive) {
  const auto full = test::sample(burst_mass, 0, 120, 1.0);
  auto p = params();
  p.limits.volume_ml = 10.0;
  p.limits.peak_flow_ml_h = 2000.0;
  // A hole in the middle: the volume still rests on both ends, the peak may hide in the hole.
  auto r = analyze_free_flow(p, door(30, 90), test::cut(full, 38, 50));
  BOOST_TEST(!r.data_complete);
  BOOST_TEST(*r.volume_ml == (300.0 * 60 + 1500.0 * 5) / 3600.0, tt::tolerance(1e-9));
  BOOST_TEST(r.checks[0].verdict == Verdict::pass);
  BOOST_TEST(r.checks[1].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  // Data ending before the door closes: no volume.
  r = analyze_free_flow(p, door(30, 90), test::sample(burst_mass, 0, 70, 1.0));
  BOOST_TEST(!r.volume_ml);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  // No door-open marker.
  r = analyze_free_flow(p, door(std::nullopt, 90), full);
  BOOST_TEST(!r.volume_ml);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  BOOST_TEST(!r.notes.empty());
}

BOOST_AUTO_TEST_CASE(observation_shorter_than_the_window) {
  const auto readings = test::sample(test::step_flow(0.0, 600.0, 30.0, kD, 1.0), 0, 60, 1.0);
  const auto r = analyze_free_flow(params(), door(30, 34), readings);
  BOOST_TEST(*r.peak_flow_ml_h == 600.0, tt::tolerance(1e-9));
  BOOST_TEST(!r.notes.empty());
}

BOOST_AUTO_TEST_CASE(unusable_input_is_rejected) {
  const std::vector<MassReading> backwards{{1, 0, true}, {0.5, 0, true}};
  BOOST_CHECK_THROW(analyze_free_flow(params(), door(0, 1), backwards), std::invalid_argument);
  auto p = params();
  p.flow_window_s = 0;
  BOOST_CHECK_THROW(analyze_free_flow(p, door(0, 1), {}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(json_has_the_documented_fields) {
  auto p = params();
  p.limits.volume_ml = 10.0;
  const auto readings = test::sample(burst_mass, 0, 120, 1.0);
  const auto j = to_json(free_flow_test_result(analyze_free_flow(p, door(30, 90), readings), "free-flow-1", "station-2"));
  for (const char* key : {"id", "kind", "station", "head_height_cm", "t_door_open_s", "t_door_close_s", "duration_s",
                          "volume_ml", "peak_flow_ml_h", "checks", "verdict", "notes"})
    BOOST_TEST(j.contains(key), key);
  BOOST_TEST(j["id"] == "free-flow-1");
  BOOST_TEST(j["kind"] == "free_flow");
  BOOST_TEST(j["station"] == "station-2");
  BOOST_TEST(j["head_height_cm"].get<double>() == 80.0);
  BOOST_TEST(j["duration_s"].get<double>() == 60.0);
  BOOST_TEST(j["checks"][0]["name"] == "volume_ml");
  BOOST_TEST(j["checks"][0]["comparison"] == "<=");
  BOOST_TEST(j["verdict"] == "pass");
  const auto k = to_json(free_flow_test_result(analyze_free_flow(p, door(std::nullopt, 90), readings), "free-flow-2", "s"));
  BOOST_TEST(k["t_door_open_s"].is_null());
  BOOST_TEST(k["volume_ml"].is_null());
  BOOST_TEST(k["checks"][0]["value"].is_null());
  BOOST_TEST(k["verdict"] == "inconclusive");
}

BOOST_AUTO_TEST_SUITE_END()
