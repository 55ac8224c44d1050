#pragma once
// Load a scenario with every registered test kind reading its block under `analysis:`.
#include <string>

#include "rig/config/scenario.hpp"

namespace pumprig {

// Throws ConfigError (file:line:col) for any schema violation; std::runtime_error naming the
// path when the file cannot be read. `overrides` replace declared parameters (--param, a suite's
// matrix) before any "${name}" is read.
Scenario load_scenario_file(const std::string& path, const ParameterOverrides& overrides = {});
Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const ParameterOverrides& overrides = {});

}  // namespace pumprig
