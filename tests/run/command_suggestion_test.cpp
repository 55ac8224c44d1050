// An unknown command gets the nearest commands, not "A subcommand is required" (issue 15 item 7).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/cli/command_suggestion.hpp"

using namespace pumprig;

namespace {
const std::vector<std::string> kCommands{"run",  "analyze", "report",  "ports",   "probe",
                                         "verify", "keys",  "history", "compare", "baseline"};
}

BOOST_AUTO_TEST_SUITE(command_suggestion)

BOOST_AUTO_TEST_CASE(typos_and_spellings_get_the_command_meant) {
  BOOST_TEST(suggest_commands("histroy", kCommands) == std::vector<std::string>{"history"});
  BOOST_TEST(suggest_commands("analyse", kCommands) == std::vector<std::string>{"analyze"});
  BOOST_TEST(suggest_commands("verfy", kCommands) == std::vector<std::string>{"verify"});
  BOOST_TEST(suggest_commands("RUN", kCommands) == std::vector<std::string>{"run"});
  BOOST_TEST(suggest_commands("base", kCommands) == std::vector<std::string>{"baseline"});  // a prefix
  BOOST_TEST(suggest_commands("pro", kCommands) == std::vector<std::string>{"probe"});
  BOOST_TEST(suggest_commands("port", kCommands) == (std::vector<std::string>{"ports", "report"}));
}

BOOST_AUTO_TEST_CASE(nothing_close_gets_the_list_alone) {
  BOOST_TEST(suggest_commands("calibrate", kCommands).empty());
  BOOST_TEST(suggest_commands("", kCommands).empty());
  BOOST_TEST(suggest_commands(std::string(10000, 'x'), kCommands).empty());
  const std::string m = unknown_command_message("zzz", kCommands);
  BOOST_TEST(m.find("did you mean") == std::string::npos, m);
  BOOST_TEST(m.find("commands: run, analyze") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(the_message_names_what_was_typed_printably) {
  const std::string m = unknown_command_message("histroy", kCommands);
  BOOST_TEST(m.find("unknown command 'histroy'; did you mean 'history'?") != std::string::npos, m);
  const std::string raw = unknown_command_message("a\x1b[2Jb", kCommands);
  BOOST_TEST(raw.find('\x1b') == std::string::npos, raw);
}

BOOST_AUTO_TEST_SUITE_END()
