// The simulated balance's command table and parameter readers, without a link.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "hardware/sim/mtsics_sim_commands.hpp"

using namespace pumprig::sim;

BOOST_AUTO_TEST_SUITE(mtsics_simulator_commands)

BOOST_AUTO_TEST_CASE(the_table_has_all_of_level_0_and_1_once) {
  const auto all = implemented_mtsics_commands(true, true);
  std::set<std::string> level0, level1, words;
  for (const auto& c : all) {
    BOOST_TEST(words.insert(c.word).second);  // each word once
    if (c.level == 0) level0.insert(c.word);
    if (c.level == 1) level1.insert(c.word);
  }
  BOOST_TEST((level0 == std::set<std::string>{"@", "I0", "I1", "I2", "I3", "I4", "I5", "S", "SI", "SIR", "Z", "ZI"}));
  BOOST_TEST((level1 == std::set<std::string>{"D", "DW", "K", "SR", "T", "TA", "TAC", "TI"}));
  BOOST_TEST(words.count("C") == 1u);
  BOOST_TEST(words.count("SNR") == 1u);
  // Levels never go down along the list: I0 prints them grouped.
  for (std::size_t i = 1; i < all.size(); ++i) BOOST_TEST(all[i - 1].level <= all[i].level);

  const auto old = implemented_mtsics_commands(false, false);
  BOOST_TEST(old.size() == all.size() - 4);
  for (const auto& c : old) BOOST_TEST((c.word != "C" && c.word != "I0" && c.word != "I1" && c.word != "I5"));
}

BOOST_AUTO_TEST_CASE(a_command_line_is_cut_at_its_first_space) {
  BOOST_TEST(split_mtsics_command("SI").word == "SI");
  BOOST_TEST(split_mtsics_command("SI").params.empty());
  const auto d = split_mtsics_command("D  \"A B\"");
  BOOST_TEST(d.word == "D");
  BOOST_TEST(d.params == "\"A B\"");
  BOOST_TEST(split_mtsics_command("SI ").params.empty());
}

BOOST_AUTO_TEST_CASE(parameter_readers) {
  BOOST_TEST(parse_display_text("\"A  B\"").value_or("?") == "A  B");
  BOOST_TEST(parse_display_text("\"\"").value_or("?").empty());
  BOOST_TEST(!parse_display_text("A").has_value());
  BOOST_TEST(!parse_display_text("\"").has_value());
  BOOST_TEST(!parse_display_text("").has_value());

  BOOST_TEST(parse_keys_mode("3").value_or(0) == 3);
  BOOST_TEST(!parse_keys_mode("0").has_value());
  BOOST_TEST(!parse_keys_mode("5").has_value());
  BOOST_TEST(!parse_keys_mode("").has_value());
  BOOST_TEST(!parse_keys_mode("99999999999").has_value());

  BOOST_TEST(parse_weight_parameter("2.5 g").value_or(-1) == 2.5);
  BOOST_TEST(parse_weight_parameter("250 mg").value_or(-1) == 0.25);
  BOOST_TEST(parse_weight_parameter("0.5 kg").value_or(-1) == 500.0);
  BOOST_TEST(parse_weight_parameter(".5 g").value_or(-1) == 0.5);
  BOOST_TEST(parse_weight_parameter("0 g").value_or(-1) == 0.0);
  for (const char* bad : {"2.5", "g", "-1 g", "+1 g", "1e3 g", "1.2.3 g", "1 Mg", "1 lb", "1 g x", "nan g", "inf g"})
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_weight_parameter(bad).has_value()); }
}

BOOST_AUTO_TEST_SUITE_END()
