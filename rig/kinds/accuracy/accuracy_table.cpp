#include "rig/kinds/accuracy/accuracy_table.hpp"
#include "rig/core/fixed_text.hpp"
#include "rig/core/safe_text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace pumprig {

namespace {

std::string pct(const std::optional<double>& v, int precision = 3) {
  return v ? fmt::format("{:+.{}f}", *v, precision) : std::string("-");
}

std::string num(const std::optional<double>& v, int precision = 4) {
  return v ? fmt::format("{:.{}f}", *v, precision) : std::string("-");
}

}  // namespace

void print_accuracy_table(std::ostream& out, const AccuracyResult& r, const std::string& heading,
                          const std::string& density_source, const std::vector<std::string>& reader_notes) {
  std::string text;
  auto line = [&](std::string_view label, const std::string& value) {
    text += fmt::format("  {:<20}{}\n", label, value);
  };
  text += heading + "\n";
  line("method", r.method);
  line("set rate", fmt::format("{:g} ml/h", r.rate_ml_h));
  line("sample interval S", fmt::format("{:g} s", r.sample_interval_s));
  line("density", density_source.empty() ? fmt::format("{:.5f} g/ml", r.density_g_ml)
                                         : fmt::format("{:.5f} g/ml ({})", r.density_g_ml, density_source));
  line("analysis period", fmt::format("{:g}-{:g} min (intervals {}-{}), test {:g} min", r.period_start_min,
                                      r.period_end_min, r.period_first_interval, r.period_last_interval,
                                      r.test_duration_min));
  line("readings", fmt::format("{} in the test, dynamic {}", r.readings,
                               r.dynamic_readings ? std::to_string(*r.dynamic_readings) : std::string("unknown")));
  std::string gaps = r.gaps.empty() ? std::string("none") : std::to_string(r.gaps.size());
  for (const auto& [a, b] : r.missing_intervals) gaps += a == b ? fmt::format("; interval {} missing", a)
                                                               : fmt::format("; intervals {}-{} missing", a, b);
  line("gaps", gaps);
  line("mean flow", r.mean_flow_ml_h ? fmt::format("{:.4f} ml/h", *r.mean_flow_ml_h) : std::string("-"));
  line("mean error A", r.mean_error_pct ? fmt::format("{} %{}", signed_fixed_text(*r.mean_error_pct, 3),
                                                      r.mean_error_uncertainty
                                                          ? fmt::format(" +- {:.3f} % (U, k = 2)", r.mean_error_uncertainty->expanded)
                                                          : std::string())
                                        : std::string("-"));
  line("start-up delay", r.startup_delay_min ? fmt::format("{}{:g} min (2 min means within ±{:g} %)",
                                                           r.startup_delay_upper_bound ? "at most " : "",
                                                           *r.startup_delay_min, r.startup_tolerance_pct)
                                             : fmt::format("not reached (±{:g} %)", r.startup_tolerance_pct));
  text += "\n";
  text += fmt::format("  {:>9}  {:>11}  {:>11}  {:>9}  {:>9}\n", "P (min)", "Ep(max) %", "Ep(min) %", "windows", "U %");
  for (const auto& t : r.trumpet) {
    const std::string count = t.windows == t.windows_expected ? std::to_string(t.windows)
                                                              : fmt::format("{}/{}", t.windows, t.windows_expected);
    text += fmt::format("  {:>9g}  {:>11}  {:>11}  {:>9}  {:>9}\n", t.window_min, pct(t.ep_max_pct), pct(t.ep_min_pct), count,
                        t.ep_uncertainty ? fmt::format("{:.3f}", t.ep_uncertainty->expanded) : std::string("-"));
  }
  if (!r.hourly.empty()) {
    text += "\n";
    text += fmt::format("  {:>13}  {:>11}  {:>9}\n", "hour (min)", "flow ml/h", "error %");
    for (const auto& h : r.hourly)
      text += fmt::format("  {:>13}  {:>11}  {:>9}\n", fmt::format("{:g}-{:g}", h.from_min, h.to_min),
                          num(h.mean_flow_ml_h), pct(h.error_pct, 2));
  }
  if (!r.checks.empty()) {
    text += "\n";
    std::size_t width = 5;
    for (const auto& c : r.checks) width = std::max(width, c.name.size());
    text += fmt::format("  {:<{}}  {:>10}  {:>8}  {:>12}  {}\n", "check", width, "value", "U", "limit", "verdict");
    for (const auto& c : r.checks)
      text += fmt::format("  {:<{}}  {:>10}  {:>8}  {:>12}  {}{}\n", c.name, width, pct(c.value),
                          c.uncertainty ? fmt::format("{:.3f}", *c.uncertainty) : std::string("-"),
                          fmt::format("{} {:g}", to_string(c.comparison), c.limit), to_string(c.verdict),
                          c.within_uncertainty ? " (within U of the limit)" : "");
    text += fmt::format("  limits: {}; decision rule: {}\n",
                        r.checks.front().limit_source.empty() ? std::string("source not stated") : r.checks.front().limit_source,
                        r.checks.front().decision_rule == DecisionRule::guarded ? "guarded acceptance (w = U)" : "simple acceptance");
  }
  if (!reader_notes.empty() || !r.notes.empty()) text += "\n";
  for (const auto& n : reader_notes) text += fmt::format("  note: {}\n", n);
  for (const auto& n : r.notes) text += fmt::format("  note: {}\n", n);
  text += fmt::format("\n  verdict: {}\n", ascii_upper(to_string(r.verdict)));
  out << text;
}

}  // namespace pumprig
