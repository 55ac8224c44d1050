#pragma once
// `ambient: ask` in a fixture: the operator types the room's temperature, humidity and air
// pressure at the start of a run (or of a suite, once), unless --condition already gives them.
// Each answer is checked as a --condition value would be (unit, plausible range); a bad one is
// asked again, an empty one refuses (no run starts without the conditions the fixture asks for).
#include <iosfwd>
#include <string>
#include <vector>

#include "rig/cli/run_command.hpp"

namespace pumprig {

// The answers, as "ambient.temperature=22.5 degC" items for SessionOptions::operator_conditions.
// Asks nothing when the fixture does not ask or --condition gave every value; throws
// std::invalid_argument when it must ask but `interactive` is false (not a terminal, or
// --unattended) or the operator gives no answer.
std::vector<std::string> ask_ambient_conditions(const RunOptions& options, bool interactive, std::istream& in,
                                                std::ostream& out);

// Whether stdin is a terminal a person types into.
bool stdin_is_terminal();

}  // namespace pumprig
