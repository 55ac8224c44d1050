#include "rig/analysis/result_json.hpp"

#include <optional>

namespace pumprig {

namespace {

template <class T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

std::string to_string(GapKind kind) {
  switch (kind) {
    case GapKind::between_readings: return "between_readings";
    case GapKind::before_data: return "before_data";
    case GapKind::after_data: return "after_data";
  }
  return "between_readings";
}

nlohmann::json accuracy_result_to_json(const AccuracyResult& r, std::string id, std::string station) {
  using nlohmann::json;
  json t = json::object();
  t["id"] = std::move(id);
  t["kind"] = "accuracy";
  t["station"] = std::move(station);
  t["method"] = r.method;
  t["rate_ml_h"] = r.rate_ml_h;
  t["sample_interval_s"] = r.sample_interval_s;
  t["density_g_ml"] = r.density_g_ml;
  t["water_temperature_c"] = opt(r.water_temperature_c);
  t["evaporation_mg_h"] = r.evaporation_mg_h;
  t["analysis_period_min"] = json::array({r.period_start_min, r.period_end_min});
  t["analysis_period_intervals"] = json::array({r.period_first_interval, r.period_last_interval});
  t["test_duration_min"] = r.test_duration_min;
  t["mean_flow_ml_h"] = opt(r.mean_flow_ml_h);
  t["mean_error_pct"] = opt(r.mean_error_pct);

  json trumpet = json::array();
  for (const auto& p : r.trumpet) {
    trumpet.push_back({{"window_min", p.window_min},
                       {"ep_max_pct", opt(p.ep_max_pct)},
                       {"ep_min_pct", opt(p.ep_min_pct)},
                       {"windows", p.windows},
                       {"windows_expected", p.windows_expected}});
  }
  t["trumpet"] = std::move(trumpet);

  json startup = json::array();
  for (const auto& f : r.startup) startup.push_back({{"t_min", f.t_min}, {"flow_ml_h", opt(f.flow_ml_h)}});
  t["startup"] = std::move(startup);

  json hourly = json::array();
  for (const auto& h : r.hourly) {
    hourly.push_back({{"from_min", h.from_min},
                      {"to_min", h.to_min},
                      {"mean_flow_ml_h", opt(h.mean_flow_ml_h)},
                      {"error_pct", opt(h.error_pct)}});
  }
  t["hourly"] = std::move(hourly);

  t["startup_delay_min"] = opt(r.startup_delay_min);
  t["startup_delay_upper_bound"] = r.startup_delay_upper_bound;
  t["startup_tolerance_pct"] = r.startup_tolerance_pct;
  t["readings"] = r.readings;
  t["dynamic_readings"] = opt(r.dynamic_readings);
  t["dynamic_readings_in_period"] = opt(r.dynamic_readings_in_period);
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

  t["checks"] = checks_to_json(r.checks);
  t["verdict"] = std::string(to_string(r.verdict));
  t["notes"] = r.notes;
  return t;
}

nlohmann::json checks_to_json(const std::vector<Check>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : checks) {
    nlohmann::json check = {{"name", c.name},
                            {"quantity", c.measurand.quantity},
                            {"unit", c.measurand.unit},
                            {"value", opt(c.value)},
                            {"limit", c.limit},
                            {"comparison", to_string(c.comparison)},
                            {"verdict", std::string(to_string(c.verdict))}};
    if (c.measurand.window_min) check["window_min"] = *c.measurand.window_min;
    out.push_back(std::move(check));
  }
  return out;
}

nlohmann::json occlusion_result_to_json(const OcclusionResult& r, std::string id, std::string station) {
  using nlohmann::json;
  json t = json::object();
  t["id"] = std::move(id);
  t["kind"] = "occlusion";
  t["station"] = std::move(station);
  t["method"] = r.method;
  t["rate_ml_h"] = r.rate_ml_h;
  t["threshold"] = r.threshold;
  t["density_g_ml"] = r.density_g_ml;
  t["t_occlude_s"] = opt(r.markers.t_occlude_s);
  t["t_alarm_s"] = opt(r.markers.t_alarm_s);
  t["t_release_s"] = opt(r.markers.t_release_s);
  t["t_collect_end_s"] = opt(r.markers.t_collect_end_s);
  t["alarm_source"] = r.markers.alarm_source;
  t["time_to_alarm_s"] = opt(r.time_to_alarm_s);
  t["never_alarmed"] = r.never_alarmed;
  t["alarm_pressure_mmhg"] = opt(r.alarm_pressure_mmhg);
  t["peak_pressure_mmhg"] = opt(r.peak_pressure_mmhg);
  t["peak_pressure_complete"] = r.peak_pressure_complete;
  t["pressure_at_release_mmhg"] = opt(r.pressure_at_release_mmhg);
  t["mass_at_release_g"] = opt(r.mass_at_release_g);
  t["mass_at_collect_end_g"] = opt(r.mass_at_collect_end_g);
  t["bolus_ml"] = opt(r.bolus_ml);
  t["bolus_end"] = r.markers.collect_end_criterion;
  t["collection_s"] = opt(r.collection_s);
  t["peak_bolus_flow_ml_h"] = opt(r.peak_bolus_flow_ml_h);
  t["bolus_end_window_s"] = r.bolus_end_window_s;
  t["flow_window_s"] = r.flow_window_s;
  t["pressure_readings"] = r.pressure_readings;
  t["mass_readings"] = r.mass_readings;
  t["pressure_gap_limit_s"] = r.pressure_gap_limit_s;
  t["mass_gap_limit_s"] = r.mass_gap_limit_s;
  t["checks"] = checks_to_json(r.checks);
  t["verdict"] = std::string(to_string(r.verdict));
  t["notes"] = r.notes;
  return t;
}

nlohmann::json free_flow_result_to_json(const FreeFlowResult& r, std::string id, std::string station) {
  using nlohmann::json;
  json t = json::object();
  t["id"] = std::move(id);
  t["kind"] = "free_flow";
  t["station"] = std::move(station);
  t["method"] = r.method;
  t["head_height_cm"] = r.head_height_cm;
  t["density_g_ml"] = r.density_g_ml;
  t["t_door_open_s"] = opt(r.t_door_open_s);
  t["t_door_close_s"] = opt(r.t_door_close_s);
  t["t_end_s"] = opt(r.t_end_s);
  t["duration_s"] = opt(r.duration_s);
  t["volume_ml"] = opt(r.volume_ml);
  t["peak_flow_ml_h"] = opt(r.peak_flow_ml_h);
  t["flow_window_s"] = r.flow_window_s;
  t["readings"] = r.readings;
  t["gap_limit_s"] = r.gap_limit_s;
  t["data_complete"] = r.data_complete;
  t["checks"] = checks_to_json(r.checks);
  t["verdict"] = std::string(to_string(r.verdict));
  t["notes"] = r.notes;
  return t;
}

nlohmann::json make_result_document(nlohmann::json run, std::vector<nlohmann::json> tests) {
  nlohmann::json doc = nlohmann::json::object();
  doc["schema"] = kResultSchema;
  doc["run"] = std::move(run);
  doc["tests"] = nlohmann::json(std::move(tests));
  return doc;
}

}  // namespace pumprig
