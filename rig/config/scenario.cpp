#include "rig/config/scenario.hpp"

#include <algorithm>
#include <cmath>

#include "rig/config/fixture.hpp"
#include "rig/config/units.hpp"
#include "rig/config/yaml_reader.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

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
    case StepKind::start_pump:
      if (!is_empty(v)) {
        const MapReader m(ctx, v, "start_pump", {"startup_allowance"});
        if (auto f = m.get("startup_allowance")) st.startup_allowance_s = positive_quantity(ctx, *f, Dimension::time);
      }
      break;
    case StepKind::tare:
    case StepKind::zero:
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
}

// Values given from outside replace the declared ones; a message about a value then says where
// it came from instead of the file's line.
void apply_overrides(Context& ctx, const ParameterOverrides& overrides, const SourcePos& declared_where,
                     std::map<std::string, std::string>& params) {
  check_overrides_declared(overrides, params, declared_where);
  for (const auto& o : overrides) {
    params[o.name] = o.value;
    ctx.param_origin[o.name] = o.origin;
  }
}

void check_steps(const Scenario& sc) {
  bool rate_set = false;
  for (const auto& st : sc.steps) {
    if (st.kind == StepKind::set_pump) rate_set = true;
    if (st.kind == StepKind::start_pump && !rate_set)
      throw ConfigError(st.where, "start_pump before any set_pump: the pump would run at whatever rate it was left at");
  }
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

bool parameter_overridden(const Scenario& sc, const std::string& name) {
  return std::any_of(sc.overrides.begin(), sc.overrides.end(), [&](const ParameterOverride& o) { return o.name == name; });
}

std::string parameters_in_force(const Scenario& sc) {
  std::string out;
  for (const auto& [name, value] : sc.parameters)
    out += (out.empty() ? "" : ", ") + name + "=" + value + (parameter_overridden(sc, name) ? " (given)" : "");
  return out;
}

bool Scenario::applies_to_class(PumpClass c) const {
  return std::find(applies_to.begin(), applies_to.end(), c) != applies_to.end();
}

Scenario read_scenario_file(const std::string& path, const std::vector<AnalysisBlockParser>& analyses,
                            const ParameterOverrides& overrides) {
  return read_scenario_text(read_text_file(path), path, analyses, overrides);
}

Scenario read_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<AnalysisBlockParser>& analyses, const ParameterOverrides& overrides) {
  Context ctx;
  ctx.file = source_name;
  const YAML::Node root = load(ctx, yaml_text);
  check_schema(ctx, root, kScenarioSchema, "scenario");
  const MapReader m(ctx, Value{root, ctx.pos(root), "scenario"}, "scenario",
                    {"schema", "id", "title", "applies_to", "parameters", "decision_rule", "steps", "analysis", "regression"});
  Scenario sc;
  sc.source = source_name;
  sc.text = yaml_text;
  // Parameters first: "${name}" may appear in any value below.
  SourcePos declared_where{source_name, 0, 0};
  if (auto f = m.get("parameters")) {
    read_parameters(ctx, *f, sc.parameters);
    declared_where = f->key_pos;
  }
  apply_overrides(ctx, overrides, declared_where, sc.parameters);
  sc.overrides = overrides;
  ctx.params = sc.parameters;

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
  // Before the analyses: the kinds judge their checks by it.
  if (auto f = m.get("decision_rule")) {
    const std::string rule = text(ctx, *f);
    const auto r = parse_decision_rule(rule);
    if (!r)
      throw ConfigError(f->pos, "unknown decision rule '" + rule + "'" + did_you_mean_suffix(rule, decision_rule_names()) +
                                    "; expected " + quoted_list(decision_rule_names()));
    sc.decision_rule = *r;
  }
  if (auto f = m.get("analysis")) {
    // Each test kind reads its own block; the list (and the order of the tests in a result)
    // is the order of the registered kinds, not of the keys in the file.
    std::vector<std::string> names;
    for (const auto& a : analyses) names.push_back(a.name);
    const MapReader a(ctx, *f, "analysis", names);
    for (const auto& parser : analyses)
      if (auto g = a.get(parser.name)) sc.analyses.push_back(parser.parse(ctx, *g, sc));
  }
  if (auto f = m.get("regression")) sc.regression = read_regression(ctx, *f);
  return sc;
}

}  // namespace pumprig
