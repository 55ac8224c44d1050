#include "rig/session/recorded_results.hpp"

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"
#include "rig/config/validate.hpp"
#include "rig/kinds/registry.hpp"
#include "rig/kinds/station_record.hpp"

namespace pumprig {

namespace {

// What reading the record forgave goes with each test of the station.
void add_notes(TestResult& test, const std::vector<std::string>& notes) {
  test.notes.insert(test.notes.end(), notes.begin(), notes.end());
}

}  // namespace

bool StationResults::any_aborted() const {
  for (const auto& st : stations)
    if (st.status == RunStatus::aborted) return true;
  return false;
}

void apply_deviations(TestResult& test, const std::vector<Deviation>& deviations) {
  if (deviations.empty()) return;
  std::string what;
  for (const auto& d : deviations) what += (what.empty() ? "" : "; ") + (d.what.empty() ? std::string("fault") : d.what);
  test.deviations = deviations;
  test.notes.push_back(fmt::format("the station carried on through {} fault(s): {}", deviations.size(), what));
  if (test.verdict == Verdict::pass) {
    test.verdict = Verdict::inconclusive;
    test.notes.push_back("verdict inconclusive: the numbers pass, but a fault during the run means they cannot be trusted");
  }
}

std::string aborted_stations_reason(const StationResults& results) {
  std::string reason;
  for (const auto& st : results.stations)
    if (st.status == RunStatus::aborted) reason += (reason.empty() ? "" : "; ") + st.id + ": " + st.reason;
  return reason;
}

RunResult run_result_document(const RunIdentity& run, const Fixture& fixture, const Scenario& scenario, bool aborted,
                              const StationResults& results) {
  RunResult doc;
  doc.run.id = run.id;
  doc.run.scenario = scenario.id;
  doc.run.fixture = fixture.name;
  doc.run.provenance = run.provenance;
  doc.run.status = aborted ? RunStatus::aborted : RunStatus::finished;
  doc.run.seed = run.seed;
  doc.run.stations = results.stations;
  doc.tests = results.tests;
  return doc;
}

StationResults analyse_recorded_run(const RunFolderContents& record, const Fixture& fixture, const Scenario& scenario) {
  StationResults out;
  for (const StationConfig* cfg : stations_for(scenario, fixture)) {
    if (!has_events_of(record, cfg->id)) continue;
    const StationRecord st = read_station_record(record, cfg->id);
    out.stations.push_back(StationOutcome{st.id, st.status, st.reason, std::string(to_string(cfg->on_fault)), st.deviations, st.checks});
    auto add_test = [&](TestResult test) {
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
