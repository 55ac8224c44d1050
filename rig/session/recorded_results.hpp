#pragma once
// Every test of a run, analysed from its record alone: the run folder's samples, I/O board
// stream, events (markers, checks, deviations, how each station ended) and the fixture and
// scenario as run. `pumprig run` computes its live result with this function once the stations
// are done, and `pumprig analyze RUN_DIR` calls it on the same folder later, so re-analysis
// equals the live result to the last bit; a killed run is analysed from whatever it recorded.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_result.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

struct StationResults {
  std::vector<TestResult> tests;
  std::vector<StationOutcome> stations;
  std::vector<std::string> details;  // the test kinds' blocks for the terminal (the accuracy tables)

  bool any_aborted() const;
};

// The stations are the scenario's stations on the fixture that recorded anything; each runs
// every analysis of the scenario through its test kind (rig/kinds/). Throws CsvError or
// std::invalid_argument (naming the file and line) on a record that cannot be read; a test whose
// analysis is not possible is inconclusive with a note, not an error.
StationResults analyse_recorded_run(const RunFolderContents& record, const Fixture& fixture, const Scenario& scenario);

// "station-1: reason; station-2: reason" over the stations that ended aborted; empty when none.
std::string aborted_stations_reason(const StationResults& results);

// result.json of a run: the same document for the live result and a re-analysis.
struct RunIdentity {
  std::string id;          // run id (the run folder's name when recorded)
  Provenance provenance = Provenance::real;
  nlohmann::json seed;     // seed of the simulated instruments
};
RunResult run_result_document(const RunIdentity& run, const Fixture& fixture, const Scenario& scenario, bool aborted,
                                   const StationResults& results);

// A station that carried on through a fault cannot vouch for its numbers: a test that would pass
// becomes inconclusive, with a note naming the deviations.
void apply_deviations(TestResult& test, const std::vector<Deviation>& deviations);

}  // namespace pumprig
