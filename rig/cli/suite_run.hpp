#pragma once
// `pumprig run SUITE.yaml`: every scenario of a suite, in order, on the same bench. All of them
// are loaded and checked against the fixture before anything moves; each run makes its own run
// folder (record, reports, index entry); Ctrl-C ends the current run in the safe state and
// skips the rest. One summary line per scenario at the end.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "rig/cli/run_command.hpp"

namespace pumprig {

struct SuiteReport {
  // 0 every scenario passed; 1 one failed or was inconclusive; 2 configuration error (nothing
  // ran); 3 one aborted (or the suite was interrupted).
  int exit_code = 0;
  std::vector<std::pair<std::string, RunReport>> runs;  // scenario id, its run
};

// `options.scenario_path` names the suite; with `options.out_dir` each scenario's folder is
// <out_dir>/<scenario id>.
SuiteReport run_suite(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pumprig
