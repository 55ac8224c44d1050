#pragma once
// What each station of a finished run kept, turned into result.json: one test per analysis and
// station (the analyses run on the readings the run held in memory, the same numbers that went to
// the samples files), and the `run.stations` entries saying how each station ended.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/accuracy.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/runner/runner.hpp"

namespace pumprig {

struct StationResults {
  std::vector<nlohmann::json> tests;
  // [{"id", "status": finished|aborted, "reason", "policy", "deviations": [...], "checks": [...]}]
  nlohmann::json stations = nlohmann::json::array();
  std::vector<std::pair<std::string, AccuracyResult>> accuracy;  // for the terminal tables

  std::vector<std::string> finished_ids() const { return ids_with_status("finished"); }
  std::vector<std::string> aborted_ids() const { return ids_with_status("aborted"); }
  std::vector<std::string> ids_with_status(const std::string& status) const;
};

StationResults station_results(const Runner& runner, const Fixture& fixture, const Scenario& scenario);

// A station that carried on through a fault cannot vouch for its numbers: a test that would pass
// becomes inconclusive, with a note naming the deviations.
void apply_deviations(nlohmann::json& test, const nlohmann::json& deviations);

}  // namespace pumprig
