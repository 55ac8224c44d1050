#pragma once
// A run's result for the terminal: what `pumprig run` prints in its summary and `pumprig analyze
// RUN_DIR` prints.
#include <ostream>
#include <string>
#include <vector>

#include "rig/record/run_result.hpp"
#include "rig/record/run_verdict.hpp"

namespace pumprig {

// How each station ended, the test kinds' terminal blocks (`details`: the accuracy tables), one
// line per test with its kind's headline numbers, and the overall verdict.
void print_result_summary(std::ostream& out, const RunResult& result, const std::vector<std::string>& details,
                          const RunVerdict& verdict);

}  // namespace pumprig
