#pragma once
// `pumprig run SUITE.yaml`: every scenario of a suite, in order, on the same bench. All of them
// are loaded and checked against the fixture before anything moves; each run makes its own run
// folder (record, reports, index entry); Ctrl-C ends the current run in the safe state and
// skips the rest. One summary line per scenario at the end.
#include <filesystem>
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
  // Its display id ("occlusion-25mlh-low[rate=5 ml/h,level=high]" for a parameter set), its run.
  std::vector<std::pair<std::string, RunReport>> runs;
  std::filesystem::path suite_dir;  // the suite's folder (empty when nothing ran)
};

// `options.scenario_path` names the suite. Its folder is `options.out_dir`, else
// <runs_dir>/<UTC>-<suite id>-<random>; each run's folder is <suite folder>/<scenario id>[-<parameters>]
// (SuiteRun::file_name), and the suite writes junit.xml and summary.json there
// (rig/cli/suite_outputs.hpp). The runs are indexed beside the suite folder unless options name an
// index or none. `options.parameters` (--param) go to every scenario that declares them.
SuiteReport run_suite(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pumprig
