#include "rig/kinds/occlusion/occlusion_kind.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rig/analysis/occlusion.hpp"
#include "rig/kinds/occlusion/occlusion_json.hpp"
#include "rig/core/json_fields.hpp"
#include "rig/kinds/measurement_conditions.hpp"
#include "rig/kinds/summary_numbers.hpp"

namespace pumprig {

using namespace yaml_reader;

std::shared_ptr<const AnalysisSpec> OcclusionKind::parse(const Context& ctx, const Value& v, const Scenario& sc) const {
  auto o = std::make_shared<OcclusionSpec>();
  o->kind = name();
  o->where = v.pos;
  const MapReader m(ctx, v, "occlusion analysis", {"rate", "density", "limits"});
  if (auto f = m.get("rate")) {
    o->rate_ml_h = positive_quantity(ctx, *f, Dimension::flow);
    o->rate_where = f->key_pos;
  }
  if (auto f = m.get("density")) o->density_g_ml = positive_quantity(ctx, *f, Dimension::density);
  if (auto f = m.get("limits")) {
    const MapReader l(ctx, *f, "occlusion limits", {"source", "time_to_alarm", "alarm_pressure", "peak_pressure", "bolus"});
    if (auto g = l.get("source")) o->limit_source = text(ctx, *g);
    if (auto g = l.get("time_to_alarm")) {
      o->time_to_alarm_limit_s = positive_quantity(ctx, *g, Dimension::time);
      o->time_to_alarm_where = g->key_pos;
    }
    if (auto g = l.get("alarm_pressure")) o->alarm_pressure_limit_mmhg = positive_quantity(ctx, *g, Dimension::pressure);
    if (auto g = l.get("peak_pressure")) o->peak_pressure_limit_mmhg = positive_quantity(ctx, *g, Dimension::pressure);
    if (auto g = l.get("bolus")) o->bolus_limit_ml = positive_quantity(ctx, *g, Dimension::volume);
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

AnalysedTest OcclusionKind::analyse(const StationRecord& st, const AnalysisSpec& spec, const Fixture& fixture,
                                    const Scenario& scenario) const {
  const auto& a = dynamic_cast<const OcclusionSpec&>(spec);
  const RecordedMarkers& m = st.markers;
  OcclusionParams p;
  p.rate_ml_h = a.rate_ml_h.value_or(st.set_rate_ml_h());
  p.threshold = m.occlusion_level;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.time_to_alarm_s = a.time_to_alarm_limit_s;
  p.limits.alarm_pressure_mmhg = a.alarm_pressure_limit_mmhg;
  p.limits.peak_pressure_mmhg = a.peak_pressure_limit_mmhg;
  p.limits.bolus_ml = a.bolus_limit_ml;
  p.limit_source = a.limit_source;
  p.decision_rule = scenario.decision_rule;
  p.conditions = measurement_conditions(fixture, *fixture.find_station(st.id), st);
  OcclusionMarkers k;
  k.t_occlude_s = m.occlude_s;
  k.t_alarm_s = m.alarm_s;
  k.t_release_s = m.release_s;
  k.t_collect_end_s = m.collect_end_s;
  k.alarm_source = m.alarm_source;
  k.collect_end_criterion = m.collect_end_criterion;
  const std::string id = test_id(name(), st.id);
  try {
    return {occlusion_test_result(analyze_occlusion(p, k, st.io.pressures, st.readings), id, st.id), ""};
  } catch (const std::invalid_argument& e) {
    return {not_analysed(id, name(), st.id, kOcclusionMethod, std::string("analysis not possible: ") + e.what()), ""};
  }
}

std::string OcclusionKind::summary(const TestResult& test) const {
  const nlohmann::json& t = test.fields;
  return fmt::format(" (threshold {}: alarm after {} s at {} mmHg, peak {} mmHg, bolus {} ml)", string_field(t, "threshold", "?"),
                     summary_number(t, "time_to_alarm_s", 1), summary_number(t, "alarm_pressure_mmhg", 0),
                     summary_number(t, "peak_pressure_mmhg", 0), summary_number(t, "bolus_ml", 3));
}

}  // namespace pumprig
