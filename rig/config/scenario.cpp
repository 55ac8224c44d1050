#include "rig/config/scenario.hpp"

#include "rig/config/accuracy_params.hpp"

#include <algorithm>
#include <cmath>

#include "rig/config/fixture.hpp"
#include "rig/config/units.hpp"
#include "rig/config/yaml_reader.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

std::string minutes(double min) { return format_quantity(min * 60.0, Dimension::time, "min"); }

bool is_multiple(double x, double step) {
  const double r = x / step;
  return std::abs(r - std::round(r)) <= 1e-9 * std::max(1.0, r);
}

bool takes_no_value(StepKind k) {
  return k == StepKind::tare || k == StepKind::zero || k == StepKind::start_pump || k == StepKind::stop_pump ||
         k == StepKind::occlude || k == StepKind::release || k == StepKind::open_door || k == StepKind::close_door;
}

template <class E>
E one_of(const Context& ctx, const Value& v, const std::vector<std::string>& names, const std::string& what) {
  const std::string t = text(ctx, v);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == t) return static_cast<E>(i);
  throw ConfigError(v.pos, "unknown " + what + " '" + t + "'" + did_you_mean_suffix(t, names) + "; expected " +
                               quoted_list(names));
}

// wait_until: { pump_alarm: true, timeout: 30 min } or { pressure_above: 300 mmHg, timeout: 5 min }
void read_wait_until(const Context& ctx, const Value& v, Step& st) {
  std::vector<std::string> allowed = wait_kind_names();
  allowed.push_back("timeout");
  const MapReader m(ctx, v, "wait_until", allowed);
  std::optional<Field> cond;
  for (const auto& name : wait_kind_names()) {
    if (auto f = m.get(name)) {
      if (cond)
        throw ConfigError(f->key_pos, "wait_until takes one condition, got '" + cond->label + "' and '" + name + "'");
      cond = f;
    }
  }
  if (!cond)
    throw ConfigError(m.where(), "wait_until needs a condition: one of " + quoted_list(wait_kind_names()) +
                                     ", e.g. 'wait_until: { pump_alarm: true, timeout: 30 min }'");
  WaitCondition c;
  c.kind = static_cast<WaitKind>(std::find(wait_kind_names().begin(), wait_kind_names().end(), cond->label) -
                                 wait_kind_names().begin());
  switch (c.kind) {
    case WaitKind::pump_alarm:
    case WaitKind::alarm_sense:
      if (!cond->node.IsScalar() || (cond->node.Scalar() != "true" && cond->node.Scalar() != "yes"))
        throw ConfigError(cond->pos, "'" + cond->label + "' is written '" + cond->label + ": true'");
      break;
    case WaitKind::pressure_above:
    case WaitKind::pressure_below: c.value = quantity(ctx, *cond, Dimension::pressure); break;
    case WaitKind::mass_change: c.value = positive_quantity(ctx, *cond, Dimension::mass); break;
  }
  st.condition = c;
  st.timeout_s = positive_quantity(ctx, m.need("timeout"), Dimension::time);
}

// collect: 2 min, or collect: { until_pressure_below: 10 mmHg, timeout: 5 min, settle: 10 s }
void read_collect(const Context& ctx, const Value& v, Step& st) {
  if (!v.node.IsMap()) {
    st.duration_s = positive_quantity(ctx, v, Dimension::time);
    return;
  }
  const MapReader m(ctx, v, "collect", {"duration", "until_pressure_below", "timeout", "settle"});
  if (auto f = m.get("until_pressure_below")) {
    st.until_pressure_below_mmhg = quantity(ctx, *f, Dimension::pressure);
    if (m.has("duration"))
      throw ConfigError(m.get("duration")->key_pos, "collect ends either after 'duration' or on 'until_pressure_below' "
                                                    "(with a 'timeout'), not both");
    st.duration_s = positive_quantity(ctx, m.need("timeout"), Dimension::time);
  } else {
    if (m.has("timeout"))
      throw ConfigError(m.get("timeout")->key_pos, "'timeout' goes with 'until_pressure_below'; a fixed collection is 'duration'");
    st.duration_s = positive_quantity(ctx, m.need("duration"), Dimension::time);
  }
  if (auto f = m.get("settle")) st.settle_s = positive_quantity(ctx, *f, Dimension::time);
}

const char* value_example(StepKind k) {
  switch (k) {
    case StepKind::prompt: return "prompt: \"Place the vessel on the balance\"";
    case StepKind::check_weight: return "check_weight: { mass: 50 g, tolerance: 0.5 mg }";
    case StepKind::set_pump: return "set_pump: { rate: 25 ml/h }";
    case StepKind::record: return "record: 2 h";
    case StepKind::wait: return "wait: 30 s";
    case StepKind::wait_until: return "wait_until: { pump_alarm: true, timeout: 30 min }";
    case StepKind::collect: return "collect: { until_pressure_below: 10 mmHg, timeout: 5 min }";
    default: return "";
  }
}

std::optional<StepKind> parse_step_kind(std::string_view s) {
  const auto& names = step_kind_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<StepKind>(i);
  return std::nullopt;
}

StepKind step_kind(const Context& ctx, const std::string& name, const SourcePos& pos) {
  (void)ctx;
  const auto k = parse_step_kind(name);
  if (!k) {
    const std::string hint = did_you_mean_suffix(name, step_kind_names());
    throw ConfigError(pos, "unknown step '" + name + "'" +
                               (hint.empty() ? "; steps are " + quoted_list(step_kind_names()) : hint));
  }
  return *k;
}

Step read_step(const Context& ctx, const Value& item) {
  Step st;
  st.where = item.pos;
  if (item.node.IsScalar()) {
    st.kind = step_kind(ctx, item.node.Scalar(), item.pos);
    if (!takes_no_value(st.kind))
      throw ConfigError(item.pos, "step '" + item.node.Scalar() + "' needs a value, e.g. '" + value_example(st.kind) + "'");
    return st;
  }
  if (!item.node.IsMap() || item.node.size() == 0)
    throw ConfigError(item.pos, "a step is a name ('tare') or a one-key map ('record: 2 h')");
  if (item.node.size() > 1) {
    std::vector<std::string> keys;
    for (const auto& kv : item.node) keys.push_back(kv.first.IsScalar() ? kv.first.Scalar() : "?");
    throw ConfigError(item.pos, "a step is a one-key map, got " + std::to_string(keys.size()) + " keys (" +
                                    quoted_list(keys, "and") + "): indent the step's values under '" + keys[0] +
                                    "' or start each step with '-'");
  }
  const auto kv = *item.node.begin();
  const SourcePos key_pos = ctx.pos(kv.first);
  const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
  st.kind = step_kind(ctx, name, key_pos);
  Value v{kv.second, kv.second.IsNull() ? key_pos : ctx.pos(kv.second), name};

  switch (st.kind) {
    case StepKind::tare:
    case StepKind::zero:
    case StepKind::start_pump:
    case StepKind::stop_pump:
    case StepKind::occlude:
    case StepKind::release:
    case StepKind::open_door:
    case StepKind::close_door:
      if (!is_empty(v)) throw ConfigError(v.pos, "step '" + name + "' takes no values (write '- " + name + "')");
      break;
    case StepKind::prompt:
      if (v.node.IsMap()) {
        const MapReader m(ctx, v, "prompt", {"text", "action"});
        st.text = text(ctx, m.need("text"), kMaxLongTextChars);
        if (auto f = m.get("action")) st.action = optional_text(ctx, *f);
      } else {
        st.text = text(ctx, v, kMaxLongTextChars);
      }
      break;
    case StepKind::check_weight: {
      const MapReader m(ctx, v, "check_weight", {"mass", "tolerance"});
      st.mass_where = m.need("mass").pos;
      st.mass_g = positive_quantity(ctx, m.need("mass"), Dimension::mass);
      st.tolerance_g = positive_quantity(ctx, m.need("tolerance"), Dimension::mass);
      break;
    }
    case StepKind::set_pump: {
      const MapReader m(ctx, v, "set_pump", {"rate", "volume", "occlusion_level"});
      if (auto f = m.get("occlusion_level"))
        st.occlusion_level = one_of<OcclusionLevel>(ctx, *f, occlusion_level_names(), "occlusion level");
      const Field rate = m.need("rate");
      st.rate_ml_h = positive_quantity(ctx, rate, Dimension::flow);
      st.rate_where = rate.pos;
      if (auto f = m.get("volume")) {
        st.volume_ml = positive_quantity(ctx, *f, Dimension::volume);
        st.volume_where = f->pos;
      }
      break;
    }
    case StepKind::record:
    case StepKind::wait:
      st.duration_s = positive_quantity(ctx, v, Dimension::time);
      break;
    case StepKind::wait_until: read_wait_until(ctx, v, st); break;
    case StepKind::collect: read_collect(ctx, v, st); break;
  }
  return st;
}

std::vector<double> minutes_list(const Context& ctx, const Value& v, std::vector<SourcePos>& where) {
  std::vector<double> out;
  for (const auto& item : items(ctx, v)) {
    out.push_back(positive_quantity(ctx, item, Dimension::time) / 60.0);
    where.push_back(item.pos);
  }
  return out;
}

AccuracyAnalysisConfig read_accuracy(const Context& ctx, const Value& v, SourcePos& period_where) {
  const MapReader m(ctx, v, "accuracy",
                    {"rate", "sample_interval", "analysis_period", "observation_windows", "density", "evaporation",
                     "startup_tolerance", "limits"});
  AccuracyAnalysisConfig a;
  a.where = m.where();
  period_where = m.where();
  if (auto f = m.get("rate")) a.rate_ml_h = positive_quantity(ctx, *f, Dimension::flow);
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
    const MapReader l(ctx, *f, "limits", {"mean_error", "trumpet"});
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
  return a;
}

void read_parameters(Context& ctx, const Field& f, std::map<std::string, std::string>& out) {
  if (is_empty(f)) return;
  if (!f.node.IsMap()) throw ConfigError(f.pos, "'parameters' must be a map of names to values, e.g. { rate: 25 ml/h }");
  for (const auto& kv : f.node) {
    const SourcePos kp = ctx.pos(kv.first);
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const bool ok = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                    });
    if (!ok) throw ConfigError(kp, "parameter names use letters, digits and '_' (not starting with a digit), got '" + name + "'");
    if (out.count(name)) throw ConfigError(kp, "parameter '" + name + "' given twice");
    if (!kv.second.IsScalar() || kv.second.Scalar().empty())
      throw ConfigError(kv.second.IsNull() ? kp : ctx.pos(kv.second), "parameter '" + name + "' needs a value such as '25 ml/h'");
    if (kv.second.Scalar().find("${") != std::string::npos)
      throw ConfigError(ctx.pos(kv.second), "parameter '" + name + "' refers to another parameter; write its value out");
    if (const auto problem = text_problem(kv.second.Scalar(), kMaxLongTextChars))
      throw ConfigError(ctx.pos(kv.second), "parameter '" + name + "' " + *problem);
    out[name] = kv.second.Scalar();
    ctx.param_where[name] = kp;
  }
  ctx.params = out;
}

void check_steps(const Scenario& sc) {
  bool rate_set = false;
  for (const auto& st : sc.steps) {
    if (st.kind == StepKind::set_pump) rate_set = true;
    if (st.kind == StepKind::start_pump && !rate_set)
      throw ConfigError(st.where, "start_pump before any set_pump: the pump would run at whatever rate it was left at");
  }
}

void finish_accuracy(const Scenario& sc, AccuracyAnalysisConfig& a, const SourcePos& period_where) {
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

OcclusionAnalysisConfig read_occlusion_analysis(const Context& ctx, const Value& v, const Scenario& sc) {
  OcclusionAnalysisConfig o;
  o.where = v.pos;
  const MapReader m(ctx, v, "occlusion analysis", {"rate", "density", "limits"});
  if (auto f = m.get("rate")) o.rate_ml_h = positive_quantity(ctx, *f, Dimension::flow);
  if (auto f = m.get("density")) o.density_g_ml = positive_quantity(ctx, *f, Dimension::density);
  if (auto f = m.get("limits")) {
    const MapReader l(ctx, *f, "occlusion limits", {"time_to_alarm", "alarm_pressure", "peak_pressure", "bolus"});
    if (auto g = l.get("time_to_alarm")) o.time_to_alarm_limit_s = positive_quantity(ctx, *g, Dimension::time);
    if (auto g = l.get("alarm_pressure")) o.alarm_pressure_limit_mmhg = positive_quantity(ctx, *g, Dimension::pressure);
    if (auto g = l.get("peak_pressure")) o.peak_pressure_limit_mmhg = positive_quantity(ctx, *g, Dimension::pressure);
    if (auto g = l.get("bolus")) o.bolus_limit_ml = positive_quantity(ctx, *g, Dimension::volume);
  }
  const auto has = [&](StepKind k) {
    return std::any_of(sc.steps.begin(), sc.steps.end(), [k](const Step& s) { return s.kind == k; });
  };
  for (StepKind k : {StepKind::occlude, StepKind::release, StepKind::collect})
    if (!has(k))
      throw ConfigError(v.pos, std::string("the occlusion analysis needs a '") + to_string(k) +
                                   "' step (occlude, wait for the alarm, release, collect the bolus)");
  return o;
}

FreeFlowAnalysisConfig read_free_flow_analysis(const Context& ctx, const Value& v, const Scenario& sc) {
  FreeFlowAnalysisConfig o;
  o.where = v.pos;
  const MapReader m(ctx, v, "free_flow analysis", {"head_height", "density", "limits"});
  o.head_height_cm = positive_quantity(ctx, m.need("head_height"), Dimension::length) / 10.0;
  if (auto f = m.get("density")) o.density_g_ml = positive_quantity(ctx, *f, Dimension::density);
  if (auto f = m.get("limits")) {
    const MapReader l(ctx, *f, "free_flow limits", {"volume", "peak_flow"});
    if (auto g = l.get("volume")) o.volume_limit_ml = quantity(ctx, *g, Dimension::volume);
    if (auto g = l.get("peak_flow")) o.peak_flow_limit_ml_h = quantity(ctx, *g, Dimension::flow);
  }
  const bool opens = std::any_of(sc.steps.begin(), sc.steps.end(), [](const Step& s) { return s.kind == StepKind::open_door; });
  if (!opens) throw ConfigError(v.pos, "the free_flow analysis needs an 'open_door' step");
  return o;
}

}  // namespace

const char* to_string(StepKind k) { return step_kind_names()[static_cast<std::size_t>(k)].c_str(); }

const std::vector<std::string>& step_kind_names() {
  static const std::vector<std::string> names{"prompt",    "tare",      "zero",    "check_weight", "set_pump",
                                              "start_pump", "stop_pump", "record",  "wait",         "occlude",
                                              "release",    "wait_until", "open_door", "close_door", "collect"};
  return names;
}

const std::vector<std::string>& wait_kind_names() {
  static const std::vector<std::string> names{"pump_alarm", "alarm_sense", "pressure_above", "pressure_below", "mass_change"};
  return names;
}
const char* to_string(WaitKind k) { return wait_kind_names()[static_cast<std::size_t>(k)].c_str(); }

const std::vector<std::string>& occlusion_level_names() {
  static const std::vector<std::string> names{"low", "medium", "high"};
  return names;
}
const char* to_string(OcclusionLevel l) { return occlusion_level_names()[static_cast<std::size_t>(l)].c_str(); }

bool Scenario::needs_io_board() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) {
    return s.kind == StepKind::occlude || s.kind == StepKind::release || s.until_pressure_below_mmhg ||
           (s.condition && (s.condition->kind == WaitKind::pressure_above || s.condition->kind == WaitKind::pressure_below ||
                            s.condition->kind == WaitKind::alarm_sense));
  });
}

double Scenario::total_duration_s() const {
  double t = 0;
  for (const auto& s : steps)
    if (s.kind == StepKind::record || s.kind == StepKind::wait || s.kind == StepKind::collect) t += s.duration_s;
    else if (s.kind == StepKind::wait_until) t += s.timeout_s;  // at most
  return t;
}

double Scenario::infusion_duration_s() const {
  double t = 0;
  bool running = false, started = false;
  for (const auto& s : steps) {
    if (s.kind == StepKind::start_pump && !started) running = started = true;
    else if (s.kind == StepKind::stop_pump && running) break;
    else if (running && (s.kind == StepKind::record || s.kind == StepKind::wait)) t += s.duration_s;
  }
  return t;
}

bool Scenario::applies_to_class(PumpClass c) const {
  return std::find(applies_to.begin(), applies_to.end(), c) != applies_to.end();
}

Scenario load_scenario_file(const std::string& path) { return load_scenario_text(read_text_file(path), path); }

Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name) {
  Context ctx;
  ctx.file = source_name;
  const YAML::Node root = load(ctx, yaml_text);
  check_schema(ctx, root, kScenarioSchema, "scenario");
  const MapReader m(ctx, Value{root, ctx.pos(root), "scenario"}, "scenario",
                    {"schema", "id", "title", "applies_to", "parameters", "steps", "analysis", "regression"});
  Scenario sc;
  sc.source = source_name;
  sc.text = yaml_text;
  // Parameters first: "${name}" may appear in any value below.
  if (auto f = m.get("parameters")) read_parameters(ctx, *f, sc.parameters);

  {
    const Field f = m.need("id");
    sc.id = text(ctx, f);
    const bool ok = std::all_of(sc.id.begin(), sc.id.end(),
                                [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
    if (!ok) throw ConfigError(f.pos, "scenario id '" + sc.id + "' may use only a-z, 0-9 and '-' (it names run folders)");
  }
  sc.title = text(ctx, m.need("title"));
  {
    const Field f = m.need("applies_to");
    sc.applies_to_where = f.pos;
    std::vector<Value> list;
    if (f.node.IsScalar()) list.push_back(f);
    else list = items(ctx, f);
    if (list.empty()) throw ConfigError(f.pos, "'applies_to' needs at least one pump class");
    for (const auto& item : list) {
      const std::string c = text(ctx, item);
      const auto pc = parse_pump_class(c);
      if (!pc)
        throw ConfigError(item.pos, "unknown pump class '" + c + "'" + did_you_mean_suffix(c, pump_class_names()) +
                                        "; expected " + quoted_list(pump_class_names()));
      if (!sc.applies_to_class(*pc)) sc.applies_to.push_back(*pc);
    }
  }
  {
    const Field f = m.need("steps");
    const auto list = items(ctx, f);
    if (list.empty()) throw ConfigError(f.pos, "'steps' needs at least one step");
    for (const auto& item : list) sc.steps.push_back(read_step(ctx, item));
  }
  check_steps(sc);
  if (auto f = m.get("analysis")) {
    const MapReader a(ctx, *f, "analysis", {"accuracy", "occlusion", "free_flow"});
    if (auto g = a.get("accuracy")) {
      SourcePos period_where;
      sc.accuracy = read_accuracy(ctx, *g, period_where);
      finish_accuracy(sc, *sc.accuracy, period_where);
    }
    if (auto g = a.get("occlusion")) sc.occlusion = read_occlusion_analysis(ctx, *g, sc);
    if (auto g = a.get("free_flow")) sc.free_flow = read_free_flow_analysis(ctx, *g, sc);
  }
  if (auto f = m.get("regression")) sc.regression = read_regression(ctx, *f);
  return sc;
}

}  // namespace pumprig
