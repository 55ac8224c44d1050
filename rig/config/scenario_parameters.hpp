#pragma once
// Values given for a scenario's declared `parameters:` from outside the file: `--param NAME=VALUE`
// on the command line, or one expansion of a suite's matrix. The scenario loader applies them
// before it reads any "${name}", so every value is checked by the rules it would meet in the file.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rig/config/config_error.hpp"

namespace pumprig {

struct ParameterOverride {
  std::string name, value;
  // Where the value was given, for messages: "--param rate=5 ml/h", or the suite's position.
  std::string origin;
  SourcePos where;  // a suite's position; unknown (line 0) for the command line
};
using ParameterOverrides = std::vector<ParameterOverride>;

// "rate=5 ml/h" from the command line. Throws std::invalid_argument without a '=' or a name.
ParameterOverride parse_parameter_option(const std::string& text);
std::vector<ParameterOverride> parse_parameter_options(const std::vector<std::string>& texts);

// Parameter names use letters, digits and '_', not starting with a digit (as "${name}" reads them).
bool is_parameter_name(std::string_view name);

// Throws ConfigError at the override's own position (a suite's), else at `declared_where` (the
// scenario's `parameters:` key, or the file), when an
// override names a parameter the scenario does not declare: the message names the scenario file,
// the declared parameters and the closest one. Also refuses a value with "${" or control characters.
void check_overrides_declared(const ParameterOverrides& overrides, const std::map<std::string, std::string>& declared,
                              const SourcePos& declared_where);

// "occlusion-25mlh-low[rate=5 ml/h,level=high]": a run's name for people; the id alone when no
// parameter was given from outside.
std::string run_display_id(const std::string& scenario_id, const ParameterOverrides& overrides);
// "occlusion-25mlh-low-rate5mlh-levelhigh": the same as a part of a folder name and run id.
std::string run_file_name(const std::string& scenario_id, const ParameterOverrides& overrides);

// "rate=5 ml/h,level=high": the overrides in the order given, for display ("" when none).
std::string parameters_display(const ParameterOverrides& overrides);
// "rate5mlh-levelhigh": the same as a part of a file or folder name (a-z, 0-9, '.', '-' and '_'
// only; "" when none). Two different value sets may only collide when they differ in case,
// spaces or punctuation, which a suite's expansion refuses (rig/config/suite_expansion.hpp).
std::string parameters_file_part(const ParameterOverrides& overrides);

}  // namespace pumprig
