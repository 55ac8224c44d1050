#include "rig/cli/ambient_prompt.hpp"

#include <unistd.h>

#include <istream>
#include <ostream>
#include <stdexcept>

#include "rig/config/fixture.hpp"

namespace pumprig {

namespace {

const char* question(const std::string& key) {
  if (key == "ambient.temperature") return "Ambient temperature (e.g. 22.5 degC): ";
  if (key == "ambient.humidity") return "Relative humidity (e.g. 45 %): ";
  return "Air pressure (e.g. 1013 hPa): ";
}

}  // namespace

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

std::vector<std::string> ask_ambient_conditions(const RunOptions& options, bool interactive, std::istream& in,
                                                std::ostream& out) {
  Fixture fixture = load_fixture_or_default(options.fixture_path);
  apply_condition_overrides(fixture, options.conditions);
  const std::vector<std::string> missing = ambient_values_to_ask(fixture);
  std::vector<std::string> answers;
  if (missing.empty()) return answers;
  if (!interactive || options.unattended)
    throw std::invalid_argument("fixture '" + fixture.name + "' asks for the ambient conditions (ambient: ask) and nobody is "
                                "at a terminal to type them: give --condition " + missing.front() + "=... for each of " +
                                quoted_list(missing, "and"));
  out << "The fixture asks for the test conditions (ambient: ask):\n";
  for (const std::string& key : missing) {
    while (true) {
      out << question(key) << std::flush;
      std::string line;
      if (!std::getline(in, line) || line.find_first_not_of(" \t") == std::string::npos)
        throw std::invalid_argument("no " + key + " given: the fixture asks for it before the run starts");
      const std::string item = key + "=" + line;
      try {
        Fixture check = fixture;  // the same checks as --condition (unit, plausible range)
        apply_condition_overrides(check, {item}, "operator");
        answers.push_back(item);
        break;
      } catch (const std::invalid_argument& e) {
        out << "  " << e.what() << "\n";
      }
    }
  }
  return answers;
}

}  // namespace pumprig
