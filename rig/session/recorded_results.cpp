#include "rig/session/recorded_results.hpp"

#include <fmt/format.h>

#include "rig/analysis/free_flow.hpp"
#include "rig/analysis/occlusion.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/analysis/water_density.hpp"
#include "rig/config/accuracy_params.hpp"
#include "rig/config/validate.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/io_readings.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/station_markers.hpp"

namespace pumprig {

namespace {

// What one station recorded, on the samples file's time axis (test time once the pump started).
struct StationRecord {
  std::string id;
  std::vector<MassReading> readings;
  IoReadings io;
  RecordedMarkers markers;
  std::string status = "aborted";
  std::string reason = "the recording ended before the station finished (the run was interrupted)";
  nlohmann::json deviations = nlohmann::json::array();
  nlohmann::json checks = nlohmann::json::array();
  std::vector<std::string> notes;  // what reading the record forgave (a torn last line)
  bool started() const { return markers.test_origin_s.has_value(); }
  double set_rate_ml_h() const { return markers.set_rate_ml_h.value_or(0.0); }
};

bool has_events_of(const RunFolderContents& record, const std::string& station) {
  for (const auto& e : record.events)
    if (e.is_object() && e.value("source", nlohmann::json()) == station) return true;
  return false;
}

// The test-time file once the pump started; before that (or when it never started) the pre-start
// file, whose recording time is then the same axis.
const std::filesystem::path* stream_of(const std::map<std::string, std::filesystem::path>& test_files,
                                       const std::map<std::string, std::filesystem::path>& prestart_files,
                                       const std::string& station, bool started) {
  if (auto it = test_files.find(station); it != test_files.end()) return &it->second;
  if (started) return nullptr;
  if (auto it = prestart_files.find(station); it != prestart_files.end()) return &it->second;
  return nullptr;
}

StationRecord read_station(const RunFolderContents& record, const std::string& station) {
  StationRecord s;
  s.id = station;
  try {
    s.markers = read_station_markers(record.events, station);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}, {}", (record.dir / run_files::kEvents).string(), e.what()));
  }
  if (const auto* path = stream_of(record.samples, record.prestart_samples, station, s.started())) {
    CsvReadings samples = read_readings_csv(path->string());
    s.readings = std::move(samples.readings);
    s.notes = std::move(samples.notes);
  }
  if (const auto* path = stream_of(record.io_samples, record.prestart_io_samples, station, s.started())) {
    s.io = read_io_csv(path->string());
    s.notes.insert(s.notes.end(), s.io.notes.begin(), s.io.notes.end());
  }
  for (const auto& e : record.events) {
    if (!e.is_object() || e.value("source", nlohmann::json()) != station) continue;
    const std::string kind = e.value("kind", std::string());
    const nlohmann::json data = e.value("data", nlohmann::json::object());
    if (!data.is_object()) continue;
    if (kind == "station" && data.contains("status")) {
      s.status = data.value("status", std::string("aborted"));
      s.reason = data.value("reason", std::string());
    } else if (kind == "fault" && data.contains("deviation")) {
      s.deviations.push_back(data["deviation"]);
    } else if (kind == "check_weight" && data.contains("name") && data.contains("verdict")) {
      s.checks.push_back(data);
    }
  }
  return s;
}

// A test that could not be analysed: its verdict is inconclusive and the note says why.
nlohmann::json not_analysed(const std::string& id, const char* kind, const std::string& station, const char* method,
                            const std::string& note) {
  return {{"id", id}, {"kind", kind}, {"station", station}, {"method", method}, {"verdict", "inconclusive"}, {"notes", {note}}};
}

nlohmann::json analyse_accuracy(const StationRecord& st, const Fixture& fixture, const Scenario& scenario, AccuracyResult* out) {
  const StationConfig& cfg = *fixture.find_station(st.id);
  const std::string test_id = fmt::format("{}-accuracy", st.id);
  if (!st.started())
    return not_analysed(test_id, "accuracy", st.id, kIecMethod, "the pump was never started: no accuracy data");
  AccuracyRunContext run;
  run.set_rate_ml_h = st.set_rate_ml_h();
  run.density_g_ml = fixture.density_g_ml;
  if (cfg.balance.reading_interval_s > 0) run.polling_period_s = cfg.balance.reading_interval_s;
  run.test_duration_min = scenario.infusion_duration_s() / 60.0;
  AccuracyParams params = accuracy_params(*scenario.accuracy, run);
  // The rig I/O board logs the water temperature: unless the scenario gives a density, the
  // density comes from the mean temperature over the analysis period.
  if (!scenario.accuracy->density_g_ml && !st.io.temperatures.empty()) {
    if (const auto t = mean_temperature_c(st.io.temperatures, params.period_start_min * 60.0, params.period_end_min * 60.0);
        t && *t >= 0 && *t <= 40)
      params.water_temperature_c = *t;
  }
  try {
    *out = analyze_accuracy(st.readings, params);
    return accuracy_result_to_json(*out, test_id, st.id);
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "accuracy", st.id, kIecMethod, std::string("analysis not possible: ") + e.what());
  }
}

nlohmann::json analyse_occlusion(const StationRecord& st, const Fixture& fixture, const Scenario& scenario) {
  const OcclusionAnalysisConfig& a = *scenario.occlusion;
  const RecordedMarkers& m = st.markers;
  OcclusionParams p;
  p.rate_ml_h = a.rate_ml_h.value_or(st.set_rate_ml_h());
  p.threshold = m.occlusion_level;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.time_to_alarm_s = a.time_to_alarm_limit_s;
  p.limits.alarm_pressure_mmhg = a.alarm_pressure_limit_mmhg;
  p.limits.peak_pressure_mmhg = a.peak_pressure_limit_mmhg;
  p.limits.bolus_ml = a.bolus_limit_ml;
  OcclusionMarkers k;
  k.t_occlude_s = m.occlude_s;
  k.t_alarm_s = m.alarm_s;
  k.t_release_s = m.release_s;
  k.t_collect_end_s = m.collect_end_s;
  k.alarm_source = m.alarm_source;
  k.collect_end_criterion = m.collect_end_criterion;
  const std::string test_id = fmt::format("{}-occlusion", st.id);
  try {
    return occlusion_result_to_json(analyze_occlusion(p, k, st.io.pressures, st.readings), test_id, st.id);
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "occlusion", st.id, kOcclusionMethod, std::string("analysis not possible: ") + e.what());
  }
}

nlohmann::json analyse_free_flow(const StationRecord& st, const Fixture& fixture, const Scenario& scenario) {
  const FreeFlowAnalysisConfig& a = *scenario.free_flow;
  FreeFlowParams p;
  p.head_height_cm = a.head_height_cm;
  p.density_g_ml = a.density_g_ml.value_or(fixture.density_g_ml);
  p.limits.volume_ml = a.volume_limit_ml;
  p.limits.peak_flow_ml_h = a.peak_flow_limit_ml_h;
  FreeFlowMarkers k;
  k.t_door_open_s = st.markers.door_open_s;
  k.t_door_close_s = st.markers.door_close_s;
  const std::string test_id = fmt::format("{}-free-flow", st.id);
  try {
    return free_flow_result_to_json(analyze_free_flow(p, k, st.readings), test_id, st.id);
  } catch (const std::invalid_argument& e) {
    return not_analysed(test_id, "free_flow", st.id, kFreeFlowMethod, std::string("analysis not possible: ") + e.what());
  }
}

// What reading the record forgave goes with each test of the station.
void add_notes(nlohmann::json& test, const std::vector<std::string>& notes) {
  for (const auto& n : notes) test["notes"].push_back(n);
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

std::string aborted_stations_reason(const StationResults& results) {
  std::string reason;
  for (const auto& st : results.stations)
    if (st.value("status", "") == "aborted")
      reason += (reason.empty() ? "" : "; ") + st.value("id", std::string()) + ": " + st.value("reason", std::string());
  return reason;
}

nlohmann::json run_result_document(const RunIdentity& run, const Fixture& fixture, const Scenario& scenario, bool aborted,
                                   const StationResults& results) {
  nlohmann::json run_json = {{"id", run.id},
                             {"scenario", scenario.id},
                             {"fixture", fixture.name},
                             {"provenance", run.provenance},
                             {"status", aborted ? "aborted" : "finished"},
                             {"seed", run.seed},
                             {"stations", results.stations},
                             {"stations_finished", results.finished_ids()},
                             {"stations_aborted", results.aborted_ids()}};
  return make_result_document(std::move(run_json), results.tests);
}

StationResults analyse_recorded_run(const RunFolderContents& record, const Fixture& fixture, const Scenario& scenario) {
  StationResults out;
  for (const StationConfig* cfg : stations_for(scenario, fixture)) {
    if (!has_events_of(record, cfg->id)) continue;
    const StationRecord st = read_station(record, cfg->id);
    out.stations.push_back({{"id", st.id},
                            {"status", st.status},
                            {"reason", st.reason},
                            {"policy", std::string(to_string(cfg->on_fault))},
                            {"deviations", st.deviations},
                            {"checks", st.checks}});
    auto add_test = [&](nlohmann::json test) {
      apply_deviations(test, st.deviations);
      add_notes(test, st.notes);
      out.tests.push_back(std::move(test));
    };
    if (scenario.accuracy) {
      AccuracyResult r;
      add_test(analyse_accuracy(st, fixture, scenario, &r));
      if (st.started()) out.accuracy.emplace_back(st.id, std::move(r));
    }
    if (scenario.occlusion) add_test(analyse_occlusion(st, fixture, scenario));
    if (scenario.free_flow) add_test(analyse_free_flow(st, fixture, scenario));
  }
  return out;
}

}  // namespace pumprig
