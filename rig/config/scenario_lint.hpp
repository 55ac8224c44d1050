#pragma once
// The scenario linter: contradictions between what an analysis assumes and what the steps do,
// which load without error but make every result wrong (an accuracy analysis judged against
// 2 ml/h while set_pump runs the pump at 1 ml/h reports A = -50 % for a perfect pump). It sees
// only the scenario (after parameters), so `pumprig check` and every run and suite run it before
// anything moves; a recorded run is reanalysed without it.
#include <string>
#include <vector>

#include "rig/config/config_error.hpp"
#include "rig/config/scenario.hpp"

namespace pumprig {

struct LintFinding {
  SourcePos where;      // the analysis key at fault
  std::string message;  // names the step it contradicts, with its line
  std::string text() const { return to_string(where) + ": " + message; }
};

// Findings, in the order of the analyses, empty for a consistent scenario:
//  - an analysis `rate` (accuracy, occlusion) other than the set_pump rate in force when it
//    matters: during the accuracy analysis period, when the occlusion analysis's line is occluded;
//  - an occlusion `time_to_alarm` limit longer than the wait for the alarm (wait_until timeout),
//    so a pump alarming in between would time out instead of passing.
// An analysis period beyond the recorded infusion is refused when the scenario loads already.
std::vector<LintFinding> lint_scenario(const Scenario& scenario);

// Throws ConfigError at the first finding (saying how many more there are).
void check_scenario_lint(const Scenario& scenario);

}  // namespace pumprig
