#include "rig/session/station_results.hpp"

#include <fmt/format.h>

#include "rig/analysis/free_flow.hpp"
#include "rig/analysis/occlusion.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/analysis/water_density.hpp"

namespace pumprig {

namespace {

AccuracyParams accuracy_params(const AccuracyAnalysisConfig& a, const Scenario& scenario, const Fixture& fixture,
                               const StationConfig& station, double set_rate_ml_h) {
  AccuracyParams p;
  p.rate_ml_h = a.rate_ml_h.value_or(set_rate_ml_h);
  p.sample_interval_s = a.sample_interval_s;
  p.period_start_min = a.period_start_min;
  p.period_end_min = a.period_end_min;
  p.windows_min = a.windows_min;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.evaporation_mg_h = a.evaporation_mg_h;
  p.startup_tolerance_pct = a.startup_tolerance_pct;
  if (station.balance.reading_interval_s > 0) p.polling_period_s = station.balance.reading_interval_s;
  p.test_duration_min = scenario.infusion_duration_s() / 60.0;
  p.limits.mean_error_pct = a.mean_error_limit_pct;
  for (const auto& [window, limit] : a.trumpet_limits_pct) p.limits.trumpet.push_back(TrumpetLimit{window, limit, -limit});
  return p;
}

// Times relative to the test origin (pump start), or to the loop's start when the pump never
// started (the analyses only need one time base for markers and readings).
struct TimeBase {
  Nanos origin = 0;
  double s(Nanos t) const { return to_seconds(t - origin); }
  std::optional<double> s(const std::optional<Nanos>& t) const {
    return t ? std::optional<double>(s(*t)) : std::nullopt;
  }
};

std::vector<MassReading> mass_series(const StationRun& st, const TimeBase& tb) {
  std::vector<MassReading> out;
  out.reserve(st.readings().size());
  for (const auto& r : st.readings()) out.push_back(MassReading{tb.s(r.t_ns), r.mass_g, r.stable});
  return out;
}

// A test that could not be analysed: its verdict is inconclusive and the note says why.
nlohmann::json not_analysed(const std::string& id, const char* kind, const std::string& station, const char* method,
                            const std::string& note) {
  return {{"id", id}, {"kind", kind}, {"station", station}, {"method", method}, {"verdict", "inconclusive"}, {"notes", {note}}};
}

// The accuracy test of one station, analysed from the readings the run kept in memory (the same
// numbers that went to samples-<station>.csv).
nlohmann::json analyse_accuracy(const StationRun& st, const Fixture& fixture, const Scenario& scenario, AccuracyResult* out) {
  const StationConfig& cfg = *fixture.find_station(st.id());
  const std::string test_id = fmt::format("{}-accuracy", st.id());
  if (!st.test_origin())
    return not_analysed(test_id, "accuracy", st.id(), kIecMethod, "the pump was never started: no accuracy data");
  const TimeBase tb{*st.test_origin()};
  AccuracyParams params = accuracy_params(*scenario.accuracy, scenario, fixture, cfg, st.set_rate_ml_h());
  // The rig I/O board logs the water temperature: unless the scenario gives a density, the
  // density comes from the mean temperature over the analysis period.
  if (!scenario.accuracy->density_g_ml && !st.pressures().empty()) {
    std::vector<TemperatureReading> temps;
    temps.reserve(st.pressures().size());
    for (const auto& r : st.pressures()) temps.push_back(TemperatureReading{tb.s(r.t_ns), r.temperature_c});
    if (const auto t = mean_temperature_c(temps, params.period_start_min * 60.0, params.period_end_min * 60.0);
        t && *t >= 0 && *t <= 40)
      params.water_temperature_c = *t;
  }
  try {
    *out = analyze_accuracy(mass_series(st, tb), params);
    return accuracy_result_to_json(*out, test_id, st.id());
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "accuracy", st.id(), kIecMethod, std::string("analysis not possible: ") + e.what());
  }
}

nlohmann::json analyse_occlusion(const StationRun& st, const Fixture& fixture, const Scenario& scenario) {
  const OcclusionAnalysisConfig& a = *scenario.occlusion;
  const TimeBase tb{st.test_origin().value_or(0)};
  const StationMarkers& m = st.markers();
  OcclusionParams p;
  p.rate_ml_h = a.rate_ml_h.value_or(st.set_rate_ml_h());
  p.threshold = m.occlusion_level;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.time_to_alarm_s = a.time_to_alarm_limit_s;
  p.limits.alarm_pressure_mmhg = a.alarm_pressure_limit_mmhg;
  p.limits.peak_pressure_mmhg = a.peak_pressure_limit_mmhg;
  p.limits.bolus_ml = a.bolus_limit_ml;
  OcclusionMarkers k;
  k.t_occlude_s = tb.s(m.occlude);
  k.t_alarm_s = tb.s(m.alarm);
  k.t_release_s = tb.s(m.release);
  k.t_collect_end_s = tb.s(m.collect_end);
  k.alarm_source = m.alarm_source;
  k.collect_end_criterion = m.collect_end_criterion;
  std::vector<PressureSample> pressures;
  pressures.reserve(st.pressures().size());
  for (const auto& r : st.pressures()) pressures.push_back(PressureSample{tb.s(r.t_ns), r.pressure_mmhg});
  const std::string test_id = fmt::format("{}-occlusion", st.id());
  try {
    return occlusion_result_to_json(analyze_occlusion(p, k, pressures, mass_series(st, tb)), test_id, st.id());
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "occlusion", st.id(), kOcclusionMethod, std::string("analysis not possible: ") + e.what());
  }
}

nlohmann::json analyse_free_flow(const StationRun& st, const Fixture& fixture, const Scenario& scenario) {
  const FreeFlowAnalysisConfig& a = *scenario.free_flow;
  const TimeBase tb{st.test_origin().value_or(0)};
  FreeFlowParams p;
  p.head_height_cm = a.head_height_cm;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.volume_ml = a.volume_limit_ml;
  p.limits.peak_flow_ml_h = a.peak_flow_limit_ml_h;
  FreeFlowMarkers k;
  k.t_door_open_s = tb.s(st.markers().door_open);
  k.t_door_close_s = tb.s(st.markers().door_close);
  const std::string test_id = fmt::format("{}-free-flow", st.id());
  try {
    return free_flow_result_to_json(analyze_free_flow(p, k, mass_series(st, tb)), test_id, st.id());
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "free_flow", st.id(), kFreeFlowMethod, std::string("analysis not possible: ") + e.what());
  }
}

}  // namespace

std::vector<std::string> StationResults::ids_with_status(const std::string& status) const {
  std::vector<std::string> ids;
  for (const auto& st : stations)
    if (st.value("status", "") == status) ids.push_back(st.value("id", ""));
  return ids;
}

void apply_deviations(nlohmann::json& test, const nlohmann::json& deviations) {
  if (deviations.empty()) return;
  std::string what;
  for (const auto& d : deviations) what += (what.empty() ? "" : "; ") + d.value("what", std::string("fault"));
  test["deviations"] = deviations;
  test["notes"].push_back(fmt::format("the station carried on through {} fault(s): {}", deviations.size(), what));
  if (test.value("verdict", "") == "pass") {
    test["verdict"] = "inconclusive";
    test["notes"].push_back("verdict inconclusive: the numbers pass, but a fault during the run means they cannot be trusted");
  }
}

StationResults station_results(const Runner& runner, const Fixture& fixture, const Scenario& scenario) {
  StationResults out;
  for (const auto& st : runner.stations()) {
    const nlohmann::json deviations = st->deviations();
    const StationConfig& cfg = *fixture.find_station(st->id());
    out.stations.push_back({{"id", st->id()},
                            {"status", st->aborted() ? "aborted" : "finished"},
                            {"reason", st->abort_reason()},
                            {"policy", std::string(to_string(cfg.on_fault))},
                            {"deviations", deviations},
                            {"checks", st->checks()}});
    if (scenario.accuracy) {
      AccuracyResult r;
      nlohmann::json test = analyse_accuracy(*st, fixture, scenario, &r);
      apply_deviations(test, deviations);
      out.tests.push_back(std::move(test));
      if (st->test_origin()) out.accuracy.emplace_back(st->id(), std::move(r));
    }
    if (scenario.occlusion) {
      nlohmann::json test = analyse_occlusion(*st, fixture, scenario);
      apply_deviations(test, deviations);
      out.tests.push_back(std::move(test));
    }
    if (scenario.free_flow) {
      nlohmann::json test = analyse_free_flow(*st, fixture, scenario);
      apply_deviations(test, deviations);
      out.tests.push_back(std::move(test));
    }
  }
  return out;
}

}  // namespace pumprig
