// Issue 11: `--seed -5` was stored as 18446744073709551611 (CLI11 reads unsigned options with
// strtoull). It is a usage error now.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "rig/cli/run_command.hpp"
#include "rig/cli/whole_number_check.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(seed_option)

BOOST_AUTO_TEST_CASE(a_negative_seed_is_a_usage_error) {
  for (const std::string bad : {"-5", "+5", "5x", "", "0x10", "1e3"}) {
    BOOST_TEST_CONTEXT(bad) {
      CLI::App app;
      int exit_code = -1;
      add_run_command(app, exit_code);
      std::vector<std::string> args{"--seed", bad, "scenario.yaml", "run"};  // CLI11 parses from the back
      BOOST_CHECK_THROW(app.parse(args), CLI::ParseError);
      BOOST_TEST(exit_code == -1);  // nothing ran
    }
  }
}

BOOST_AUTO_TEST_CASE(whole_numbers_pass_the_check) {
  std::string text = "18446744073709551615";
  BOOST_TEST(whole_number_check()(text).empty());
  text = "-5";
  BOOST_TEST(!whole_number_check()(text).empty());
}

BOOST_AUTO_TEST_SUITE_END()
