#pragma once
// A suite's runs with their scenarios loaded (every registered test kind reading its block), each
// with its parameter set applied: what a suite run and `pumprig check` go through before anything
// moves.
#include <vector>

#include "rig/config/scenario.hpp"
#include "rig/config/suite_expansion.hpp"

namespace pumprig {

struct LoadedSuiteRun {
  SuiteRun run;
  Scenario scenario;  // loaded with run.overrides
};

// Throws ConfigError (file:line:col) or std::invalid_argument as expand_suite and
// load_scenario_file do.
std::vector<LoadedSuiteRun> load_suite_runs(const Suite& suite, const ParameterOverrides& command_line = {});

}  // namespace pumprig
