#include "rig/analysis/free_flow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include "rig/analysis/series.hpp"

namespace pumprig {

namespace {

std::string fmt_num(double v) { return fmt::format("{:g}", v); }

double mass_of(const MassReading& m) { return m.mass_g; }

void require_usable(const std::vector<MassReading>& readings) {
  if (const auto bad = first_unusable_reading(readings, mass_of))
    throw std::invalid_argument(fmt::format("mass reading {} is not finite or goes back in time", *bad));
}

bool finite_or_empty(const std::optional<double>& v) { return !v || std::isfinite(*v); }

}  // namespace

PeakFlow peak_flow(const std::vector<MassReading>& readings, double from_s, double to_s, double window_s,
                   double density_g_ml, double gap_limit_s) {
  PeakFlow out;
  out.window_s = window_s;
  if (!(to_s > from_s) || readings.empty()) {
    out.all_windows = false;
    return out;
  }
  if (to_s - from_s < window_s) out.window_s = to_s - from_s;
  const double w = out.window_s;
  const double last_start = to_s - w;

  // Window starts where the piecewise-linear difference can turn: the span's edges, every
  // reading, and every reading minus w.
  std::vector<double> starts{from_s, last_start};
  for (const auto& m : readings) {
    if (m.t_s >= from_s && m.t_s <= last_start) starts.push_back(m.t_s);
    if (m.t_s - w >= from_s && m.t_s - w <= last_start) starts.push_back(m.t_s - w);
  }
  for (double t : starts) {
    const auto a = value_at(readings, t, gap_limit_s, mass_of);
    const auto b = value_at(readings, t + w, gap_limit_s, mass_of);
    if (!a || !b) {
      out.all_windows = false;
      continue;
    }
    const double q = 3600.0 * (*b - *a) / (w * density_g_ml);
    out.flow_ml_h = out.flow_ml_h ? std::max(*out.flow_ml_h, q) : q;
  }
  // A hole between two evaluated starts hides windows that were never looked at.
  if (longest_hole_s(readings, from_s, to_s) > gap_limit_s) out.all_windows = false;
  return out;
}

FreeFlowResult analyze_free_flow(const FreeFlowParams& p, const FreeFlowMarkers& mk,
                                 const std::vector<MassReading>& readings) {
  if (!(std::isfinite(p.density_g_ml) && p.density_g_ml > 0))
    throw std::invalid_argument("the density (g/ml) must be a positive number");
  if (!(std::isfinite(p.flow_window_s) && p.flow_window_s > 0))
    throw std::invalid_argument("the peak flow window (s) must be a positive number");
  if (p.gap_limit_s && !(std::isfinite(*p.gap_limit_s) && *p.gap_limit_s > 0))
    throw std::invalid_argument("the gap limit (s) must be a positive number");
  if (!finite_or_empty(mk.t_door_open_s) || !finite_or_empty(mk.t_door_close_s))
    throw std::invalid_argument("the door markers must be finite times");
  require_usable(readings);

  FreeFlowResult r;
  r.head_height_cm = p.head_height_cm;
  r.density_g_ml = p.density_g_ml;
  r.flow_window_s = p.flow_window_s;
  r.t_door_open_s = mk.t_door_open_s;
  r.t_door_close_s = mk.t_door_close_s;

  if (p.gap_limit_s) {
    r.gap_limit_s = *p.gap_limit_s;
  } else if (const auto median = median_interval_of(readings)) {
    r.gap_limit_s = 3.0 * *median;
  } else {
    r.notes.push_back("too few distinct readings to tell the polling period: no interpolation between readings");
  }

  if (!mk.t_door_open_s) {
    r.notes.push_back("no door-open marker: nothing to measure");
  }
  const bool closed = mk.t_door_close_s.has_value();
  if (mk.t_door_open_s) {
    const double t_open = *mk.t_door_open_s;
    if (closed) {
      r.t_end_s = mk.t_door_close_s;
    } else if (!readings.empty() && readings.back().t_s > t_open) {
      r.t_end_s = readings.back().t_s;
      r.notes.push_back(fmt::format("no door-close marker: observed to the last reading at {} s; volume and peak flow "
                                    "are lower bounds",
                                    fmt_num(*r.t_end_s)));
    } else {
      r.notes.push_back("no door-close marker and no readings after the door opened");
    }
    if (r.t_end_s && *r.t_end_s < t_open) {
      r.notes.push_back(fmt::format("the door closed ({} s) before it opened ({} s): markers out of order",
                                    fmt_num(*r.t_end_s), fmt_num(t_open)));
      r.t_end_s.reset();
    }
  }

  if (r.t_end_s) {
    const double t_open = *mk.t_door_open_s;
    const double t_end = *r.t_end_s;
    r.duration_s = t_end - t_open;
    r.readings = static_cast<std::size_t>(std::count_if(readings.begin(), readings.end(), [&](const MassReading& m) {
      return m.t_s >= t_open && m.t_s <= t_end;
    }));
    r.data_complete = !readings.empty() && longest_hole_s(readings, t_open, t_end) <= r.gap_limit_s;
    if (!r.data_complete) r.notes.push_back("the balance readings have a hole between door open and door close");

    // Masses at both ends are interpolated: fluid may still be running at the door close, and a
    // reading a polling period early would miss it.
    const auto m_open = value_at(readings, t_open, r.gap_limit_s, mass_of);
    const auto m_end = value_at(readings, t_end, r.gap_limit_s, mass_of);
    if (!m_open) r.notes.push_back(fmt::format("no balance readings around the door open at {} s", fmt_num(t_open)));
    if (!m_end) r.notes.push_back(fmt::format("no balance readings around the door close at {} s", fmt_num(t_end)));
    if (m_open && m_end) r.volume_ml = (*m_end - *m_open) / p.density_g_ml;

    const PeakFlow pf = peak_flow(readings, t_open, t_end, p.flow_window_s, p.density_g_ml, r.gap_limit_s);
    r.peak_flow_ml_h = pf.flow_ml_h;
    if (pf.window_s < p.flow_window_s && t_end > t_open)
      r.notes.push_back(fmt::format("the observation ({} s) is shorter than the flow window: peak flow over the whole of it",
                                    fmt_num(t_end - t_open)));
    const bool peak_exact = closed && pf.all_windows;

    const MeasurementConditions cond = with_readability_of(p.conditions, readings);
    if (r.volume_ml) r.volume_uncertainty = volume_uncertainty(cond, *r.volume_ml, t_end - t_open, p.density_g_ml);
    if (r.peak_flow_ml_h) r.peak_flow_uncertainty = flow_uncertainty(cond, *r.peak_flow_ml_h, pf.window_s, p.density_g_ml);

    const auto& lim = p.limits;
    const auto add_check = [&](Check c, const std::optional<Uncertainty>& u) {
      r.checks.push_back(judged(std::move(c), p.limit_source, p.decision_rule, expanded_of(u)));
    };
    if (lim.volume_ml)
      add_check(check_at_most({"volume_ml", "ml"}, r.volume_ml, *lim.volume_ml, closed ? Bound::exact : Bound::lower_bound),
                r.volume_uncertainty);
    if (lim.peak_flow_ml_h)
      add_check(check_at_most({"peak_flow_ml_h", "ml/h"}, r.peak_flow_ml_h, *lim.peak_flow_ml_h,
                              peak_exact ? Bound::exact : Bound::lower_bound),
                r.peak_flow_uncertainty);
    const bool settled = closed && r.volume_ml && r.peak_flow_ml_h && peak_exact;
    r.verdict = combine_checks(settled ? Verdict::pass : Verdict::inconclusive, r.checks);
  } else {
    const auto& lim = p.limits;
    const auto unjudged = [&](Check c) { r.checks.push_back(judged(std::move(c), p.limit_source, p.decision_rule, std::nullopt)); };
    if (lim.volume_ml) unjudged(check_at_most({"volume_ml", "ml"}, std::nullopt, *lim.volume_ml));
    if (lim.peak_flow_ml_h) unjudged(check_at_most({"peak_flow_ml_h", "ml/h"}, std::nullopt, *lim.peak_flow_ml_h));
    r.verdict = combine_checks(Verdict::inconclusive, r.checks);
  }
  return r;
}

}  // namespace pumprig
