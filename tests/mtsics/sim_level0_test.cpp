// The simulated balance's level-0 identification beyond I2 to I4 (issue 12, item 2): I0 lists
// exactly the commands the simulator answers, I1 its levels and versions, I5 its software number;
// an older balance (level0_identity off) answers all three ES.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/mtsics/sim_bench.hpp"

using namespace pumprig;
using pumprig::sim::SimBalanceIdentity;
using pumprig::sim::SimMtsicsOptions;
using Bench = pumprig::test::SimBalanceBench;

namespace {

// The words of I0's lines, in order; every line must be `I0 B <level> "<cmd>"` but the last, `I0 A`.
std::vector<std::string> listed_words(const std::string& reply) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < reply.size()) {
    const auto end = reply.find("\r\n", pos);
    BOOST_REQUIRE(end != std::string::npos);
    const std::string line = reply.substr(pos, end - pos);
    pos = end + 2;
    const bool last = pos == reply.size();
    BOOST_TEST(line.substr(0, 5) == (last ? "I0 A " : "I0 B "));
    const auto open = line.find('"');
    BOOST_REQUIRE(open != std::string::npos);
    BOOST_TEST(line.back() == '"');
    words.push_back(line.substr(open + 1, line.size() - open - 2));
  }
  return words;
}

// A request that exercises the command with parameters it accepts.
std::string request_for(const std::string& word) {
  if (word == "D") return "D \"X\"\r\n";
  if (word == "K") return "K 1\r\n";
  return word + "\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_simulator_level0)

BOOST_AUTO_TEST_CASE(i0_lists_every_command_with_its_level_byte_exact) {
  Bench b;
  BOOST_TEST(b.ask("I0\r\n") ==
             "I0 B 0 \"I0\"\r\nI0 B 0 \"I1\"\r\nI0 B 0 \"I2\"\r\nI0 B 0 \"I3\"\r\nI0 B 0 \"I4\"\r\nI0 B 0 \"I5\"\r\n"
             "I0 B 0 \"S\"\r\nI0 B 0 \"SI\"\r\nI0 B 0 \"SIR\"\r\nI0 B 0 \"Z\"\r\nI0 B 0 \"ZI\"\r\nI0 B 0 \"@\"\r\n"
             "I0 B 1 \"D\"\r\nI0 B 1 \"DW\"\r\nI0 B 1 \"K\"\r\nI0 B 1 \"SR\"\r\nI0 B 1 \"T\"\r\nI0 B 1 \"TA\"\r\n"
             "I0 B 1 \"TAC\"\r\nI0 B 1 \"TI\"\r\nI0 B 2 \"C\"\r\nI0 A 2 \"SNR\"\r\n");
  BOOST_TEST(b.balance->count("I0") == 1u);
}

// Exactly: every listed word is answered (never ES), and the words it does not list are ES.
BOOST_AUTO_TEST_CASE(i0_lists_exactly_what_the_simulator_answers) {
  Bench lister;
  const std::vector<std::string> words = listed_words(lister.ask("I0\r\n"));
  BOOST_TEST(words.size() == 22u);
  for (const auto& word : words) {
    Bench b;  // a fresh balance for each, so no stream or wait of the one before is in the way
    const std::string reply = b.ask(request_for(word), seconds(2));
    BOOST_TEST_CONTEXT("command " << word << " answered " << reply) {
      BOOST_TEST(!reply.empty());
      BOOST_TEST(reply.substr(0, 4) != "ES\r\n");
      BOOST_TEST(reply.substr(0, 4) != "ET\r\n");
    }
  }
  for (const std::string unlisted : {"I6", "SIU", "SX", "M21", "U", "PWR", "C0", "SIRU", "SNRU", "ST"}) {
    Bench b;
    BOOST_TEST_CONTEXT("command " << unlisted) { BOOST_TEST(b.ask(unlisted + "\r\n") == "ES\r\n"); }
  }
}

BOOST_AUTO_TEST_CASE(i0_leaves_out_c_on_a_model_without_it) {
  SimMtsicsOptions no_cancel;
  no_cancel.supports_cancel = false;
  Bench b(no_cancel);
  const std::string reply = b.ask("I0\r\n");
  BOOST_TEST(reply.find("\"C\"") == std::string::npos);
  BOOST_TEST(reply.ends_with("I0 B 1 \"TI\"\r\nI0 A 2 \"SNR\"\r\n"));
  BOOST_TEST(b.ask("C\r\n") == "ES\r\n");
}

BOOST_AUTO_TEST_CASE(i1_states_the_levels_i0_lists_and_their_versions) {
  Bench b;
  BOOST_TEST(b.ask("I1\r\n") == "I1 A \"012\" \"2.20\" \"2.20\" \"2.20\" \"\"\r\n");
  BOOST_TEST(b.ask("I1 0\r\n") == "ES\r\n");  // I1 takes no parameters
}

BOOST_AUTO_TEST_CASE(i5_states_the_software_number) {
  Bench b;
  BOOST_TEST(b.ask("I5\r\n") == "I5 A \"SIM-00000000A\"\r\n");
  SimBalanceIdentity id;
  id.software_number = "SIM-30216954B";
  Bench other({}, id);
  BOOST_TEST(other.ask("I5\r\n") == "I5 A \"SIM-30216954B\"\r\n");
}

BOOST_AUTO_TEST_CASE(an_older_balance_answers_es_to_i0_i1_and_i5) {
  SimMtsicsOptions old;
  old.level0_identity = false;
  Bench b(old);
  BOOST_TEST(b.ask("I0\r\n") == "ES\r\n");
  BOOST_TEST(b.ask("I1\r\n") == "ES\r\n");
  BOOST_TEST(b.ask("I5\r\n") == "ES\r\n");
  BOOST_TEST(b.ask("I4\r\n") == "I4 A \"SIM-B0001\"\r\n");  // the rest of level 0 stays
  BOOST_TEST(b.ask("I2\r\n") == "I2 A \"XPR205 220.0000 g\"\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
