#include "rig/kinds/free_flow/free_flow_kind.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rig/analysis/free_flow.hpp"
#include "rig/kinds/free_flow/free_flow_json.hpp"
#include "rig/kinds/measurement_conditions.hpp"
#include "rig/kinds/summary_numbers.hpp"

namespace pumprig {

using namespace yaml_reader;

std::shared_ptr<const AnalysisSpec> FreeFlowKind::parse(const Context& ctx, const Value& v, const Scenario& sc) const {
  auto o = std::make_shared<FreeFlowSpec>();
  o->kind = name();
  o->where = v.pos;
  const MapReader m(ctx, v, "free_flow analysis", {"head_height", "density", "limits"});
  o->head_height_cm = positive_quantity(ctx, m.need("head_height"), Dimension::length) / 10.0;
  if (auto f = m.get("density")) o->density_g_ml = positive_quantity(ctx, *f, Dimension::density);
  if (auto f = m.get("limits")) {
    const MapReader l(ctx, *f, "free_flow limits", {"source", "volume", "peak_flow"});
    if (auto g = l.get("source")) o->limit_source = text(ctx, *g);
    if (auto g = l.get("volume")) o->volume_limit_ml = quantity(ctx, *g, Dimension::volume);
    if (auto g = l.get("peak_flow")) o->peak_flow_limit_ml_h = quantity(ctx, *g, Dimension::flow);
  }
  const bool opens = std::any_of(sc.steps.begin(), sc.steps.end(), [](const Step& s) { return s.kind == StepKind::open_door; });
  if (!opens) throw ConfigError(v.pos, "the free_flow analysis needs an 'open_door' step");
  return o;
}

AnalysedTest FreeFlowKind::analyse(const StationRecord& st, const AnalysisSpec& spec, const Fixture& fixture,
                                   const Scenario& scenario) const {
  const auto& a = dynamic_cast<const FreeFlowSpec&>(spec);
  FreeFlowParams p;
  p.head_height_cm = a.head_height_cm;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.volume_ml = a.volume_limit_ml;
  p.limits.peak_flow_ml_h = a.peak_flow_limit_ml_h;
  p.limit_source = a.limit_source;
  p.decision_rule = scenario.decision_rule;
  p.conditions = measurement_conditions(fixture, *fixture.find_station(st.id), st);
  FreeFlowMarkers k;
  k.t_door_open_s = st.markers.door_open_s;
  k.t_door_close_s = st.markers.door_close_s;
  const std::string id = test_id(name(), st.id);
  try {
    return {free_flow_test_result(analyze_free_flow(p, k, st.readings), id, st.id), ""};
  } catch (const std::invalid_argument& e) {
    return {not_analysed(id, name(), st.id, kFreeFlowMethod, std::string("analysis not possible: ") + e.what()), ""};
  }
}

std::string FreeFlowKind::summary(const TestResult& test) const {
  const nlohmann::json& t = test.fields;
  return fmt::format(" (door open {} s: {} ml, peak {} ml/h)", summary_number(t, "duration_s", 0),
                     summary_number(t, "volume_ml", 3), summary_number(t, "peak_flow_ml_h", 1));
}

}  // namespace pumprig
