#include "rig/config/scenario_lint.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "rig/config/units.hpp"

namespace pumprig {

namespace {

std::string flow(double v) { return format_quantity(v, Dimension::flow, "ml/h"); }
std::string minutes(double min) { return format_quantity(min * 60.0, Dimension::time, "min"); }
std::string duration(double s) {
  if (s >= 3600 && std::fmod(s, 3600) == 0) return format_quantity(s, Dimension::time, "h");
  if (s >= 60 && std::fmod(s, 60) == 0) return format_quantity(s, Dimension::time, "min");
  return format_quantity(s, Dimension::time, "s");
}

bool same_rate(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

// The pump running at one set_pump's rate, in seconds after the first start_pump, counted over
// record and wait steps as the accuracy analysis counts them (Scenario::infusion_duration_s).
struct RunningSpan {
  double from_s, to_s;
  const Step* set_by;
};

std::vector<RunningSpan> running_spans(const Scenario& sc) {
  std::vector<RunningSpan> out;
  const Step* rate = nullptr;
  bool started = false, running = false;
  double t = 0;
  for (const Step& s : sc.steps) {
    if (s.kind == StepKind::set_pump) rate = &s;
    else if (s.kind == StepKind::start_pump) running = started = true;
    else if (s.kind == StepKind::stop_pump) running = false;
    else if (started && (s.kind == StepKind::record || s.kind == StepKind::wait)) {
      if (running && rate) out.push_back(RunningSpan{t, t + s.duration_s, rate});
      t += s.duration_s;
    }
  }
  return out;
}

std::string off_by(double stated, double actual) {
  return fmt::format("{:+.1f} %", (actual - stated) / stated * 100.0);
}

void lint_rate_during_period(const AnalysisSpec& spec, const AnalysisAssumptions& a, const Scenario& sc,
                        std::vector<LintFinding>& out) {
  const double from = a.period_start_min * 60.0, to = a.period_end_min * 60.0;
  for (const RunningSpan& span : running_spans(sc)) {
    if (span.to_s <= from || span.from_s >= to) continue;
    const double actual = *span.set_by->rate_ml_h;
    if (same_rate(actual, *a.rate_ml_h)) continue;
    out.push_back(LintFinding{
        a.rate_where,
        "the " + spec.kind + " analysis is judged against " + flow(*a.rate_ml_h) + ", but set_pump (line " +
            std::to_string(span.set_by->where.line) + ") runs the pump at " + flow(actual) + " during its analysis period (" +
            minutes(a.period_start_min) + " to " + minutes(a.period_end_min) + "): every result would be off by about " +
            off_by(*a.rate_ml_h, actual) + "; give both the same rate (e.g. \"${rate}\")"});
    return;  // one finding per analysis: the first contradiction says what to fix
  }
}

void lint_occlusion(const AnalysisSpec& spec, const AnalysisAssumptions& a, const Scenario& sc, std::vector<LintFinding>& out) {
  const auto occlude = std::find_if(sc.steps.begin(), sc.steps.end(), [](const Step& s) { return s.kind == StepKind::occlude; });
  if (occlude == sc.steps.end()) return;  // the kind refuses that when the scenario loads
  if (a.rate_ml_h) {
    const Step* rate = nullptr;
    for (auto it = sc.steps.begin(); it != occlude; ++it)
      if (it->kind == StepKind::set_pump) rate = &*it;
    if (rate && !same_rate(*rate->rate_ml_h, *a.rate_ml_h))
      out.push_back(LintFinding{a.rate_where, "the " + spec.kind + " analysis is judged against " + flow(*a.rate_ml_h) +
                                                  ", but set_pump (line " + std::to_string(rate->where.line) +
                                                  ") runs the pump at " + flow(*rate->rate_ml_h) +
                                                  " when the line is occluded (line " + std::to_string(occlude->where.line) +
                                                  "); give both the same rate (e.g. \"${rate}\")"});
  }
  if (a.time_to_alarm_limit_s) {
    const auto wait = std::find_if(occlude, sc.steps.end(), [](const Step& s) {
      return s.kind == StepKind::wait_until && s.condition &&
             (s.condition->kind == WaitKind::pump_alarm || s.condition->kind == WaitKind::alarm_sense);
    });
    if (wait != sc.steps.end() && wait->timeout_s < *a.time_to_alarm_limit_s)
      out.push_back(LintFinding{
          a.time_to_alarm_where,
          "the time_to_alarm limit " + duration(*a.time_to_alarm_limit_s) + " is longer than the wait for the alarm (wait_until at line " +
              std::to_string(wait->where.line) + " times out after " + duration(wait->timeout_s) +
              "): a pump alarming in between would time out instead of passing; make the timeout at least the limit"});
  }
}

}  // namespace

std::vector<LintFinding> lint_scenario(const Scenario& scenario) {
  std::vector<LintFinding> out;
  for (const auto& spec : scenario.analyses) {
    const AnalysisAssumptions a = spec->assumptions();
    if (a.rate_at == AnalysisAssumptions::RateAt::analysis_period) {
      if (a.rate_ml_h) lint_rate_during_period(*spec, a, scenario, out);
    } else {
      lint_occlusion(*spec, a, scenario, out);
    }
  }
  return out;
}

void check_scenario_lint(const Scenario& scenario) {
  const auto findings = lint_scenario(scenario);
  if (findings.empty()) return;
  std::string more;
  if (findings.size() > 1)
    more = fmt::format(" (and {} more: `pumprig check {}` lists them)", findings.size() - 1, scenario.source);
  throw ConfigError(findings.front().where, findings.front().message + more);
}

}  // namespace pumprig
