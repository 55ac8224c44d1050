#pragma once
// A suite is a list of scenarios run one after the other on the same bench (schema
// pumprig.suite/1): e.g. accuracy, then occlusion at two thresholds, then free flow. Each scenario
// keeps its own run folder, record and report; the suite adds the order and one summary. An entry
// may run its scenario with several parameter sets: a `matrix` (every combination) or a list of
// `parameters`; each set is a run of its own (rig/config/suite_expansion.hpp).
#include <string>
#include <vector>

#include "rig/config/config_error.hpp"
#include "rig/config/scenario_parameters.hpp"

namespace pumprig {

inline constexpr const char* kSuiteSchema = "pumprig.suite/1";

struct SuiteEntry {
  std::string path;  // resolved against the suite file's folder
  SourcePos where;
  // The parameter sets the scenario runs with, in order; none for a plain file name (one run
  // with the scenario's own parameters). Each override carries its position in the suite.
  std::vector<ParameterOverrides> parameter_sets;
};

struct Suite {
  std::string source, id, title;
  std::vector<SuiteEntry> scenarios;
};

// True when the YAML's top-level `schema` names a suite (a quick look before choosing a loader).
bool is_suite_text(const std::string& yaml_text);
// Throws ConfigError (file:line:col): schema, keys, a scenario file that does not exist, a bad
// matrix or parameter list.
Suite load_suite_file(const std::string& path);
// The same from text already read; scenario paths are resolved against source_name's folder.
Suite load_suite_text(const std::string& yaml_text, const std::string& source_name);

}  // namespace pumprig
