#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "rig/analysis/accuracy.hpp"
#include "rig/analysis/resample.hpp"
#include "tests/analysis/readings_helpers.hpp"

namespace tt = boost::test_tools;
using namespace pumprig;

namespace {

AccuracyParams iec(double rate_ml_h) {
  AccuracyParams p;
  p.rate_ml_h = rate_ml_h;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resampling)

BOOST_AUTO_TEST_CASE(interpolates_linearly_between_the_readings_around_each_grid_point) {
  // Hand case: W(30 s) lies halfway between readings at 29.5 s (1.0 g) and 30.5 s (2.0 g).
  const std::vector<MassReading> r{{0.0, 0.0, true}, {29.5, 1.0, true}, {30.5, 2.0, false}, {60.0, 3.0, true}};
  const ResampledGrid g = resample_to_grid(r, GridSpec{seconds(30), 2, 30.0});
  BOOST_REQUIRE_EQUAL(g.mass_g.size(), 3u);
  BOOST_TEST(g.mass_g[0] == 0.0);  // a reading on the grid point is taken as it is
  BOOST_TEST(g.mass_g[1] == 1.5);
  BOOST_TEST(g.mass_g[2] == 3.0);
  BOOST_TEST(g.gaps.empty());

  const std::vector<MassReading> r2{{-0.25, 10.0, true}, {0.75, 11.0, true}, {30.0, 12.0, true}};
  const ResampledGrid g2 = resample_to_grid(r2, GridSpec{seconds(30), 1, 30.0});
  BOOST_TEST(g2.mass_g[0] == 10.25);
}

BOOST_AUTO_TEST_CASE(irregular_timestamps_reproduce_a_linear_mass_exactly) {
  // Jitter of ±0.45 s around a 1 s period: no reading is on the grid.
  const auto mass = test::constant_flow(25.0, 0.998);
  const auto readings = test::sample(mass, -3.0, 3603.0, 1.0, 0.45, 99);
  int on_grid = 0;
  for (const auto& m : readings) on_grid += std::fmod(m.t_s, 30.0) == 0.0;
  BOOST_TEST(on_grid == 0);
  const ResampledGrid g = resample_to_grid(readings, GridSpec{seconds(30), 120, 3.0});
  for (std::int64_t i = 0; i <= 120; ++i) {
    BOOST_REQUIRE(g.present[i]);
    BOOST_TEST(g.mass_g[i] == mass(30.0 * static_cast<double>(i)), tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(median_interval_and_default_gap_limit) {
  const std::vector<MassReading> r{{0, 0, {}}, {1, 0, {}}, {2, 0, {}}, {10, 0, {}}, {11, 0, {}}};
  BOOST_TEST(*median_interval_s(r) == 1.0);  // intervals 1, 1, 8, 1
  const std::vector<MassReading> even{{0, 0, {}}, {1, 0, {}}, {3, 0, {}}};
  BOOST_TEST(*median_interval_s(even) == 1.5);  // intervals 1, 2
  BOOST_TEST(!median_interval_s({{0, 0, {}}}));
  const std::vector<MassReading> repeated{{0, 0, {}}, {0, 0, {}}, {0, 0, {}}, {2, 0, {}}, {2, 0, {}}, {4, 0, {}}};
  BOOST_TEST(*median_interval_s(repeated) == 2.0);  // repeated timestamps are not intervals
  BOOST_TEST(default_gap_limit_s(1.0, 30.0) == 3.0);
  BOOST_TEST(default_gap_limit_s(20.0, 30.0) == 30.0);  // never more than S
}

BOOST_AUTO_TEST_CASE(a_grid_point_in_a_gap_is_never_invented_and_the_test_is_inconclusive) {
  // Readings at whole seconds; none between 3660 s and 3720 s (61-62 min): W_123 (61.5 min) is
  // missing, so intervals 123 and 124 are.
  const auto all = test::sample(test::constant_flow(25.0, 0.998), -3.0, 7203.0, 1.0);
  const auto readings = test::cut(all, 3660.0, 3720.0);
  AccuracyParams p = iec(25.0);
  p.limits.mean_error_pct = 5;
  p.limits.trumpet = {TrumpetLimit{2, 1, -1}};
  const AccuracyResult r = analyze_accuracy(readings, p);
  BOOST_REQUIRE_EQUAL(r.gaps.size(), 1u);
  BOOST_TEST(r.gaps[0].kind == GapKind::between_readings);
  BOOST_TEST(r.gaps[0].from_min == 61.0);
  BOOST_TEST(r.gaps[0].to_min == 62.0);
  BOOST_REQUIRE(r.gaps[0].missing_intervals);
  BOOST_TEST(r.gaps[0].missing_intervals->first == 123);
  BOOST_TEST(r.gaps[0].missing_intervals->second == 124);
  BOOST_REQUIRE_EQUAL(r.missing_intervals.size(), 1u);
  BOOST_TEST(r.missing_intervals[0].first == 123);
  BOOST_TEST(r.missing_intervals[0].second == 124);
  BOOST_TEST(!r.startup[122].flow_ml_h);
  BOOST_TEST(!r.startup[123].flow_ml_h);
  BOOST_TEST(r.startup[124].flow_ml_h.has_value());
  BOOST_TEST(!r.period_complete);
  BOOST_TEST(!r.mean_error_pct);            // a mean over a missing interval is not given
  BOOST_TEST(r.trumpet[0].windows == 117 - 4);  // 2 min windows j..j+3 holding 123 or 124: j = 121..124
  BOOST_TEST(r.trumpet[0].windows_expected == 117);
  BOOST_TEST(!r.hourly[1].error_pct);
  BOOST_TEST(r.checks[0].verdict == Verdict::inconclusive);
  BOOST_TEST(r.checks[1].verdict == Verdict::inconclusive);  // within limits, but windows missing
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(a_window_beyond_its_limit_fails_even_with_a_gap) {
  const auto readings = test::cut(test::sample(test::constant_flow(25.0 * 1.02, 0.998), -3.0, 7203.0, 1.0), 3660.0, 3720.0);
  AccuracyParams p = iec(25.0);
  p.limits.trumpet = {TrumpetLimit{2, 1, -1}};
  const AccuracyResult r = analyze_accuracy(readings, p);
  BOOST_TEST(r.checks[0].verdict == Verdict::fail);
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(a_gap_outside_the_period_leaves_the_verdict_alone) {
  // No readings between 590 s and 640 s: W at 600 s and 630 s missing, intervals 20-22.
  const auto readings = test::cut(test::sample(test::constant_flow(25.0, 0.998), -3.0, 7203.0, 1.0), 590.0, 640.0);
  const AccuracyResult r = analyze_accuracy(readings, iec(25.0));
  BOOST_REQUIRE_EQUAL(r.gaps.size(), 1u);
  BOOST_TEST(r.gaps[0].missing_intervals->first == 20);
  BOOST_TEST(r.gaps[0].missing_intervals->second == 22);
  BOOST_TEST(r.period_complete);
  BOOST_TEST(r.verdict == Verdict::measured);
  BOOST_TEST(!r.hourly[0].error_pct);
  BOOST_TEST(r.hourly[1].error_pct.has_value());
  // Start-up windows touching the gap count as not settled: the delay starts after them.
  // Windows j..j+3 holding an interval of 20..22 are j = 17..22; the first clean one starts at
  // t_22 = 11 min.
  BOOST_TEST(*r.startup_delay_min == 11.0);
  BOOST_TEST(r.startup_delay_upper_bound);
}

BOOST_AUTO_TEST_CASE(gap_limit_is_three_polling_periods) {
  const auto all = test::sample(test::constant_flow(25.0, 0.998), -3.0, 7203.0, 1.0);
  // 3 s between readings (two missing) at 1 s polling: not a gap.
  AccuracyResult r = analyze_accuracy(test::cut(all, 4000.0, 4003.0), iec(25.0));
  BOOST_TEST(r.gap_limit_s == 3.0);
  BOOST_TEST(r.gaps.empty());
  BOOST_TEST(r.verdict == Verdict::measured);
  // 4 s: a gap, though no grid point falls in it; it is in the analysis period, so the test is
  // inconclusive while every interval can still be computed.
  r = analyze_accuracy(test::cut(all, 4000.0, 4004.0), iec(25.0));
  BOOST_REQUIRE_EQUAL(r.gaps.size(), 1u);
  BOOST_TEST(!r.gaps[0].missing_intervals);
  BOOST_TEST(r.missing_intervals.empty());
  BOOST_TEST(r.mean_error_pct.has_value());
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  // A given polling period and an explicit gap limit take precedence over the median.
  AccuracyParams p = iec(25.0);
  p.gap_limit_s = 10;
  r = analyze_accuracy(test::cut(all, 4000.0, 4009.0), p);
  BOOST_TEST(r.gaps.empty());
  p.gap_limit_s.reset();
  p.polling_period_s = 5;
  r = analyze_accuracy(test::cut(all, 4000.0, 4009.0), p);
  BOOST_TEST(r.gap_limit_s == 15.0);
  BOOST_TEST(r.gaps.empty());
  p.polling_period_s = 20;  // 60 s, capped at S
  BOOST_TEST(analyze_accuracy(all, p).gap_limit_s == 30.0);
}

// Issue 15: a given gap limit above S was silently capped at S, so a logger at S with any jitter
// could never be analysed. It is honoured, and the result says what it means.
BOOST_AUTO_TEST_CASE(a_given_gap_limit_above_s_is_honoured_with_a_note) {
  const auto every_30s = test::sample(test::constant_flow(25.0, 0.998), 0.0, 7200.0, 30.0);
  AccuracyParams p = iec(25.0);
  p.on_time_jitter = 0.0;
  p.gap_limit_s = 65;
  const AccuracyResult r = analyze_accuracy(test::cut(every_30s, 4480.0, 4520.0), p);  // 4500 s missing
  BOOST_TEST(r.gap_limit_s == 65.0);
  BOOST_TEST(r.gaps.empty());
  BOOST_TEST(r.verdict == Verdict::measured);
  BOOST_TEST(r.mean_error_pct.has_value());
  const auto note = std::find_if(r.notes.begin(), r.notes.end(),
                                 [](const std::string& n) { return n.find("longer than S = 30 s") != std::string::npos; });
  BOOST_TEST_REQUIRE((note != r.notes.end()));
  BOOST_TEST(note->find("the given gap limit 65 s") == 0u);
  p.gap_limit_s = 30;  // at S: no such note
  const AccuracyResult at_s = analyze_accuracy(every_30s, p);
  BOOST_TEST(std::none_of(at_s.notes.begin(), at_s.notes.end(),
                          [](const std::string& n) { return n.find("longer than S") != std::string::npos; }));
}

BOOST_AUTO_TEST_CASE(take_on_time_moves_the_nearer_reading_within_the_tolerance) {
  const Nanos s = seconds(30);
  // Readings around t_1 = 30 s and t_2 = 60 s: 28.8 is nearer to 30 than 31.5; 61 is within
  // ±3 s of 60 and alone; 95 is 5 s from 90, outside.
  const std::vector<MassReading> r{{0.0, 1, true}, {28.8, 2, true}, {31.5, 3, true}, {61.0, 4, true}, {95.0, 5, true}};
  const OnTimeReadings on = take_on_time(r, s, 3.0);
  BOOST_TEST(on.moved == 2u);
  BOOST_TEST(on.readings[0].t_s == 0.0);
  BOOST_TEST(on.readings[1].t_s == 30.0);
  BOOST_TEST(on.readings[2].t_s == 31.5);  // the farther one keeps its time
  BOOST_TEST(on.readings[3].t_s == 60.0);
  BOOST_TEST(on.readings[4].t_s == 95.0);
  BOOST_TEST(on.readings[1].mass_g == 2.0);  // only times move
  // A tie goes to the earlier reading; equal times never cross.
  const OnTimeReadings tie = take_on_time({{29.0, 1, true}, {31.0, 2, true}}, s, 3.0);
  BOOST_TEST(tie.readings[0].t_s == 30.0);
  BOOST_TEST(tie.readings[1].t_s == 31.0);
  const OnTimeReadings twins = take_on_time({{29.0, 1, true}, {29.0, 2, true}, {32.0, 3, true}}, s, 3.0);
  BOOST_TEST(twins.readings[0].t_s == 29.0);
  BOOST_TEST(twins.readings[1].t_s == 30.0);
  BOOST_TEST(twins.readings[2].t_s == 32.0);
  BOOST_TEST(take_on_time(r, s, 0.0).moved == 0u);
}

BOOST_AUTO_TEST_CASE(jitter_of_a_logger_at_s_is_on_time_and_dense_data_are_never_moved) {
  const auto mass = test::step_flow(24.0, 26.0, 3000.0, 0.998);  // not linear: interpolation would differ
  const auto clean = test::sample(mass, 0.0, 7200.0, 30.0);
  std::vector<MassReading> jittered = clean;
  for (std::size_t k = 1; k < jittered.size(); ++k) jittered[k].t_s += 1.5 * std::sin(static_cast<double>(k) * 2.3);
  const AccuracyResult a = analyze_accuracy(clean, iec(25.0));
  const AccuracyResult b = analyze_accuracy(jittered, iec(25.0));
  BOOST_TEST(b.gaps.empty());
  BOOST_TEST(b.on_time_tolerance_s == 3.0);
  BOOST_TEST(*b.mean_error_pct == *a.mean_error_pct);
  for (std::size_t i = 0; i < a.trumpet.size(); ++i) {
    BOOST_TEST(*b.trumpet[i].ep_max_pct == *a.trumpet[i].ep_max_pct);
    BOOST_TEST(*b.trumpet[i].ep_min_pct == *a.trumpet[i].ep_min_pct);
  }
  // Stated as 0: interpolated, with gaps where the readings are more than S apart.
  AccuracyParams strict = iec(25.0);
  strict.on_time_jitter = 0.0;
  const AccuracyResult c = analyze_accuracy(jittered, strict);
  BOOST_TEST(!c.gaps.empty());
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  // 1 s readings: several per S, interpolated as always (the rig's own data), even when a jitter
  // is stated, and the note says so.
  const auto dense = test::sample(mass, -3.0, 7203.0, 1.0, 0.3);
  AccuracyParams stated = iec(25.0);
  stated.on_time_jitter = 0.1;
  const AccuracyResult d = analyze_accuracy(dense, stated);
  AccuracyParams none = iec(25.0);
  none.on_time_jitter = 0.0;
  BOOST_TEST(d.on_time_tolerance_s == 0.0);
  BOOST_TEST(*d.mean_error_pct == *analyze_accuracy(dense, none).mean_error_pct);
  BOOST_TEST(std::any_of(d.notes.begin(), d.notes.end(),
                         [](const std::string& n) { return n.find("is not applied") != std::string::npos; }));
  stated.on_time_jitter = 0.5;
  BOOST_CHECK_THROW(analyze_accuracy(dense, stated), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(data_too_short_or_starting_late_is_inconclusive) {
  const auto mass = test::constant_flow(25.0, 0.998);
  // Data end at 100 min: the last 40 intervals of the period are missing.
  AccuracyResult r = analyze_accuracy(test::sample(mass, -3.0, 6000.0, 1.0), iec(25.0));
  BOOST_TEST(!r.data_covers_period);
  BOOST_TEST(r.test_duration_min == 120.0);  // the grid still spans the period
  BOOST_REQUIRE(!r.gaps.empty());
  BOOST_TEST(r.gaps.back().kind == GapKind::after_data);
  BOOST_TEST(r.gaps.back().missing_intervals->first == 201);
  BOOST_TEST(r.gaps.back().missing_intervals->second == 240);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  BOOST_TEST(!r.mean_error_pct);

  // Data start after t = 0: W_0 cannot be interpolated, interval 1 is missing.
  r = analyze_accuracy(test::sample(mass, 0.5, 7203.0, 1.0), iec(25.0));
  BOOST_TEST(r.gaps.front().kind == GapKind::before_data);
  BOOST_TEST(r.gaps.front().missing_intervals->first == 1);
  BOOST_TEST(r.gaps.front().missing_intervals->second == 1);
  BOOST_TEST(r.verdict == Verdict::measured);  // the period is complete

  r = analyze_accuracy({}, iec(25.0));
  BOOST_TEST(r.verdict == Verdict::inconclusive);
  BOOST_TEST(!r.data_covers_period);
}

BOOST_AUTO_TEST_CASE(test_duration_defaults_to_the_last_full_interval_of_data) {
  const auto mass = test::constant_flow(25.0, 0.998);
  AccuracyResult r = analyze_accuracy(test::sample(mass, -3.0, 10000.0, 1.0), iec(25.0));
  BOOST_TEST(r.test_duration_min == 166.5);  // floor(10000 / 30) = 333 intervals
  BOOST_TEST(r.startup.size() == 333u);
  BOOST_TEST(r.hourly.size() == 2u);  // only full hours
  AccuracyParams p = iec(25.0);
  p.test_duration_min = 150;
  r = analyze_accuracy(test::sample(mass, -3.0, 10000.0, 1.0), p);
  BOOST_TEST(r.startup.size() == 300u);
}

BOOST_AUTO_TEST_SUITE_END()
