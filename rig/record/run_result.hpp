#pragma once
// result.json, typed: the one reader every consumer uses (verdict, console summary, report,
// JUnit, run index, compare) and the one writer behind `pumprig run` and `pumprig analyze`. Its
// tests are rig/analysis/result_json.hpp's; here is the document around them: the run block with
// how each station ended. Schema 2 (kResultSchema); schema-1 documents read the same way.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/result_json.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

// How one station ended, with the faults it carried on through and its check-weight checks.
struct StationOutcome {
  std::string id;
  RunStatus status = RunStatus::aborted;
  std::string reason;  // why it aborted ("" when it finished)
  std::string policy;  // its fault policy ("abort", "continue", "pause")
  std::vector<Deviation> deviations;
  std::vector<Check> checks;
};

// result.json's "run". A recorded run has every typed key; an import (`analyze --input`) has
// only its provenance and what it says of its source.
struct RunSummary {
  std::optional<std::string> id, scenario, fixture;
  std::optional<Provenance> provenance;
  std::optional<RunStatus> status;
  std::optional<nlohmann::json> seed;  // the simulated instruments' seed (null for real ones)
  // With "stations_finished" and "stations_aborted" derived from it when written.
  std::optional<std::vector<StationOutcome>> stations;
  // Every other key as written (software, reanalysis_of, source, analyzed_at_utc, ...).
  nlohmann::json other = nlohmann::json::object();

  const std::vector<StationOutcome>& station_list() const;
  std::vector<std::string> ids_with_status(RunStatus s) const;
};

struct RunResult {
  std::string schema = kResultSchema;
  RunSummary run;
  std::vector<TestResult> tests;
};

nlohmann::json to_json(const RunSummary& run);
nlohmann::json to_json(const RunResult& result);
// Nullopt for a document that is no JSON object; otherwise never throws: a missing or damaged
// part reads as absent (a verdict as inconclusive), never as a pass.
std::optional<RunResult> run_result_from_json(const nlohmann::json& j);
// result.json from a file; nullopt when it is missing, does not parse or is no object (the callers
// say what is absent in their own terms).
std::optional<RunResult> read_run_result(const std::filesystem::path& path);

}  // namespace pumprig
