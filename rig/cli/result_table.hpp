#pragma once
// The accuracy result as a table for the terminal: what `pumprig analyze` prints and what
// `pumprig run` prints in its summary.
#include <ostream>
#include <string>
#include <vector>

#include <utility>

#include <nlohmann/json.hpp>

#include "rig/analysis/accuracy.hpp"
#include "rig/record/run_verdict.hpp"

namespace pumprig {

void print_accuracy_table(std::ostream& out, const AccuracyResult& r, const std::string& heading,
                          const std::string& density_source = "", const std::vector<std::string>& notes = {});

// A run's result for the terminal: how each station ended, the accuracy tables, one line per test
// with its headline numbers, and the overall verdict. `pumprig run` and `pumprig analyze RUN_DIR`.
void print_result_summary(std::ostream& out, const nlohmann::json& result,
                          const std::vector<std::pair<std::string, AccuracyResult>>& accuracy, const RunVerdict& verdict);

}  // namespace pumprig
