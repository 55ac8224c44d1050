#include "rig/kinds/scenario_loading.hpp"

#include "rig/kinds/registry.hpp"

namespace pumprig {

Scenario load_scenario_file(const std::string& path, const ParameterOverrides& overrides) {
  return read_scenario_file(path, analysis_block_parsers(), overrides);
}

Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const ParameterOverrides& overrides) {
  return read_scenario_text(yaml_text, source_name, analysis_block_parsers(), overrides);
}

}  // namespace pumprig
