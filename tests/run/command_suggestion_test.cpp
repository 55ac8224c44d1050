// An unknown command gets the nearest command, not "A subcommand is required" (issue 15 item 7).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/cli/command_suggestion.hpp"

using namespace pumprig;

namespace {
const std::vector<std::string> kCommands{"run",  "analyze", "report",  "ports",   "probe",
                                         "verify", "keys",  "history", "compare", "baseline"};
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}

BOOST_AUTO_TEST_SUITE(command_suggestion)

BOOST_AUTO_TEST_CASE(typos_and_spellings_get_the_command_meant) {
  BOOST_TEST(has(unknown_command_message("histroy", kCommands), "unknown command 'histroy' (did you mean 'history'?)"));
  BOOST_TEST(has(unknown_command_message("analyse", kCommands), "(did you mean 'analyze'?)"));
  BOOST_TEST(has(unknown_command_message("verfy", kCommands), "(did you mean 'verify'?)"));
  BOOST_TEST(has(unknown_command_message("base", kCommands), "(did you mean 'baseline'?)"));  // a prefix
}

BOOST_AUTO_TEST_CASE(nothing_close_gets_the_list_alone_and_the_echo_is_printable) {
  const std::string m = unknown_command_message("calibrate", kCommands);
  BOOST_TEST(!has(m, "did you mean"), m);
  BOOST_TEST(has(m, "commands are 'run', 'analyze'"), m);
  BOOST_TEST(has(m, "and 'baseline'"), m);
  BOOST_TEST(!has(unknown_command_message("a\x1b[2Jb", kCommands), "\x1b"));
}

BOOST_AUTO_TEST_SUITE_END()
