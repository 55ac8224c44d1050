#include "rig/cli/command_suggestion.hpp"

#include "rig/config/config_error.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

std::string unknown_command_message(std::string_view typed, const std::vector<std::string>& known) {
  return "pumprig: unknown command '" + printable(typed) + "'" + did_you_mean_suffix(typed, known) + "; commands are " +
         quoted_list(known, "and") + " (pumprig --help)";
}

}  // namespace pumprig
