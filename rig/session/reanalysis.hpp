#pragma once
// Re-analysing a recorded run from its folder alone, any kind of test: the scenario and fixture
// come from run.json (which keeps both as run, with the --dut overrides), every reading and
// marker from the folder's files (recorded_results.hpp). The result equals the one `pumprig run`
// wrote, to the last bit, for a run that finished; a run that was killed is analysed from what it
// recorded before it died.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/record/run_verdict.hpp"
#include "rig/session/recorded_results.hpp"

namespace pumprig {

struct Reanalysis {
  RunResult result;             // a result.json document (same schema, same test keys)
  StationResults stations;      // the tests, stations and terminal blocks
  RunVerdict verdict;
  std::string run_id;
  std::string scenario_title;
  std::string fixture_name;
  std::string run_status;       // "finished", "aborted" or "aborted (interrupted)"
  std::vector<std::string> notes;  // what reading the folder forgave
};

// Throws std::runtime_error (naming the folder or file) when the folder is not a run folder that
// `pumprig run` recorded, or its record cannot be read.
Reanalysis reanalyse_run_folder(const std::filesystem::path& dir);

}  // namespace pumprig
