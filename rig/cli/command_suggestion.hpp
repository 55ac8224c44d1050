#pragma once
// What to tell a tester who typed a command pumprig does not have ("histroy", "analyse"): the
// nearest commands by edit distance, so the error says "did you mean 'history'?".
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

// The known commands within two edits of `typed` (or that it begins), nearest first; empty when
// none is close.
std::vector<std::string> suggest_commands(std::string_view typed, const std::vector<std::string>& known);

// "pumprig: unknown command 'histroy'; did you mean 'history'? (commands: run, analyze, ...)".
std::string unknown_command_message(std::string_view typed, const std::vector<std::string>& known);

}  // namespace pumprig
