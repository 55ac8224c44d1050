#pragma once
// The runs a suite makes: each entry once with the scenario's own parameters, or once per
// parameter set of its matrix or list, with `--param` values for every scenario that declares
// them. Pure: the scenarios' ids and declared parameters are given, so the list is known (and
// checked) before anything runs, and testable without a bench.
#include <map>
#include <string>
#include <vector>

#include "rig/config/suite.hpp"

namespace pumprig {

// What the expansion needs to know of an entry's scenario, as its file declares it.
struct ScenarioDeclaration {
  std::string id;
  std::map<std::string, std::string> parameters;
  SourcePos parameters_where;  // the `parameters:` key, or the file (line 0) when it has none
};

struct SuiteRun {
  std::string scenario_path;
  SourcePos where;            // the suite entry
  std::string display_id;     // "occlusion-25mlh-low[rate=5 ml/h,level=high]"
  std::string file_name;      // "occlusion-25mlh-low-rate5mlh-levelhigh": its folder under --out, its run id's part
  ParameterOverrides overrides;  // --param values the scenario declares, then the entry's set
};

// `declarations[i]` belongs to `suite.scenarios[i]`. Throws ConfigError at the suite's position
// when a set names a parameter its scenario does not declare, a --param value and a set give the
// same parameter, or two sets of one entry name the same run; std::invalid_argument when a
// --param names a parameter no scenario of the suite declares.
std::vector<SuiteRun> expand_suite(const Suite& suite, const std::vector<ScenarioDeclaration>& declarations,
                                   const ParameterOverrides& command_line = {});

}  // namespace pumprig
