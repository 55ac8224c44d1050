#include "rig/kinds/accuracy/accuracy_spec.hpp"

#include <algorithm>
#include <cmath>

#include "rig/config/units.hpp"
#include "rig/config/yaml_reader.hpp"
#include "rig/kinds/accuracy/accuracy_params.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

std::string minutes(double min) { return format_quantity(min * 60.0, Dimension::time, "min"); }

bool is_multiple(double x, double step) {
  const double r = x / step;
  return std::abs(r - std::round(r)) <= 1e-9 * std::max(1.0, r);
}

std::vector<double> minutes_list(const Context& ctx, const Value& v, std::vector<SourcePos>& where) {
  std::vector<double> out;
  for (const auto& item : items(ctx, v)) {
    out.push_back(positive_quantity(ctx, item, Dimension::time) / 60.0);
    where.push_back(item.pos);
  }
  return out;
}

void read_accuracy(const Context& ctx, const Value& v, AccuracySpec& a, SourcePos& period_where) {
  const MapReader m(ctx, v, "accuracy",
                    {"rate", "sample_interval", "analysis_period", "observation_windows", "density", "evaporation",
                     "startup_tolerance", "limits"});
  a.kind = "accuracy";
  a.where = m.where();
  period_where = m.where();
  if (auto f = m.get("rate")) {
    a.rate_ml_h = positive_quantity(ctx, *f, Dimension::flow);
    a.rate_written = true;
    a.rate_where = f->key_pos;
  }
  if (auto f = m.get("sample_interval")) a.sample_interval_s = positive_quantity(ctx, *f, Dimension::time);
  const double s_min = a.sample_interval_s / 60.0;
  const std::string s_text = format_quantity(a.sample_interval_s, Dimension::time);

  if (auto f = m.get("analysis_period")) {
    std::vector<SourcePos> where;
    const auto p = minutes_list(ctx, *f, where);
    if (p.size() != 2) throw ConfigError(f->pos, "'analysis_period' is [start, end], e.g. [60 min, 120 min]");
    if (p[1] <= p[0])
      throw ConfigError(where[1], "analysis period must end after it starts (" + minutes(p[0]) + ")");
    for (int i = 0; i < 2; ++i)
      if (!is_multiple(p[static_cast<std::size_t>(i)], s_min))
        throw ConfigError(where[static_cast<std::size_t>(i)], "analysis period bound " + minutes(p[static_cast<std::size_t>(i)]) +
                                                                  " is not a multiple of the sample interval (" + s_text + ")");
    a.period_start_min = p[0];
    a.period_end_min = p[1];
    period_where = f->pos;
  } else if (!is_multiple(a.period_start_min, s_min) || !is_multiple(a.period_end_min, s_min)) {
    throw ConfigError(m.where(), "the default analysis period (60 to 120 min) is not on the sample interval grid (" +
                                     s_text + "); give 'analysis_period'");
  }
  const double t2 = a.period_end_min - a.period_start_min;
  {
    std::vector<SourcePos> where;
    SourcePos list_pos = m.where();
    if (auto f = m.get("observation_windows")) {
      a.windows_min = minutes_list(ctx, *f, where);
      if (a.windows_min.empty()) throw ConfigError(f->pos, "'observation_windows' needs at least one window");
      list_pos = f->pos;
    }
    for (std::size_t i = 0; i < a.windows_min.size(); ++i) {
      const SourcePos& pos = where.empty() ? list_pos : where[i];
      const double w = a.windows_min[i];
      if (!is_multiple(w, s_min))
        throw ConfigError(pos, "observation window " + minutes(w) + " is not a multiple of the sample interval (" + s_text + ")");
      if (w >= t2)
        throw ConfigError(pos, "observation window " + minutes(w) + " must be shorter than the analysis period (" +
                                   minutes(t2) + ")");
      for (std::size_t j = 0; j < i; ++j)
        if (std::abs(a.windows_min[j] - w) < 1e-9) throw ConfigError(pos, "observation window " + minutes(w) + " given twice");
    }
    std::sort(a.windows_min.begin(), a.windows_min.end());
  }
  if (auto f = m.get("density")) {
    a.density_g_ml = positive_quantity(ctx, *f, Dimension::density);
    if (*a.density_g_ml < 0.5 || *a.density_g_ml > 2.0)
      throw ConfigError(f->pos, "density " + format_quantity(*a.density_g_ml, Dimension::density) +
                                    " is implausible for an infusion fluid (expected 0.5 to 2 g/ml)");
  }
  if (auto f = m.get("evaporation")) {
    a.evaporation_mg_h = quantity(ctx, *f, Dimension::mass_rate);
    if (a.evaporation_mg_h < 0) throw ConfigError(f->pos, "'evaporation' must not be negative");
  }
  if (auto f = m.get("startup_tolerance")) a.startup_tolerance_pct = positive_quantity(ctx, *f, Dimension::percent);
  if (auto f = m.get("limits")) {
    const MapReader l(ctx, *f, "limits", {"source", "mean_error", "trumpet"});
    if (auto g = l.get("source")) a.limit_source = text(ctx, *g);
    if (auto g = l.get("mean_error")) a.mean_error_limit_pct = positive_quantity(ctx, *g, Dimension::percent);
    if (auto g = l.get("trumpet")) {
      if (is_empty(*g) || !g->node.IsMap())
        throw ConfigError(g->pos, "'trumpet' maps observation windows to limits, e.g. { 2 min: 10 %, 5 min: 8 % }");
      for (const auto& kv : g->node) {
        const Value key{kv.first, ctx.pos(kv.first), "trumpet window"};
        const Value val{kv.second, kv.second.IsNull() ? key.pos : ctx.pos(kv.second), "trumpet limit"};
        const double w = positive_quantity(ctx, key, Dimension::time) / 60.0;
        const bool known = std::any_of(a.windows_min.begin(), a.windows_min.end(),
                                       [&](double x) { return std::abs(x - w) < 1e-9; });
        if (!known) {
          std::string list;
          for (double x : a.windows_min) list += (list.empty() ? "" : ", ") + minutes(x);
          throw ConfigError(key.pos, "trumpet limit for a " + minutes(w) + " window, but the observation windows are " + list);
        }
        for (const auto& [pw, _] : a.trumpet_limits_pct)
          if (std::abs(pw - w) < 1e-9) throw ConfigError(key.pos, "trumpet limit for " + minutes(w) + " given twice");
        a.trumpet_limits_pct.emplace_back(w, positive_quantity(ctx, val, Dimension::percent));
      }
      std::sort(a.trumpet_limits_pct.begin(), a.trumpet_limits_pct.end());
    }
  }
}



void finish_accuracy(const Scenario& sc, AccuracySpec& a, const SourcePos& period_where) {
  const bool has_start = std::any_of(sc.steps.begin(), sc.steps.end(), [](const Step& s) { return s.kind == StepKind::start_pump; });
  if (!has_start) throw ConfigError(a.where, "an accuracy analysis needs a start_pump step (analysis times count from it)");
  const double run_min = sc.infusion_duration_s() / 60.0;
  if (a.period_end_min > run_min + 1e-9)
    throw ConfigError(period_where, "analysis period ends at " + minutes(a.period_end_min) + " but the pump runs for only " +
                                        minutes(run_min) + " (record and wait steps after start_pump)");
  if (!a.rate_ml_h) {
    std::vector<double> rates;
    for (const auto& st : sc.steps)
      if (st.kind == StepKind::set_pump && std::find(rates.begin(), rates.end(), *st.rate_ml_h) == rates.end())
        rates.push_back(*st.rate_ml_h);
    if (rates.size() > 1) {
      std::vector<std::string> texts;
      for (double r : rates) texts.push_back(format_quantity(r, Dimension::flow));
      throw ConfigError(a.where, "the scenario sets several rates (" + quoted_list(texts, "and") +
                                     "): say which one the accuracy analysis uses with 'rate'");
    }
    a.rate_ml_h = rates.at(0);  // check_steps guarantees a set_pump before start_pump
  }
  // The analysis's own rules (integer nanoseconds, the grid cap), so that a scenario that loads
  // can be analysed after its run: the checks above are for the clearer message at the key.
  AccuracyRunContext run;
  run.test_duration_min = run_min;
  const auto problems = check_params(accuracy_params(a, run));
  if (!problems.empty()) {
    std::string all;
    for (std::size_t i = 0; i < problems.size(); ++i)
      if (std::find(problems.begin(), problems.begin() + static_cast<std::ptrdiff_t>(i), problems[i]) ==
          problems.begin() + static_cast<std::ptrdiff_t>(i))
        all += (all.empty() ? "" : "; ") + problems[i];
    throw ConfigError(a.where, "the accuracy analysis cannot run with these parameters: " + all);
  }
}

}  // namespace

std::shared_ptr<const AnalysisSpec> read_accuracy_block(const Context& ctx, const Value& block, const Scenario& scenario) {
  auto spec = std::make_shared<AccuracySpec>();
  SourcePos period_where;
  read_accuracy(ctx, block, *spec, period_where);
  finish_accuracy(scenario, *spec, period_where);
  return spec;
}

}  // namespace pumprig
