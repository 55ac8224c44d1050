#include "rig/analysis/occlusion.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/analysis/series.hpp"
#include "rig/analysis/free_flow.hpp"

namespace pumprig {

namespace {

std::string fmt_num(double v) { return fmt::format("{:g}", v); }

double mass_of(const MassReading& m) { return m.mass_g; }
double pressure_of(const PressureSample& p) { return p.pressure_mmhg; }

bool finite_or_empty(const std::optional<double>& v) { return !v || std::isfinite(*v); }

void require_usable(const OcclusionParams& p, const OcclusionMarkers& mk, const std::vector<PressureSample>& pressure,
                    const std::vector<MassReading>& mass) {
  auto positive = [](double v, const char* what) {
    if (!(std::isfinite(v) && v > 0)) throw std::invalid_argument(fmt::format("{} must be a positive number", what));
  };
  positive(p.density_g_ml, "the density (g/ml)");
  positive(p.flow_window_s, "the peak flow window (s)");
  if (!(std::isfinite(p.bolus_end_window_s) && p.bolus_end_window_s >= 0))
    throw std::invalid_argument("the bolus end window (s) must be a non-negative number");
  if (p.pressure_gap_limit_s) positive(*p.pressure_gap_limit_s, "the pressure gap limit (s)");
  if (p.mass_gap_limit_s) positive(*p.mass_gap_limit_s, "the mass gap limit (s)");
  if (!finite_or_empty(mk.t_occlude_s) || !finite_or_empty(mk.t_alarm_s) || !finite_or_empty(mk.t_release_s) ||
      !finite_or_empty(mk.t_collect_end_s))
    throw std::invalid_argument("the occlusion markers must be finite times");
  if (const auto bad = first_unusable_reading(pressure, pressure_of))
    throw std::invalid_argument(fmt::format("pressure reading {} is not finite or goes back in time", *bad));
  if (const auto bad = first_unusable_reading(mass, mass_of))
    throw std::invalid_argument(fmt::format("mass reading {} is not finite or goes back in time", *bad));
}

template <class R>
double gap_limit_of(const std::optional<double>& given, const std::vector<R>& rs, const char* what,
                    std::vector<std::string>& notes) {
  if (given) return *given;
  if (const auto median = median_interval_of(rs)) return 3.0 * *median;
  if (!rs.empty())
    notes.push_back(fmt::format("too few distinct {} readings to tell the polling period: no interpolation", what));
  return 0;
}

// Last reading at or before t_s, if it is no older than max_age_s.
std::optional<double> last_mass_at_or_before(const std::vector<MassReading>& mass, double t_s, double max_age_s) {
  const auto after = first_after(mass, t_s);
  if (after == mass.begin()) return std::nullopt;
  const auto& m = *(after - 1);
  if (t_s - m.t_s > max_age_s) return std::nullopt;
  return m.mass_g;
}

}  // namespace

OcclusionResult analyze_occlusion(const OcclusionParams& p, const OcclusionMarkers& mk,
                                  const std::vector<PressureSample>& pressure, const std::vector<MassReading>& mass) {
  require_usable(p, mk, pressure, mass);

  OcclusionResult r;
  r.rate_ml_h = p.rate_ml_h;
  r.threshold = p.threshold;
  r.density_g_ml = p.density_g_ml;
  r.markers = mk;
  r.pressure_readings = pressure.size();
  r.mass_readings = mass.size();
  r.bolus_end_window_s = p.bolus_end_window_s;
  r.flow_window_s = p.flow_window_s;
  r.pressure_gap_limit_s = gap_limit_of(p.pressure_gap_limit_s, pressure, "pressure", r.notes);
  r.mass_gap_limit_s = gap_limit_of(p.mass_gap_limit_s, mass, "mass", r.notes);
  const double pgap = r.pressure_gap_limit_s;
  const double mgap = r.mass_gap_limit_s;

  // Time to alarm. The wait for the alarm ends when the run moves on and releases the occlusion.
  // No alarm by then is the pump's failure, but only when the pressure record (polled from the
  // rig I/O board together with its alarm-sense input) covers the whole wait: a hole in the
  // record may hide a lost alarm.
  if (!mk.t_occlude_s) {
    r.notes.push_back("no occlusion marker: time to alarm, peak pressure unknown");
  } else if (mk.t_alarm_s) {
    const double dt = *mk.t_alarm_s - *mk.t_occlude_s;
    if (dt < 0) {
      r.notes.push_back(fmt::format("the alarm ({} s) came before the occlusion ({} s): it was not the occlusion alarm",
                                    fmt_num(*mk.t_alarm_s), fmt_num(*mk.t_occlude_s)));
    } else {
      r.time_to_alarm_s = dt;
      if (mk.t_release_s && *mk.t_alarm_s > *mk.t_release_s)
        r.notes.push_back("the alarm was recorded after the occlusion was released");
    }
  } else if (mk.t_release_s && *mk.t_release_s >= *mk.t_occlude_s && !pressure.empty() &&
             longest_hole_s(pressure, *mk.t_occlude_s, *mk.t_release_s) <= pgap) {
    r.never_alarmed = true;
    r.notes.push_back(fmt::format("the pump did not alarm within {} s of occlusion (released at {} s)",
                                  fmt_num(*mk.t_release_s - *mk.t_occlude_s), fmt_num(*mk.t_release_s)));
  } else {
    r.notes.push_back(mk.t_release_s ? "no alarm recorded, but the pressure record does not cover the wait: inconclusive"
                                     : "no alarm and no release recorded: the run ended during the wait");
  }

  // Pressures.
  if (mk.t_alarm_s) {
    r.alarm_pressure_mmhg = value_at(pressure, *mk.t_alarm_s, pgap, pressure_of);
    if (!r.alarm_pressure_mmhg) r.notes.push_back("no pressure readings around the alarm: alarm pressure unknown");
  }
  if (mk.t_release_s) r.pressure_at_release_mmhg = value_at(pressure, *mk.t_release_s, pgap, pressure_of);
  if (mk.t_occlude_s) {
    // Up to the collection end; if the run stopped earlier, as far as it got (a lower bound).
    std::optional<double> span_end = mk.t_collect_end_s ? mk.t_collect_end_s : mk.t_release_s;
    if (!span_end && !pressure.empty()) span_end = pressure.back().t_s;
    if (span_end) {
      for (const auto& q : pressure) {
        if (q.t_s < *mk.t_occlude_s || q.t_s > *span_end) continue;
        r.peak_pressure_mmhg = r.peak_pressure_mmhg ? std::max(*r.peak_pressure_mmhg, q.pressure_mmhg) : q.pressure_mmhg;
      }
      r.peak_pressure_complete = mk.t_collect_end_s && !pressure.empty() &&
                                 longest_hole_s(pressure, *mk.t_occlude_s, *span_end) <= pgap;
      if (!r.peak_pressure_complete && r.peak_pressure_mmhg)
        r.notes.push_back("the pressure record does not cover occlusion to collection end: the peak pressure is a lower bound");
    }
  }

  // Bolus: the mass just before the release (the vessel saw no flow while the line was
  // occluded, so the last reading stands for it) and the mean over the last bolus_end_window_s
  // up to the collection end (the runner ends the collection once the balance is stable; the
  // mean takes out its noise).
  std::size_t n = 0;  // readings averaged at the collection end
  if (mk.t_release_s && mk.t_collect_end_s) {
    const double t_rel = *mk.t_release_s;
    const double t_end = *mk.t_collect_end_s;
    if (t_end < t_rel) {
      r.notes.push_back("the collection ended before the release: markers out of order, no bolus");
    } else {
      r.collection_s = t_end - t_rel;
      r.mass_at_release_g = last_mass_at_or_before(mass, t_rel, mgap);
      if (!r.mass_at_release_g) r.notes.push_back("no balance reading just before the release: bolus unknown");

      double sum = 0;
      std::size_t unstable = 0;
      for (const auto& m : mass) {
        // Never reaching back to the release: a short collection averages only its own readings.
        if (m.t_s < t_end - p.bolus_end_window_s || m.t_s <= t_rel || m.t_s > t_end) continue;
        sum += m.mass_g;
        ++n;
        if (m.stable && !*m.stable) ++unstable;
      }
      if (n > 0) r.mass_at_collect_end_g = sum / static_cast<double>(n);
      else r.mass_at_collect_end_g = last_mass_at_or_before(mass, t_end, mgap);
      if (!r.mass_at_collect_end_g) r.notes.push_back("no balance reading at the collection end: bolus unknown");
      if (unstable > 0)
        r.notes.push_back(fmt::format("{} of the readings at the collection end were flagged unstable", unstable));

      if (r.mass_at_release_g && r.mass_at_collect_end_g)
        r.bolus_ml = (*r.mass_at_collect_end_g - *r.mass_at_release_g) / p.density_g_ml;
      if (t_end > t_rel)
        r.peak_bolus_flow_ml_h = peak_flow(mass, t_rel, t_end, p.flow_window_s, p.density_g_ml, mgap).flow_ml_h;
    }
  } else {
    r.notes.push_back("no release or collection-end marker: bolus unknown");
  }

  // Uncertainty budgets. The alarm's time is known to within its polling, which also blurs the
  // pressure read at it by the curve's slope there.
  const MeasurementConditions cond = with_readability_of(p.conditions, mass);
  if (r.time_to_alarm_s) r.time_to_alarm_uncertainty = time_to_event_uncertainty(cond, *r.time_to_alarm_s);
  if (r.alarm_pressure_mmhg)
    r.alarm_pressure_uncertainty = pressure_uncertainty(cond, slope_at(pressure, *mk.t_alarm_s, pgap, pressure_of),
                                                        alarm_time_uncertainty_s(cond));
  if (r.peak_pressure_mmhg) r.peak_pressure_uncertainty = pressure_uncertainty(cond);
  if (r.pressure_at_release_mmhg) r.pressure_at_release_uncertainty = pressure_uncertainty(cond);
  if (r.bolus_ml)
    r.bolus_uncertainty = volume_uncertainty(cond, *r.bolus_ml, r.collection_s.value_or(0.0), p.density_g_ml,
                                             static_cast<int>(std::max<std::size_t>(n, 1)));
  if (r.peak_bolus_flow_ml_h)
    r.peak_bolus_flow_uncertainty = flow_uncertainty(cond, *r.peak_bolus_flow_ml_h,
                                                     std::min(p.flow_window_s, r.collection_s.value_or(p.flow_window_s)), p.density_g_ml);

  // Checks. Never alarming is a fail of the time to alarm whatever its limit.
  const auto& lim = p.limits;
  const auto add_check = [&](Check c, const std::optional<Uncertainty>& u) {
    r.checks.push_back(judged(std::move(c), p.limit_source, p.decision_rule, expanded_of(u)));
  };
  if (lim.time_to_alarm_s)
    add_check(check_at_most({"time_to_alarm_s", "s"}, r.time_to_alarm_s, *lim.time_to_alarm_s, Bound::exact,
                            r.never_alarmed ? Verdict::fail : Verdict::inconclusive),
              r.time_to_alarm_uncertainty);
  if (lim.alarm_pressure_mmhg)
    add_check(check_at_most({"alarm_pressure_mmhg", "mmHg"}, r.alarm_pressure_mmhg, *lim.alarm_pressure_mmhg),
              r.alarm_pressure_uncertainty);
  if (lim.peak_pressure_mmhg)
    add_check(check_at_most({"peak_pressure_mmhg", "mmHg"}, r.peak_pressure_mmhg, *lim.peak_pressure_mmhg,
                            r.peak_pressure_complete ? Bound::exact : Bound::lower_bound),
              r.peak_pressure_uncertainty);
  if (lim.bolus_ml) add_check(check_at_most({"bolus_ml", "ml"}, r.bolus_ml, *lim.bolus_ml), r.bolus_uncertainty);

  // The test: an occlusion that never raised an alarm fails even without a limit (the alarm is
  // the point of the test); without a time to alarm or a bolus the test is inconclusive.
  Verdict base = Verdict::pass;
  if (r.never_alarmed) base = Verdict::fail;
  else if (!r.time_to_alarm_s || !r.bolus_ml) base = Verdict::inconclusive;
  r.verdict = combine_checks(base, r.checks);
  return r;
}

}  // namespace pumprig
