#include "rig/analysis/accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/analysis/water_density.hpp"

namespace pumprig {

namespace {

// Tolerance comparisons allow this much (in %) for floating-point noise on exact boundaries, as
// the checks do (kCheckSlack).
constexpr double kSlackPct = kCheckSlack;

Nanos interval_ns_of(double sample_interval_s) {
  return static_cast<Nanos>(std::llround(sample_interval_s * 1e9));
}

// Number of S intervals in a span of minutes, when the span is a whole multiple of S (and the
// span fits the grid's limit, so that the conversion to integers is defined).
std::optional<std::int64_t> intervals_in(double minutes, Nanos s_ns) {
  if (!std::isfinite(minutes) || s_ns <= 0) return std::nullopt;
  if (std::fabs(minutes * 60e9 / static_cast<double>(s_ns)) > static_cast<double>(kMaxGridIntervals)) return std::nullopt;
  const auto ns = static_cast<Nanos>(std::llround(minutes * 60e9));
  if (ns % s_ns != 0) return std::nullopt;
  return ns / s_ns;
}

std::string fmt_num(double v) { return fmt::format("{:g}", v); }

// The last grid point at or before t_s (t_s >= 0), judged with the same grid_time_s as the
// resampling so that t_N is never a hair after the last reading.
std::int64_t last_point_at_or_before(double t_s, Nanos s_ns) {
  auto n = static_cast<std::int64_t>(std::floor(t_s / (static_cast<double>(s_ns) / 1e9)));
  while (n > 0 && grid_time_s(s_ns, n) > t_s) --n;
  while (grid_time_s(s_ns, n + 1) <= t_s) ++n;
  return n;
}

}  // namespace

std::vector<std::string> check_params(const AccuracyParams& p) {
  std::vector<std::string> problems;
  auto positive = [&](double v, const char* what) {
    if (!(std::isfinite(v) && v > 0)) problems.push_back(fmt::format("{} must be a positive number, got {}", what, fmt_num(v)));
  };
  positive(p.rate_ml_h, "the set rate (ml/h)");
  positive(p.sample_interval_s, "the sample interval S (s)");
  positive(p.density_g_ml, "the density (g/ml)");
  positive(p.startup_tolerance_pct, "the start-up tolerance (%)");
  positive(p.startup_window_min, "the start-up window (min)");
  if (p.polling_period_s) positive(*p.polling_period_s, "the polling period (s)");
  if (p.gap_limit_s) positive(*p.gap_limit_s, "the gap limit (s)");
  if (p.on_time_jitter && !(*p.on_time_jitter >= 0 && *p.on_time_jitter < 0.5))
    problems.push_back(fmt::format("the jitter taken as on time must be a fraction of S from 0 to below 0.5, got {}",
                                   fmt_num(*p.on_time_jitter)));
  if (!std::isfinite(p.evaporation_mg_h)) problems.push_back("the evaporation rate must be a finite number");
  if (p.water_temperature_c && !(*p.water_temperature_c >= 0 && *p.water_temperature_c <= 40))
    problems.push_back(fmt::format("the water temperature {} °C is outside 0..40 °C, where the density formula holds",
                                   fmt_num(*p.water_temperature_c)));
  if (!problems.empty()) return problems;  // the checks below need S and the rate

  const Nanos s_ns = interval_ns_of(p.sample_interval_s);
  if (s_ns < kNanosPerMilli) {
    problems.push_back("the sample interval S must be at least 1 ms");
    return problems;
  }
  const std::string s_text = fmt_num(static_cast<double>(s_ns) / 1e9) + " s";
  const auto n1 = intervals_in(p.period_start_min, s_ns);
  const auto n2 = intervals_in(p.period_end_min, s_ns);
  auto too_long = [&](double minutes) {
    return std::isfinite(minutes) &&
           std::fabs(minutes * 60.0 / (static_cast<double>(s_ns) / 1e9)) > static_cast<double>(kMaxGridIntervals);
  };
  for (const double m : {p.period_start_min, p.period_end_min, p.test_duration_min.value_or(0.0)})
    if (too_long(m))
      problems.push_back(fmt::format("{} min is more than the {} intervals of S = {} the analysis holds", fmt_num(m),
                                     kMaxGridIntervals, s_text));
  if (!problems.empty()) return problems;
  if (!n1 || *n1 < 0) problems.push_back(fmt::format("the analysis period start {} min is not a non-negative multiple of S = {}", fmt_num(p.period_start_min), s_text));
  if (!n2) problems.push_back(fmt::format("the analysis period end {} min is not a multiple of S = {}", fmt_num(p.period_end_min), s_text));
  if (n1 && n2 && *n2 <= *n1) problems.push_back(fmt::format("the analysis period {}-{} min is empty", fmt_num(p.period_start_min), fmt_num(p.period_end_min)));
  if (p.windows_min.empty()) problems.push_back("at least one observation window P is needed");
  for (double w : p.windows_min) {
    const auto k = intervals_in(w, s_ns);
    if (!k || *k < 1) {
      problems.push_back(fmt::format("the observation window {} min is not a positive multiple of S = {}", fmt_num(w), s_text));
    } else if (n1 && n2 && *k > *n2 - *n1) {
      problems.push_back(fmt::format("the observation window {} min is longer than the analysis period {}-{} min",
                                     fmt_num(w), fmt_num(p.period_start_min), fmt_num(p.period_end_min)));
    }
  }
  if (p.test_duration_min) {
    const auto n = intervals_in(*p.test_duration_min, s_ns);
    if (!n) problems.push_back(fmt::format("the test duration {} min is not a multiple of S = {}", fmt_num(*p.test_duration_min), s_text));
    else if (n2 && *n < *n2) problems.push_back(fmt::format("the test duration {} min ends before the analysis period ({} min)", fmt_num(*p.test_duration_min), fmt_num(p.period_end_min)));
  }
  if (p.limits.mean_error_pct && !(*p.limits.mean_error_pct >= 0))
    problems.push_back("the mean error limit must be a non-negative percentage");
  if (p.limits.startup_delay_max_min && !(*p.limits.startup_delay_max_min >= 0))
    problems.push_back("the start-up delay limit must be non-negative");
  for (const auto& lim : p.limits.trumpet) {
    const bool known = std::any_of(p.windows_min.begin(), p.windows_min.end(), [&](double w) {
      return intervals_in(w, s_ns) == intervals_in(lim.window_min, s_ns);
    });
    if (!known || !intervals_in(lim.window_min, s_ns))
      problems.push_back(fmt::format("the trumpet limit for {} min names a window that is not analysed", fmt_num(lim.window_min)));
    if (!(lim.ep_min_pct <= lim.ep_max_pct))
      problems.push_back(fmt::format("the trumpet limit for {} min has Ep(min) limit {} above Ep(max) limit {}",
                                     fmt_num(lim.window_min), fmt_num(lim.ep_min_pct), fmt_num(lim.ep_max_pct)));
  }
  return problems;
}

AccuracyResult analyze_accuracy(const std::vector<MassReading>& logged, const AccuracyParams& p) {
  if (auto problems = check_params(p); !problems.empty()) {
    std::string all;
    for (const auto& s : problems) all += (all.empty() ? "" : "; ") + s;
    throw std::invalid_argument(all);
  }
  for (std::size_t i = 0; i < logged.size(); ++i) {
    if (!std::isfinite(logged[i].t_s) || !std::isfinite(logged[i].mass_g))
      throw std::invalid_argument(fmt::format("reading {} is not a finite number", i));
    if (!(std::fabs(logged[i].t_s) <= kMaxAbsReadingTimeS))
      throw std::invalid_argument(fmt::format("reading {} at {} s is outside +-9.2e9 s (292 years)", i,
                                              fmt_num(logged[i].t_s)));
    if (i > 0 && logged[i].t_s < logged[i - 1].t_s)
      throw std::invalid_argument(fmt::format("reading {} goes back in time ({} s after {} s)", i,
                                              fmt_num(logged[i].t_s), fmt_num(logged[i - 1].t_s)));
  }

  AccuracyResult r;
  const Nanos s_ns = interval_ns_of(p.sample_interval_s);
  const double s_s = static_cast<double>(s_ns) / 1e9;
  const std::int64_t n1 = *intervals_in(p.period_start_min, s_ns);
  const std::int64_t n2 = *intervals_in(p.period_end_min, s_ns);
  const double rate = p.rate_ml_h;

  r.rate_ml_h = rate;
  r.sample_interval_s = s_s;
  r.water_temperature_c = p.water_temperature_c;
  r.density_g_ml = p.water_temperature_c ? water_density_g_ml(*p.water_temperature_c) : p.density_g_ml;
  r.evaporation_mg_h = p.evaporation_mg_h;
  r.period_start_min = p.period_start_min;
  r.period_end_min = p.period_end_min;
  r.period_first_interval = n1 + 1;
  r.period_last_interval = n2;
  r.startup_tolerance_pct = p.startup_tolerance_pct;
  const double d = r.density_g_ml;

  // Polling period and gap limit.
  const auto median = median_interval_s(logged);
  if (p.polling_period_s) {
    r.polling_period_s = *p.polling_period_s;
  } else if (median && *median > 0) {
    r.polling_period_s = *median;
  } else {
    r.polling_period_s = s_s;
    r.notes.push_back("too few distinct readings to tell the polling period; S is used");
  }
  r.gap_limit_s = p.gap_limit_s ? *p.gap_limit_s : default_gap_limit_s(r.polling_period_s, s_s);
  r.notes.push_back(fmt::format("gap limit {} s ({}); polling period {} s ({})", fmt_num(r.gap_limit_s),
                                p.gap_limit_s ? "given" : "three polling periods, capped at S",
                                fmt_num(r.polling_period_s),
                                p.polling_period_s ? "given" : "median interval between readings"));
  if (r.gap_limit_s > s_s)
    r.notes.push_back(fmt::format(
        "the given gap limit {} s is longer than S = {} s: a grid point between two readings up to {} s apart is "
        "interpolated, not missing, so a missed reading is bridged by a straight line and counts as data",
        fmt_num(r.gap_limit_s), fmt_num(s_s), fmt_num(r.gap_limit_s)));

  // A logger at S with a wandering clock: its readings are taken as on time (take_on_time).
  const double jitter = p.on_time_jitter.value_or(kDefaultOnTimeJitter);
  std::optional<OnTimeReadings> on_time;
  if (jitter > 0 && r.polling_period_s >= (1.0 - jitter) * s_s) {
    r.on_time_tolerance_s = jitter * s_s;
    on_time = take_on_time(logged, s_ns, r.on_time_tolerance_s);
    r.notes.push_back(fmt::format(
        "readings within ±{} s ({} % of S) of a grid point are taken as on time, since the readings come once "
        "per S or less often (polling period {} s): {} of {} readings moved onto the grid",
        fmt_num(r.on_time_tolerance_s), fmt_num(jitter * 100.0), fmt_num(r.polling_period_s), on_time->moved,
        logged.size()));
  } else if (p.on_time_jitter && jitter > 0) {
    r.notes.push_back(fmt::format(
        "the jitter {} % of S is not applied: the readings are {} s apart, several per S = {} s, and are interpolated",
        fmt_num(jitter * 100.0), fmt_num(r.polling_period_s), fmt_num(s_s)));
  }
  const std::vector<MassReading>& readings = on_time ? on_time->readings : logged;

  // The test runs from t_0 = 0 to t_N.
  std::int64_t last_point = n2;
  if (p.test_duration_min) {
    last_point = *intervals_in(*p.test_duration_min, s_ns);
  } else if (!readings.empty() && readings.back().t_s >= 0) {
    // Checked in floating point before any conversion to an integer.
    if (readings.back().t_s / s_s > static_cast<double>(kMaxGridIntervals))
      throw std::invalid_argument(fmt::format(
          "the last reading at {} s would make the test {} intervals of S = {} s long; the analysis holds at most {} "
          "(about {} days): is the time column in the unit given, or is a row far off?",
          fmt_num(readings.back().t_s), static_cast<long long>(readings.back().t_s / s_s), fmt_num(s_s),
          kMaxGridIntervals, fmt_num(std::round(static_cast<double>(kMaxGridIntervals) * s_s / 86400.0))));
    last_point = std::max(n2, last_point_at_or_before(readings.back().t_s, s_ns));
  }
  const std::int64_t big_n = last_point;
  r.test_duration_min = grid_time_s(s_ns, big_n) / 60.0;
  const double t_n1 = grid_time_s(s_ns, n1);
  const double t_n2 = grid_time_s(s_ns, n2);
  const double t_end = grid_time_s(s_ns, big_n);

  ResampledGrid grid = resample_to_grid(readings, GridSpec{s_ns, big_n, r.gap_limit_s});
  std::vector<double>& w = grid.mass_g;

  // Evaporation takes mass off the balance at a measured rate: add it back, W_i + e·t_i.
  if (p.evaporation_mg_h != 0) {
    const double e_g_s = p.evaporation_mg_h / 1000.0 / 3600.0;
    for (std::int64_t i = 0; i <= big_n; ++i) w[i] += e_g_s * grid_time_s(s_ns, i);
    r.notes.push_back(fmt::format("evaporation correction of {} mg/h added back to the balance readings",
                                  fmt_num(p.evaporation_mg_h)));
  }

  // Flow per interval, Q_i = 60 (W_i - W_{i-1}) / (S d) with S in minutes, i = 1..N.
  // missing_before[i] counts intervals 1..i that cannot be computed, for O(1) window checks.
  std::vector<std::int64_t> missing_before(static_cast<std::size_t>(big_n) + 1, 0);
  r.startup.reserve(static_cast<std::size_t>(big_n));
  for (std::int64_t i = 1; i <= big_n; ++i) {
    FlowPoint fp;
    fp.t_min = grid_time_s(s_ns, i) / 60.0;
    const bool ok = grid.present[i - 1] && grid.present[i];
    if (ok) fp.flow_ml_h = 3600.0 * (w[i] - w[i - 1]) / (s_s * d);
    missing_before[i] = missing_before[i - 1] + (ok ? 0 : 1);
    if (!ok) {
      if (!r.missing_intervals.empty() && r.missing_intervals.back().second == i - 1) r.missing_intervals.back().second = i;
      else r.missing_intervals.emplace_back(i, i);
    }
    r.startup.push_back(fp);
  }
  auto complete = [&](std::int64_t first_interval, std::int64_t last_interval) {
    return missing_before[last_interval] - missing_before[first_interval - 1] == 0;
  };
  // Mean flow over intervals first..last from the telescoped mass: (1/k) Σ Q_i exactly.
  auto mean_flow = [&](std::int64_t first_interval, std::int64_t last_interval) {
    const auto k = static_cast<double>(last_interval - first_interval + 1);
    return 3600.0 * (w[last_interval] - w[first_interval - 1]) / (k * s_s * d);
  };
  auto error_pct = [&](double q) { return 100.0 * (q - rate) / rate; };

  // Holes and the intervals they cost: a missing point p spoils intervals p and p + 1.
  for (const auto& g : grid.gaps) {
    AccuracyGap ag;
    ag.kind = g.kind;
    ag.from_min = g.from_s / 60.0;
    ag.to_min = g.to_s / 60.0;
    if (g.first_point >= 0) {
      const std::int64_t a = std::max<std::int64_t>(g.first_point, 1);
      const std::int64_t b = std::min<std::int64_t>(g.last_point + 1, big_n);
      if (a <= b) ag.missing_intervals = std::make_pair(a, b);
    }
    r.gaps.push_back(ag);
  }

  // Coverage and completeness of the analysis period.
  r.data_covers_period = !readings.empty() && readings.front().t_s <= t_n1 && readings.back().t_s >= t_n2;
  const bool gap_touches_period = std::any_of(grid.gaps.begin(), grid.gaps.end(), [&](const GridGap& g) {
    return g.from_s < t_n2 && g.to_s > t_n1;
  });
  r.period_complete = r.data_covers_period && !gap_touches_period && complete(n1 + 1, n2);
  if (!readings.empty() && readings.back().t_s < t_n2)
    r.notes.push_back(fmt::format("the data end at {} min, before the analysis period ends at {} min",
                                  fmt_num(readings.back().t_s / 60.0), fmt_num(p.period_end_min)));
  if (!readings.empty() && readings.front().t_s > t_n1)
    r.notes.push_back(fmt::format("the data start at {} min, after the analysis period starts at {} min",
                                  fmt_num(readings.front().t_s / 60.0), fmt_num(p.period_start_min)));
  if (readings.empty()) r.notes.push_back("there are no readings");
  if (gap_touches_period) r.notes.push_back("a gap in the data touches the analysis period: the test is inconclusive");

  // Mean flow and mean percentage error A over the analysis period.
  if (complete(n1 + 1, n2)) {
    r.mean_flow_ml_h = mean_flow(n1 + 1, n2);
    r.mean_error_pct = error_pct(*r.mean_flow_ml_h);
  }

  // Trumpet curve: for each P, the k = P/S interval windows with step S inside the period.
  for (double wmin : p.windows_min) {
    const std::int64_t k = *intervals_in(wmin, s_ns);
    TrumpetPoint tp;
    tp.window_min = wmin;
    tp.windows_expected = (n2 - n1) - k + 1;
    for (std::int64_t j = n1 + 1; j <= n2 - k + 1; ++j) {
      if (!complete(j, j + k - 1)) continue;
      const double e = error_pct(mean_flow(j, j + k - 1));
      tp.ep_max_pct = tp.ep_max_pct ? std::max(*tp.ep_max_pct, e) : e;
      tp.ep_min_pct = tp.ep_min_pct ? std::min(*tp.ep_min_pct, e) : e;
      ++tp.windows;
    }
    r.trumpet.push_back(tp);
  }

  // Non-overlapping 1 h windows over the whole test (beyond the standard, users ask for them).
  if (const auto per_hour = intervals_in(60.0, s_ns)) {
    const std::int64_t k = *per_hour;
    for (std::int64_t h = 0; (h + 1) * k <= big_n; ++h) {
      HourlyError he;
      he.from_min = grid_time_s(s_ns, h * k) / 60.0;
      he.to_min = grid_time_s(s_ns, (h + 1) * k) / 60.0;
      if (complete(h * k + 1, (h + 1) * k)) {
        he.mean_flow_ml_h = mean_flow(h * k + 1, (h + 1) * k);
        he.error_pct = error_pct(*he.mean_flow_ml_h);
      }
      r.hourly.push_back(he);
    }
  } else {
    r.notes.push_back("S does not divide one hour: no hourly errors");
  }

  // Start-up delay: the first window start after which every start-up window mean stays within
  // ±x % of the set rate to the end of the test. A window with missing data counts as not
  // within, so a reported delay can only be longer than the true one.
  bool startup_windows_complete = true;
  if (const auto kw = intervals_in(p.startup_window_min, s_ns); kw && *kw >= 1 && *kw <= big_n) {
    const std::int64_t k = *kw;
    std::optional<std::int64_t> first_ok;
    bool stopped_by_gap = false;
    for (std::int64_t j = big_n - k + 1; j >= 1; --j) {
      const bool have = complete(j, j + k - 1);
      if (!have) {
        startup_windows_complete = false;
        stopped_by_gap = true;
        break;
      }
      if (std::abs(error_pct(mean_flow(j, j + k - 1))) > p.startup_tolerance_pct + kSlackPct) break;
      first_ok = j;
    }
    if (first_ok) r.startup_delay_min = grid_time_s(s_ns, *first_ok - 1) / 60.0;
    if (first_ok && stopped_by_gap) {
      r.startup_delay_upper_bound = true;
      r.notes.push_back(fmt::format("the start-up delay {} min is an upper bound: the start-up windows before it have missing data",
                                    fmt_num(*r.startup_delay_min)));
    }
    if (missing_before[big_n] > 0) startup_windows_complete = false;
  } else {
    startup_windows_complete = false;
    r.notes.push_back(fmt::format("the start-up window {} min is not a multiple of S or longer than the test: no start-up delay",
                                  fmt_num(p.startup_window_min)));
  }

  // Readings used, and how many of them the balance flagged as dynamic (unstable).
  std::size_t dyn = 0, dyn_period = 0;
  bool stability_known = true;
  for (const auto& m : readings) {
    if (m.t_s < 0 || m.t_s > t_end) continue;
    ++r.readings;
    if (!m.stable) {
      stability_known = false;
      continue;
    }
    if (!*m.stable) {
      ++dyn;
      if (m.t_s > t_n1 && m.t_s <= t_n2) ++dyn_period;
    }
  }
  if (stability_known) {
    r.dynamic_readings = dyn;
    r.dynamic_readings_in_period = dyn_period;
    if (dyn > 0) r.notes.push_back(fmt::format("{} dynamic (unstable) readings were used, as the standard's continuous logging requires", dyn));
  } else {
    r.notes.push_back("the balance's stability flag is not in the data: dynamic readings unknown");
  }

  // Uncertainty budgets: every flow is a mass difference over a window, so one model serves A
  // (the analysis period), each trumpet window P, a start-up point (S) and an hour.
  MeasurementConditions cond = with_readability_of(p.conditions, readings);
  if (r.water_temperature_c) cond.temperature_c = r.water_temperature_c;
  const auto error_budget = [&](double window_s) {
    return scaled(flow_uncertainty(cond, rate, window_s, d), 100.0 / rate, "%");
  };
  const double period_s = t_n2 - t_n1;
  r.mean_flow_uncertainty = flow_uncertainty(cond, r.mean_flow_ml_h.value_or(rate), period_s, d);
  r.mean_error_uncertainty = scaled(*r.mean_flow_uncertainty, 100.0 / rate, "%");
  for (auto& tp : r.trumpet) tp.ep_uncertainty = error_budget(tp.window_min * 60.0);
  r.startup_flow_uncertainty = flow_uncertainty(cond, rate, s_s, d);
  r.hourly_error_uncertainty = error_budget(3600.0);
  r.startup_delay_uncertainty = grid_time_uncertainty(s_s / 60.0, "min");

  // Acceptance checks. Over missing windows the trumpet extremes are bounds: Ep(max) can only
  // be higher, Ep(min) only lower; a start-up delay judged across a hole can only be shorter.
  // Each is then judged with its expanded uncertainty by the scenario's decision rule.
  const auto& lim = p.limits;
  const auto add_check = [&](Check c, const Uncertainty& u) {
    r.checks.push_back(judged(std::move(c), p.limit_source, p.decision_rule, u.expanded));
  };
  if (lim.mean_error_pct)
    add_check(check_abs_at_most({"mean_error_pct", "%"}, r.mean_error_pct, *lim.mean_error_pct), *r.mean_error_uncertainty);
  for (const auto& tl : lim.trumpet) {
    const auto k = intervals_in(tl.window_min, s_ns);
    const auto it = std::find_if(r.trumpet.begin(), r.trumpet.end(),
                                 [&](const TrumpetPoint& t) { return intervals_in(t.window_min, s_ns) == k; });
    const TrumpetPoint& tp = *it;  // check_params guarantees the window is analysed
    const bool all_windows = tp.windows == tp.windows_expected;
    add_check(check_at_most({"trumpet_ep_max_pct", "%", tl.window_min}, tp.ep_max_pct, tl.ep_max_pct,
                            all_windows ? Bound::exact : Bound::lower_bound),
              *tp.ep_uncertainty);
    add_check(check_at_least({"trumpet_ep_min_pct", "%", tl.window_min}, tp.ep_min_pct, tl.ep_min_pct,
                             all_windows ? Bound::exact : Bound::upper_bound),
              *tp.ep_uncertainty);
  }
  if (lim.startup_delay_max_min) {
    // Never settling over complete data is a fail: the pump did not reach its rate.
    add_check(check_at_most({"startup_delay_min", "min"}, r.startup_delay_min, *lim.startup_delay_max_min,
                            startup_windows_complete ? Bound::exact : Bound::upper_bound,
                            startup_windows_complete ? Verdict::fail : Verdict::inconclusive, 1e-12),
              *r.startup_delay_uncertainty);
  }

  // Test verdict: any failed check fails the test; otherwise an incomplete analysis period or an
  // inconclusive check makes it inconclusive; a complete period with no checks is measured.
  r.verdict = combine_checks(r.period_complete ? Verdict::pass : Verdict::inconclusive, r.checks);
  return r;
}

}  // namespace pumprig
