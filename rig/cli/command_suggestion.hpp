#pragma once
// What to tell a tester who typed a command pumprig does not have ("histroy", "analyse"): the
// nearest command by the same rule that names a mistyped key in a scenario (config_error.hpp).
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

// "pumprig: unknown command 'histroy' (did you mean 'history'?); commands are 'run', ... and
// 'baseline' (pumprig --help)".
std::string unknown_command_message(std::string_view typed, const std::vector<std::string>& known);

}  // namespace pumprig
