// The SBI line parser on the lines a Sartorius balance prints, and on what a noisy cable makes
// of them.
#include <boost/test/unit_test.hpp>

#include <string>

#include "rig/drivers/sartorius/sartorius_parser.hpp"

using namespace pumprig;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(sartorius_parser)

BOOST_AUTO_TEST_CASE(a_16_character_stable_line_is_value_unit_and_stable) {
  const SbiReading r = parse_sbi_line("+   1255.7 g  ");
  BOOST_TEST((r.kind == SbiKind::weight));
  BOOST_TEST(r.value == 1255.7, tt::tolerance(1e-12));
  BOOST_TEST(r.unit == "g");
  BOOST_TEST(r.stable);
  BOOST_TEST(r.id.empty());
}

BOOST_AUTO_TEST_CASE(a_blank_unit_field_is_an_unstable_reading) {
  const SbiReading r = parse_sbi_line("+  12.34567    ");
  BOOST_TEST((r.kind == SbiKind::weight));
  BOOST_TEST(r.value == 12.34567, tt::tolerance(1e-12));
  BOOST_TEST(r.unit.empty());
  BOOST_TEST(!r.stable);
}

BOOST_AUTO_TEST_CASE(negative_values_and_a_blank_sign_for_zero) {
  const SbiReading neg = parse_sbi_line("-     0.0321 g  ");
  BOOST_TEST(neg.value == -0.0321, tt::tolerance(1e-12));
  const SbiReading glued = parse_sbi_line("  -12.5 mg");
  BOOST_TEST((glued.kind == SbiKind::weight));
  BOOST_TEST(glued.value == -12.5, tt::tolerance(1e-12));
  BOOST_TEST(glued.unit == "mg");
  const SbiReading zero = parse_sbi_line("      0.0000 g  ");
  BOOST_TEST((zero.kind == SbiKind::weight));
  BOOST_TEST(zero.value == 0.0);
  BOOST_TEST(zero.stable);
}

BOOST_AUTO_TEST_CASE(the_22_character_form_carries_its_id) {
  const SbiReading n = parse_sbi_line("N     +  50.0001 g  ");
  BOOST_TEST((n.kind == SbiKind::weight));
  BOOST_TEST(n.id == "N");
  BOOST_TEST(n.value == 50.0001, tt::tolerance(1e-12));
  BOOST_TEST(n.stable);
  const SbiReading g = parse_sbi_line("G     - 120.0000    ");
  BOOST_TEST(g.id == "G");
  BOOST_TEST(g.value == -120.0, tt::tolerance(1e-12));
  BOOST_TEST(!g.stable);
}

BOOST_AUTO_TEST_CASE(overload_underload_and_error_codes) {
  BOOST_TEST((parse_sbi_line("         H    ").kind == SbiKind::overload));
  BOOST_TEST((parse_sbi_line("+        H    ").kind == SbiKind::overload));
  BOOST_TEST((parse_sbi_line("-        L    ").kind == SbiKind::underload));
  BOOST_TEST((parse_sbi_line("N              L    ").kind == SbiKind::underload));
  const SbiReading e = parse_sbi_line("  Err 54       ");
  BOOST_TEST((e.kind == SbiKind::error));
  BOOST_TEST(e.error == "54");
  BOOST_TEST(parse_sbi_line("Err302").error == "302");
}

BOOST_AUTO_TEST_CASE(liberal_about_blanks_cr_and_power_up_bytes) {
  BOOST_TEST(parse_sbi_line("+ 1.5 kg").value == 1.5);
  BOOST_TEST(parse_sbi_line("+ 1.5 kg\r").unit == "kg");
  BOOST_TEST((parse_sbi_line(std::string("\x00\x11+   2.0 g", 10)).kind == SbiKind::weight));
  BOOST_TEST(parse_sbi_line("+ 12 g").value == 12.0);
}

BOOST_AUTO_TEST_CASE(garbage_is_malformed_never_a_number) {
  for (const std::string line : {"", "   ", "+", "+ g", "+ 1.2.3 g", "+ 12 g g", "+ 1e3 g", "+ nan g", "+ 0x10 g",
                                 "\\xab\\xcd", "Err", "Err x1", "+ 12 gramm", "H H", "+ 12\x07 g", "hello"}) {
    BOOST_TEST_INFO("line '" << line << "'");
    BOOST_TEST((parse_sbi_line(line).kind == SbiKind::malformed));
  }
}

BOOST_AUTO_TEST_CASE(identity_text_is_any_clean_line_that_is_no_weight) {
  BOOST_TEST(sbi_text("MSA225S").value_or("-") == "MSA225S");
  BOOST_TEST(sbi_text("  SIM-S0001  ").value_or("-") == "SIM-S0001");
  BOOST_TEST(sbi_text("00-37-09").value_or("-") == "00-37-09");
  BOOST_TEST(!sbi_text("+  12.0000 g  "));   // an auto-print line passing by
  BOOST_TEST(!sbi_text("\\xcd\\xd3\\xc1"));  // a garbled reply (8-bit bytes escaped by the framer)
  BOOST_TEST(!sbi_text(""));
}

BOOST_AUTO_TEST_CASE(commands_are_esc_and_letters_without_terminator) {
  BOOST_TEST((sbi_command_bytes("P") == Bytes{0x1b, 'P'}));
  BOOST_TEST((sbi_command_bytes("x2_") == Bytes{0x1b, 'x', '2', '_'}));
}

BOOST_AUTO_TEST_CASE(grams_from_g_mg_kg_only) {
  BOOST_TEST(*sbi_to_grams(1500.0, "mg") == 1.5, tt::tolerance(1e-12));
  BOOST_TEST(*sbi_to_grams(0.25, "kg") == 250.0, tt::tolerance(1e-12));
  BOOST_TEST(!sbi_to_grams(1.0, "ct"));
}

BOOST_AUTO_TEST_SUITE_END()
