#include "rig/session/recorded_results.hpp"

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"
#include "rig/config/validate.hpp"
#include "rig/kinds/registry.hpp"
#include "rig/kinds/station_record.hpp"

namespace pumprig {

namespace {

// What reading the record forgave goes with each test of the station.
void add_notes(nlohmann::json& test, const std::vector<std::string>& notes) {
  for (const auto& n : notes) test["notes"].push_back(n);
}

}  // namespace

std::vector<std::string> StationResults::ids_with_status(RunStatus status) const {
  std::vector<std::string> ids;
  for (const auto& st : stations)
    if (ended_as(st.value("status", "")) == status) ids.push_back(st.value("id", ""));
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
    if (ended_as(st.value("status", "")) == RunStatus::aborted)
      reason += (reason.empty() ? "" : "; ") + st.value("id", std::string()) + ": " + st.value("reason", std::string());
  return reason;
}

nlohmann::json run_result_document(const RunIdentity& run, const Fixture& fixture, const Scenario& scenario, bool aborted,
                                   const StationResults& results) {
  nlohmann::json run_json = {{"id", run.id},
                             {"scenario", scenario.id},
                             {"fixture", fixture.name},
                             {"provenance", run.provenance},
                             {"status", to_string(aborted ? RunStatus::aborted : RunStatus::finished)},
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
    const StationRecord st = read_station_record(record, cfg->id);
    out.stations.push_back({{"id", st.id},
                            {"status", to_string(st.status)},
                            {"reason", st.reason},
                            {"policy", std::string(to_string(cfg->on_fault))},
                            {"deviations", st.deviations},
                            {"checks", st.checks}});
    auto add_test = [&](nlohmann::json test) {
      apply_deviations(test, st.deviations);
      add_notes(test, st.notes);
      out.tests.push_back(std::move(test));
    };
    for (const auto& spec : scenario.analyses) {
      const TestKind* kind = find_test_kind(spec->kind);
      if (!kind) throw std::invalid_argument("no test kind '" + spec->kind + "' is registered");
      AnalysedTest analysed = kind->analyse(st, *spec, fixture, scenario);
      add_test(std::move(analysed.test));
      if (!analysed.terminal_detail.empty()) out.details.push_back(std::move(analysed.terminal_detail));
    }
  }
  return out;
}

}  // namespace pumprig
