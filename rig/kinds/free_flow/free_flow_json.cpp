#include "rig/kinds/free_flow/free_flow_json.hpp"

#include "rig/analysis/result_json.hpp"

namespace pumprig {

TestResult free_flow_test_result(const FreeFlowResult& r, std::string id, std::string station) {
  using nlohmann::json;
  TestResult test{std::move(id), "free_flow", std::move(station), r.method};
  json& t = test.fields;
  t["head_height_cm"] = r.head_height_cm;
  t["density_g_ml"] = r.density_g_ml;
  t["t_door_open_s"] = json_or_null(r.t_door_open_s);
  t["t_door_close_s"] = json_or_null(r.t_door_close_s);
  t["t_end_s"] = json_or_null(r.t_end_s);
  t["duration_s"] = json_or_null(r.duration_s);
  t["volume_ml"] = json_or_null(r.volume_ml);
  t["peak_flow_ml_h"] = json_or_null(r.peak_flow_ml_h);
  t["flow_window_s"] = r.flow_window_s;
  t["readings"] = r.readings;
  t["gap_limit_s"] = r.gap_limit_s;
  t["data_complete"] = r.data_complete;
  put_uncertainty(t, "volume_ml", r.volume_uncertainty);
  put_uncertainty(t, "peak_flow_ml_h", r.peak_flow_uncertainty);
  test.checks = r.checks;
  test.verdict = r.verdict;
  test.notes = r.notes;
  return test;
}

}  // namespace pumprig
