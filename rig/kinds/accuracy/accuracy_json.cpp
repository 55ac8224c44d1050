#include "rig/kinds/accuracy/accuracy_json.hpp"

#include "rig/analysis/result_json.hpp"

namespace pumprig {

std::string to_string(GapKind kind) {
  switch (kind) {
    case GapKind::between_readings: return "between_readings";
    case GapKind::before_data: return "before_data";
    case GapKind::after_data: return "after_data";
  }
  return "between_readings";
}

TestResult accuracy_test_result(const AccuracyResult& r, std::string id, std::string station) {
  using nlohmann::json;
  TestResult test{std::move(id), "accuracy", std::move(station), r.method};
  json& t = test.fields;
  t["rate_ml_h"] = r.rate_ml_h;
  t["sample_interval_s"] = r.sample_interval_s;
  t["density_g_ml"] = r.density_g_ml;
  t["water_temperature_c"] = json_or_null(r.water_temperature_c);
  t["evaporation_mg_h"] = r.evaporation_mg_h;
  t["analysis_period_min"] = json::array({r.period_start_min, r.period_end_min});
  t["analysis_period_intervals"] = json::array({r.period_first_interval, r.period_last_interval});
  t["test_duration_min"] = r.test_duration_min;
  t["mean_flow_ml_h"] = json_or_null(r.mean_flow_ml_h);
  t["mean_error_pct"] = json_or_null(r.mean_error_pct);
  put_uncertainty(t, "mean_flow_ml_h", r.mean_flow_uncertainty);
  put_uncertainty(t, "mean_error_pct", r.mean_error_uncertainty);
  put_uncertainty(t, "startup_flow_ml_h", r.startup_flow_uncertainty);
  put_uncertainty(t, "hourly_error_pct", r.hourly_error_uncertainty);

  json trumpet = json::array();
  for (const auto& p : r.trumpet) {
    trumpet.push_back({{"window_min", p.window_min},
                       {"ep_max_pct", json_or_null(p.ep_max_pct)},
                       {"ep_min_pct", json_or_null(p.ep_min_pct)},
                       {"windows", p.windows},
                       {"windows_expected", p.windows_expected}});
    put_uncertainty(trumpet.back(), "ep_max_pct", p.ep_uncertainty);
    put_uncertainty(trumpet.back(), "ep_min_pct", p.ep_uncertainty);
  }
  t["trumpet"] = std::move(trumpet);

  json startup = json::array();
  for (const auto& f : r.startup) startup.push_back({{"t_min", f.t_min}, {"flow_ml_h", json_or_null(f.flow_ml_h)}});
  t["startup"] = std::move(startup);

  json hourly = json::array();
  for (const auto& h : r.hourly) {
    hourly.push_back({{"from_min", h.from_min},
                      {"to_min", h.to_min},
                      {"mean_flow_ml_h", json_or_null(h.mean_flow_ml_h)},
                      {"error_pct", json_or_null(h.error_pct)}});
  }
  t["hourly"] = std::move(hourly);

  t["startup_delay_min"] = json_or_null(r.startup_delay_min);
  put_uncertainty(t, "startup_delay_min", r.startup_delay_uncertainty);
  t["startup_delay_upper_bound"] = r.startup_delay_upper_bound;
  t["startup_tolerance_pct"] = r.startup_tolerance_pct;
  t["readings"] = r.readings;
  t["dynamic_readings"] = json_or_null(r.dynamic_readings);
  t["dynamic_readings_in_period"] = json_or_null(r.dynamic_readings_in_period);
  t["polling_period_s"] = r.polling_period_s;
  t["gap_limit_s"] = r.gap_limit_s;

  json gaps = json::array();
  for (const auto& g : r.gaps) {
    gaps.push_back({{"kind", to_string(g.kind)},
                    {"from_min", g.from_min},
                    {"to_min", g.to_min},
                    {"missing_intervals", g.missing_intervals
                                              ? json::array({g.missing_intervals->first, g.missing_intervals->second})
                                              : json::array()}});
  }
  t["gaps"] = std::move(gaps);
  json missing = json::array();
  for (const auto& [a, b] : r.missing_intervals) missing.push_back(json::array({a, b}));
  t["missing_intervals"] = std::move(missing);
  t["data_covers_period"] = r.data_covers_period;
  t["period_complete"] = r.period_complete;

  test.checks = r.checks;
  test.verdict = r.verdict;
  test.notes = r.notes;
  return test;
}

}  // namespace pumprig
