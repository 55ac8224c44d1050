#include "rig/kinds/occlusion/occlusion_json.hpp"

#include "rig/analysis/result_json.hpp"

namespace pumprig {

TestResult occlusion_test_result(const OcclusionResult& r, std::string id, std::string station) {
  using nlohmann::json;
  TestResult test{std::move(id), "occlusion", std::move(station), r.method};
  json& t = test.fields;
  t["rate_ml_h"] = r.rate_ml_h;
  t["threshold"] = r.threshold;
  t["density_g_ml"] = r.density_g_ml;
  t["t_occlude_s"] = json_or_null(r.markers.t_occlude_s);
  t["t_alarm_s"] = json_or_null(r.markers.t_alarm_s);
  t["t_release_s"] = json_or_null(r.markers.t_release_s);
  t["t_collect_end_s"] = json_or_null(r.markers.t_collect_end_s);
  t["alarm_source"] = r.markers.alarm_source;
  t["time_to_alarm_s"] = json_or_null(r.time_to_alarm_s);
  t["never_alarmed"] = r.never_alarmed;
  t["alarm_pressure_mmhg"] = json_or_null(r.alarm_pressure_mmhg);
  t["peak_pressure_mmhg"] = json_or_null(r.peak_pressure_mmhg);
  t["peak_pressure_complete"] = r.peak_pressure_complete;
  t["pressure_at_release_mmhg"] = json_or_null(r.pressure_at_release_mmhg);
  t["mass_at_release_g"] = json_or_null(r.mass_at_release_g);
  t["mass_at_collect_end_g"] = json_or_null(r.mass_at_collect_end_g);
  t["bolus_ml"] = json_or_null(r.bolus_ml);
  t["bolus_end"] = r.markers.collect_end_criterion;
  t["collection_s"] = json_or_null(r.collection_s);
  t["peak_bolus_flow_ml_h"] = json_or_null(r.peak_bolus_flow_ml_h);
  t["bolus_end_window_s"] = r.bolus_end_window_s;
  t["flow_window_s"] = r.flow_window_s;
  t["pressure_readings"] = r.pressure_readings;
  t["mass_readings"] = r.mass_readings;
  t["pressure_gap_limit_s"] = r.pressure_gap_limit_s;
  t["mass_gap_limit_s"] = r.mass_gap_limit_s;
  put_uncertainty(t, "time_to_alarm_s", r.time_to_alarm_uncertainty);
  put_uncertainty(t, "alarm_pressure_mmhg", r.alarm_pressure_uncertainty);
  put_uncertainty(t, "peak_pressure_mmhg", r.peak_pressure_uncertainty);
  put_uncertainty(t, "pressure_at_release_mmhg", r.pressure_at_release_uncertainty);
  put_uncertainty(t, "bolus_ml", r.bolus_uncertainty);
  put_uncertainty(t, "peak_bolus_flow_ml_h", r.peak_bolus_flow_uncertainty);
  test.checks = r.checks;
  test.verdict = r.verdict;
  test.notes = r.notes;
  return test;
}

}  // namespace pumprig
