#include "rig/cli/station_results.hpp"

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"

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

// The accuracy test of one station, analysed from the readings the run kept in memory (the same
// numbers that went to samples-<station>.csv).
nlohmann::json analyse_accuracy(const StationRun& st, const Fixture& fixture, const Scenario& scenario, AccuracyResult* out) {
  const StationConfig& cfg = *fixture.find_station(st.id());
  const std::string test_id = fmt::format("{}-accuracy", st.id());
  if (!st.test_origin()) {
    return {{"id", test_id}, {"kind", "accuracy"}, {"station", st.id()}, {"method", kIecMethod},
            {"verdict", "inconclusive"}, {"notes", {"the pump was never started: no accuracy data"}}};
  }
  std::vector<MassReading> readings;
  readings.reserve(st.readings().size());
  for (const auto& r : st.readings()) readings.push_back(MassReading{to_seconds(r.t_ns - *st.test_origin()), r.mass_g, r.stable});
  try {
    *out = analyze_accuracy(readings, accuracy_params(*scenario.accuracy, scenario, fixture, cfg, st.set_rate_ml_h()));
    return accuracy_result_to_json(*out, test_id, st.id());
  } catch (const std::invalid_argument& e) {
    return {{"id", test_id}, {"kind", "accuracy"}, {"station", st.id()}, {"method", kIecMethod},
            {"verdict", "inconclusive"}, {"notes", {std::string("analysis not possible: ") + e.what()}}};
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
  }
  return out;
}

}  // namespace pumprig
