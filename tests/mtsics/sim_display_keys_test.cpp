// The simulated balance's level-1 display, keys and tare-preset commands (issue 12, item 2):
// D "<text>" / DW, K 1..4, TA <value> <unit>, with their `L` answers for bad parameters.
#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/mtsics/sim_bench.hpp"

using namespace pumprig;
using Bench = pumprig::test::SimBalanceBench;

BOOST_AUTO_TEST_SUITE(mtsics_simulator_display_keys)

BOOST_AUTO_TEST_CASE(d_writes_quoted_text_with_its_spaces_and_dw_shows_the_weight_again) {
  Bench b;
  BOOST_TEST(!b.balance->display_text().has_value());
  BOOST_TEST(b.ask("D \"SAMPLE 1\"\r\n") == "D A\r\n");
  BOOST_TEST(b.balance->display_text().value_or("?") == "SAMPLE 1");
  BOOST_TEST(b.ask("D \"  two  spaces \"\r\n") == "D A\r\n");
  BOOST_TEST(b.balance->display_text().value_or("?") == "  two  spaces ");
  // The text runs from the first quote to the last: a quote inside it is a character.
  BOOST_TEST(b.ask("D \"say \"hi\"\"\r\n") == "D A\r\n");
  BOOST_TEST(b.balance->display_text().value_or("?") == "say \"hi\"");
  BOOST_TEST(b.ask("D \"\"\r\n") == "D A\r\n");  // an empty text blanks the display
  BOOST_TEST(b.balance->display_text().value_or("?").empty());
  BOOST_TEST(b.ask(std::string("D \"Gew\xe4gt\"\r\n")) == "D A\r\n");  // 8-bit text, as the manual allows
  BOOST_TEST(b.balance->display_text().value_or("?") == "Gew\xe4gt");

  BOOST_TEST(b.ask("DW\r\n") == "DW A\r\n");
  BOOST_TEST(!b.balance->display_text().has_value());
  BOOST_TEST(b.ask("DW 1\r\n") == "ES\r\n");  // DW takes no parameters
  // The weight is sent as ever while a text is shown.
  b.ask("D \"X\"\r\n");
  BOOST_TEST(b.ask("SI\r\n") == "S S    12.3456 g\r\n");
}

BOOST_AUTO_TEST_CASE(d_refuses_what_is_not_one_quoted_text) {
  Bench b;
  BOOST_TEST(b.ask("D \"KEEP\"\r\n") == "D A\r\n");
  for (const std::string bad : {"D\r\n", "D HELLO\r\n", "D \"unclosed\r\n", "D unopened\"\r\n", "D \"\r\n"}) {
    BOOST_TEST_CONTEXT("request " << bad.substr(0, bad.size() - 2)) { BOOST_TEST(b.ask(bad) == "D L\r\n"); }
  }
  BOOST_TEST(b.balance->display_text().value_or("?") == "KEEP");  // a refused D changes nothing
  BOOST_TEST(b.ask("d \"x\"\r\n") == "ES\r\n");  // commands are upper case
}

BOOST_AUTO_TEST_CASE(k_keeps_modes_1_to_4_and_refuses_others) {
  Bench b;
  BOOST_TEST(b.balance->keys_mode() == 1);
  for (int mode = 1; mode <= 4; ++mode) {
    BOOST_TEST(b.ask("K " + std::to_string(mode) + "\r\n") == "K A\r\n");
    BOOST_TEST(b.balance->keys_mode() == mode);
  }
  for (const std::string bad : {"K\r\n", "K 0\r\n", "K 5\r\n", "K X\r\n", "K 1 2\r\n", "K -1\r\n", "K 1.0\r\n"}) {
    BOOST_TEST_CONTEXT("request " << bad.substr(0, bad.size() - 2)) { BOOST_TEST(b.ask(bad) == "K L\r\n"); }
  }
  BOOST_TEST(b.balance->keys_mode() == 4);  // unchanged by the refused ones
  BOOST_TEST(b.ask("K  2\r\n") == "K A\r\n");  // two spaces: understood, as on a balance
  BOOST_TEST(b.balance->keys_mode() == 2);
}

BOOST_AUTO_TEST_CASE(reset_shows_the_weight_and_frees_the_keys_but_keeps_the_tare) {
  Bench b;
  b.ask("K 3\r\n");
  b.ask("D \"WAIT\"\r\n");
  b.ask("T\r\n");
  BOOST_TEST(b.ask("@\r\n") == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(b.balance->keys_mode() == 1);
  BOOST_TEST(!b.balance->display_text().has_value());
  BOOST_TEST(b.balance->tare_g() == 12.3456);
}

BOOST_AUTO_TEST_CASE(a_busy_balance_cannot_write_its_display_or_set_its_keys) {
  Bench b;
  b.balance->set_busy(true);
  BOOST_TEST(b.ask("D \"X\"\r\n") == "D I\r\n");
  BOOST_TEST(b.ask("DW\r\n") == "DW I\r\n");
  BOOST_TEST(b.ask("K 2\r\n") == "K I\r\n");
  BOOST_TEST(!b.balance->display_text().has_value());
  BOOST_TEST(b.balance->keys_mode() == 1);
  BOOST_TEST(b.ask("TA\r\n") == "TA A     0.0000 g\r\n");  // the tare memory is still answered
}

BOOST_AUTO_TEST_CASE(ta_presets_the_tare_at_the_display_resolution) {
  Bench b;
  BOOST_TEST(b.ask("TA 2.5 g\r\n") == "TA A     2.5000 g\r\n");
  BOOST_TEST(b.balance->tare_g() == 2.5);
  BOOST_TEST(b.ask("SI\r\n") == "S S     9.8456 g\r\n");  // net of the preset tare
  BOOST_TEST(b.ask("TA 1500 mg\r\n") == "TA A     1.5000 g\r\n");
  BOOST_TEST(b.ask("TA 0.00012346 kg\r\n") == "TA A     0.1235 g\r\n");  // rounded to 0.1 mg
  BOOST_TEST(b.balance->tare_g() == 0.1235, boost::test_tools::tolerance(1e-12));
  for (const std::string bad : {"TA 2.5\r\n", "TA -1 g\r\n", "TA 1 lb\r\n", "TA 1 G\r\n", "TA 300 g\r\n", "TA x g\r\n"}) {
    BOOST_TEST_CONTEXT("request " << bad.substr(0, bad.size() - 2)) { BOOST_TEST(b.ask(bad) == "TA L\r\n"); }
  }
  BOOST_TEST(b.balance->tare_g() == 0.1235, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(b.ask("TAC\r\n") == "TAC A\r\n");
  BOOST_TEST(b.ask("TA\r\n") == "TA A     0.0000 g\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
