#include <cmath>
#include "rig/core/fixed_text.hpp"
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "reports/test_section.hpp"
#include "reports/uncertainty_blocks.hpp"

namespace pumprig::reports {

namespace {

Plot startup_plot(const json& t) {
  Plot p;
  p.title = "Start-up graph: flow Q_i over the test";
  p.x_label = "time (min)";
  p.y_label = "flow (ml/h)";
  p.y_include_zero = true;
  std::vector<Point> q;
  const json& su = field(t, "startup");
  if (su.is_array())
    for (const auto& s : su) {
      const auto tm = number(s, "t_min");
      if (!tm) continue;
      const auto f = number(s, "flow_ml_h");
      q.push_back({*tm, f ? *f : kNaN});
    }
  const double t_end = q.empty() ? number(t, "test_duration_min").value_or(1) : q.back().x;
  if (const json& period = field(t, "analysis_period_min"); period.is_array() && period.size() == 2 && period[0].is_number()) {
    const double a = period[0].get<double>(), b = period[1].get<double>();
    p.areas.push_back(Area{"analysis period", {{a, -1e9}, {b, -1e9}, {b, 1e9}, {a, 1e9}}, {0.2, 0.4, 0.9, 0.07}});
  }
  p.series.push_back(line("Q_i", std::move(q), kBlue));
  if (auto r = number(t, "rate_ml_h")) p.series.push_back(line("set rate", {{0, *r}, {t_end, *r}}, kRed, true));
  p.x_min = 0;
  p.x_max = t_end;
  return p;
}

// A trumpet check's window from its name, for records written before checks had `window_min`.
double window_of_check(const std::string& name, const char* suffix) {
  // trumpet_<P>min_ep_max_pct
  const std::string prefix = "trumpet_";
  if (name.rfind(prefix, 0) != 0 || name.find(suffix) == std::string::npos) return kNaN;
  return std::strtod(name.c_str() + prefix.size(), nullptr);
}

struct TrumpetLimitChecks {
  const Check* ep_max = nullptr;
  const Check* ep_min = nullptr;
};

// The trumpet checks of a test by observation window. The window and quantity are fields of the
// check; records from before they were had only the name ("trumpet_2min_ep_max_pct"), which is
// read as a fallback. The plot and the table read the limits from here, so they always agree.
std::map<double, TrumpetLimitChecks> trumpet_limit_checks(const TestResult& test) {
  std::map<double, TrumpetLimitChecks> out;
  for (const auto& c : test.checks) {
    const std::string& quantity = c.measurand.quantity;
    const auto& window = c.measurand.window_min;
    auto window_for = [&](const char* typed, const char* suffix) {
      if (!quantity.empty()) return quantity == typed && window ? *window : kNaN;
      return window_of_check(c.name, suffix);
    };
    if (double P = window_for("trumpet_ep_max_pct", "_ep_max_pct"); !std::isnan(P)) out[P].ep_max = &c;
    if (double P = window_for("trumpet_ep_min_pct", "_ep_min_pct"); !std::isnan(P)) out[P].ep_min = &c;
  }
  return out;
}

Plot trumpet_plot(const TestResult& test) {
  const json& t = test.fields;
  Plot p;
  p.title = "Trumpet curve: Ep(max) and Ep(min) over observation windows";
  p.x_label = "observation window P (min)";
  p.y_label = "error (%)";
  std::vector<Point> ep_max, ep_min;
  const json& tr = field(t, "trumpet");
  if (tr.is_array())
    for (const auto& w : tr) {
      const auto P = number(w, "window_min");
      if (!P) continue;
      ep_max.push_back({*P, number(w, "ep_max_pct").value_or(kNaN)});
      ep_min.push_back({*P, number(w, "ep_min_pct").value_or(kNaN)});
    }
  std::map<double, double> lim_hi, lim_lo;
  for (const auto& [P, c] : trumpet_limit_checks(test)) {
    if (c.ep_max)
      lim_hi[P] = c.ep_max->limit;
    if (c.ep_min)
      lim_lo[P] = c.ep_min->limit;
  }
  double x0 = 0, x1 = 1;
  if (!ep_max.empty()) {
    x0 = ep_max.front().x;
    x1 = ep_max.back().x;
  }
  for (auto* m : {&lim_hi, &lim_lo})
    if (!m->empty()) {
      x0 = std::min(x0, m->begin()->first);
      x1 = std::max(x1, m->rbegin()->first);
    }
  const double pad = std::max((x1 - x0) * 0.04, 0.5);
  p.x_min = x0 - pad;
  p.x_max = x1 + pad;
  auto limit_area = [&](const std::map<double, double>& m, double beyond) {
    Area a{"beyond the limits", {}, kLimitFill};
    std::vector<Point> edge;
    for (const auto& [P, v] : m) edge.push_back({P, v});
    // The limit is a step per window: extend the first and last to the frame.
    a.polygon.push_back({p.x_min, edge.front().y});
    for (const auto& e : edge) a.polygon.push_back(e);
    a.polygon.push_back({p.x_max, edge.back().y});
    a.polygon.push_back({p.x_max, beyond});
    a.polygon.push_back({p.x_min, beyond});
    p.areas.push_back(std::move(a));
    std::vector<Point> pts;
    for (const auto& e : edge) pts.push_back(e);
    return pts;
  };
  if (!lim_hi.empty()) p.series.push_back(line("", limit_area(lim_hi, 1e9), kRed, true));
  if (!lim_lo.empty()) p.series.push_back(line("", limit_area(lim_lo, -1e9), kRed, true));
  p.series.push_back(line("Ep(max)", std::move(ep_max), kBlue, false, true));
  p.series.push_back(line("Ep(min)", std::move(ep_min), kOrange, false, true));
  if (auto a = number(t, "mean_error_pct")) p.series.push_back(line("A = " + signed_fixed_text(*a, 3) + " %", {{p.x_min, *a}, {p.x_max, *a}}, kGreen, true));
  p.series.push_back(line("zero", {{p.x_min, 0}, {p.x_max, 0}}, kGrey));
  p.y_include_zero = true;
  return p;
}

}  // namespace

void write_accuracy_section(SectionContext& report, const TestResult& test) {
  const json& t = test.fields;
  report.add(Heading{2, "Parameters and method"});
  std::string period = "n/a";
  if (const json& p = field(t, "analysis_period_min"); p.is_array() && p.size() == 2)
    period = fmt::format("({}, {}] min", fmt_value(p[0], 0), fmt_value(p[1], 0));
  std::string windows;
  if (const json& tr = field(t, "trumpet"); tr.is_array())
    for (const auto& w : tr) windows += (windows.empty() ? "" : ", ") + fmt_num(w, "window_min", 0);
  report.add(KeyValues{{
      {"Set rate", Cell{fmt_num(t, "rate_ml_h", 3, "ml/h")}},
      {"Sample interval S", Cell{fmt_num(t, "sample_interval_s", 0, "s")}},
      {"Analysis period T1..T2", Cell{period}},
      {"Test duration", Cell{fmt_num(t, "test_duration_min", 1, "min")}},
      {"Observation windows P", Cell{windows.empty() ? "n/a" : windows + " min"}},
      {"Density", Cell{fmt_num(t, "density_g_ml", 4, "g/ml")}},
      {"Water temperature", Cell{fmt_num(t, "water_temperature_c", 2, "°C")}},
      {"Evaporation correction", Cell{fmt_num(t, "evaporation_mg_h", 2, "mg/h")}},
      {"Readings (dynamic)", Cell{fmt_num(t, "readings", 0) + " (" + fmt_num(t, "dynamic_readings", 0) + ")"}},
      {"Polling period / gap limit", Cell{fmt_num(t, "polling_period_s", 2, "s") + " / " + fmt_num(t, "gap_limit_s", 2, "s")}},
      {"Start-up tolerance", Cell{fmt_num(t, "startup_tolerance_pct", 1, "%")}},
  }});
  report.add(Heading{2, "Results"});
  report.add(KeyValues{{
      {"Mean flow Q (analysis period)", Cell{fmt_num(t, "mean_flow_ml_h", 4, "ml/h")}},
      {"Mean error A", Cell{fmt_num(t, "mean_error_pct", 3, "%")}},
      {"Start-up delay", Cell{fmt_num(t, "startup_delay_min", 1, "min") +
                              (field(t, "startup_delay_upper_bound").is_boolean() && field(t, "startup_delay_upper_bound").get<bool>() ? " (upper bound: data missing)" : "")}},
      {"Analysis period complete", Cell{fmt_num(t, "period_complete", 0), field(t, "period_complete") == true ? Tone::normal : Tone::warn}},
  }});
  if (field(t, "startup").is_array()) report.add(PlotBlock{startup_plot(t), 240});
  if (field(t, "trumpet").is_array()) {
    report.add(PlotBlock{trumpet_plot(test), 240});
    const auto limits = trumpet_limit_checks(test);
    report.add(Heading{2, "Window errors (trumpet)"});
    Table tab{{"P (min)", "Ep(max) %", "Ep(min) %", "Windows", "Expected", "Limits"}, {0.7, 0.9, 0.9, 0.7, 0.7, 1.4}, {}, false};
    for (const auto& w : field(t, "trumpet")) {
      const double P = number(w, "window_min").value_or(kNaN);
      const auto it = limits.find(P);
      const TrumpetLimitChecks lim = it == limits.end() ? TrumpetLimitChecks{} : it->second;
      // "-10 % to +10 %" for a band, else each limit in words.
      std::string band = "none";
      if (lim.ep_max && lim.ep_min && lim.ep_max->comparison == CheckComparison::at_most &&
          lim.ep_min->comparison == CheckComparison::at_least)
        band = fmt::format("{:+g} % to {:+g} %", lim.ep_min->limit, lim.ep_max->limit);
      else if (lim.ep_max || lim.ep_min)
        band = lim.ep_max && lim.ep_min ? limit_words(*lim.ep_min) + ", " + limit_words(*lim.ep_max)
                                        : limit_words(lim.ep_max ? *lim.ep_max : *lim.ep_min);
      const bool short_ = field(w, "windows") != field(w, "windows_expected");
      tab.rows.push_back({Cell{fmt_num(w, "window_min", 0)}, Cell{fmt_num(w, "ep_max_pct", 3)}, Cell{fmt_num(w, "ep_min_pct", 3)},
                          Cell{fmt_num(w, "windows", 0), short_ ? Tone::warn : Tone::normal}, Cell{fmt_num(w, "windows_expected", 0)},
                          Cell{band}});
    }
    report.add(std::move(tab));
  }
  if (const json& h = field(t, "hourly"); h.is_array() && !h.empty()) {
    report.add(Heading{2, "Hourly errors"});
    Table tab{{"From (min)", "To (min)", "Mean flow (ml/h)", "Error %"}, {1, 1, 1.2, 1}, {}, false};
    for (const auto& r : h)
      tab.rows.push_back({Cell{fmt_num(r, "from_min", 0)}, Cell{fmt_num(r, "to_min", 0)}, Cell{fmt_num(r, "mean_flow_ml_h", 4)}, Cell{fmt_num(r, "error_pct", 3)}});
    report.add(std::move(tab));
  }
  if (const json& g = field(t, "gaps"); g.is_array() && !g.empty()) {
    report.add(Heading{2, "Gaps in the readings"});
    Table tab{{"Kind", "From (min)", "To (min)", "Missing intervals"}, {1.2, 1, 1, 1.2}, {}, false};
    for (const auto& r : g)
      tab.rows.push_back({Cell{text(r, "kind")}, Cell{fmt_num(r, "from_min", 2)}, Cell{fmt_num(r, "to_min", 2)}, Cell{field(r, "missing_intervals").dump()}});
    report.add(std::move(tab));
  }
  report.mass_trace(test.station, {});
}

}  // namespace pumprig::reports
