#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "hardware/sim/random.hpp"
#include "rig/drivers/framer.hpp"
#include "rig/drivers/mtsics/mtsics_parser.hpp"

using namespace pumprig;

namespace {

MtsicsReply parse_bytes(const std::vector<std::uint8_t>& bytes) {
  return parse_mtsics_line(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

void check_weight(std::string_view line, const std::string& id, char status, double value, const std::string& unit) {
  BOOST_TEST_CONTEXT("line " << std::string(line)) {
    const MtsicsReply r = parse_bytes(bytes_of(line));
    BOOST_TEST(to_string(r.kind) == "weight");
    BOOST_TEST(r.id == id);
    BOOST_TEST(r.status == status);
    BOOST_TEST(r.value == value);
    BOOST_TEST(r.unit == unit);
  }
}

void check_malformed(std::string_view line) {
  BOOST_TEST_CONTEXT("line " << std::string(line)) {
    const MtsicsReply r = parse_bytes(bytes_of(line));
    BOOST_TEST(to_string(r.kind) == "malformed");
    BOOST_TEST(r.value == 0.0);
    BOOST_TEST(r.status == 0);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_parser)

BOOST_AUTO_TEST_CASE(weights_in_every_spacing_sign_and_unit) {
  check_weight("S S      12.3456 g", "S", 'S', 12.3456, "g");
  check_weight("S S    12.3456 g", "S", 'S', 12.3456, "g");
  check_weight("S S 12.3456 g", "S", 'S', 12.3456, "g");
  check_weight("S D    -0.0012 g", "S", 'D', -0.0012, "g");
  check_weight("S D   +5.25 mg", "S", 'D', 5.25, "mg");
  check_weight("S S -    12.30 kg", "S", 'S', -12.3, "kg");  // sign apart from its digits
  check_weight("S S 12 g", "S", 'S', 12.0, "g");               // no decimal point
  check_weight("S S 12. g", "S", 'S', 12.0, "g");
  check_weight("S S .5 g", "S", 'S', 0.5, "g");
  check_weight("   S S 1.5 g   ", "S", 'S', 1.5, "g");          // leading and trailing blanks
  check_weight("S\tS\t1.5\tg", "S", 'S', 1.5, "g");
  check_weight("S S 12.5g", "S", 'S', 12.5, "g");               // glued unit
  check_weight("S S 1234.56789 g", "S", 'S', 1234.56789, "g");  // the 10-character field full
  check_weight("TA A    10.0000 g", "TA", 'A', 10.0, "g");
  check_weight("TI D     3.2000 g", "TI", 'D', 3.2, "g");
  check_weight("T S   -0.0001 g", "T", 'S', -0.0001, "g");
  check_weight(std::string_view("\0\x11S S 2.0 g", 11), "S", 'S', 2.0, "g");  // power-up NUL, XON
}

BOOST_AUTO_TEST_CASE(text_replies) {
  MtsicsReply r = parse_mtsics_line("I4 A \"SIM-B0001\"");
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.id == "I4");
  BOOST_TEST(r.status == 'A');
  BOOST_TEST(r.text == "SIM-B0001");

  r = parse_mtsics_line("I2 A \"XPR205 220.0000 g\"");
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.text == "XPR205 220.0000 g");

  r = parse_mtsics_line("I1 A \"0123\" \"2.30\"  \"1.0\"");
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.texts.size() == 3u);
  BOOST_TEST(r.text == "0123");
  BOOST_TEST(r.texts[2] == "1.0");

  r = parse_mtsics_line("I2 A \"XS 5\" scale 200 g\"");  // a stray quote inside: first to last quote
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.text == "XS 5\" scale 200 g");

  r = parse_mtsics_line("I3 A \"\"");
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.text.empty());

  r = parse_bytes({'I', '2', ' ', 'A', ' ', '"', 'X', 0xB5, 'g', '"'});  // 8-bit text is legal in quotes
  BOOST_TEST(to_string(r.kind) == "text");
  BOOST_TEST(r.text.size() == 3u);
}

BOOST_AUTO_TEST_CASE(status_only_replies) {
  const std::vector<std::pair<std::string, std::pair<std::string, char>>> cases = {
      {"Z A", {"Z", 'A'}},   {"S I", {"S", 'I'}},   {"S +", {"S", '+'}},   {"S -", {"S", '-'}},
      {"C B", {"C", 'B'}},   {"C A", {"C", 'A'}},   {"ZI D", {"ZI", 'D'}}, {"TAC A", {"TAC", 'A'}},
      {"T L", {"T", 'L'}},   {"  Z I ", {"Z", 'I'}},
  };
  for (const auto& [line, expected] : cases) {
    BOOST_TEST_CONTEXT(line) {
      const MtsicsReply r = parse_mtsics_line(line);
      BOOST_TEST(to_string(r.kind) == "ack");
      BOOST_TEST(r.id == expected.first);
      BOOST_TEST(r.status == expected.second);
    }
  }
}

BOOST_AUTO_TEST_CASE(general_and_hardware_errors) {
  for (const std::string code : {"ES", "ET", "EL"}) {
    for (const std::string& line : {code, " " + code + " ", code + "\t"}) {
      const MtsicsReply r = parse_mtsics_line(line);
      BOOST_TEST(to_string(r.kind) == "general_error");
      BOOST_TEST(r.id == code);
      BOOST_TEST(r.error == code);
      BOOST_TEST(r.status == 0);
    }
  }
  BOOST_TEST(describe_mtsics_error("ES") == "syntax error");
  BOOST_TEST(describe_mtsics_error("ET") == "transmission error");
  BOOST_TEST(describe_mtsics_error("EL") == "logical error");

  MtsicsReply r = parse_mtsics_line("S S Error 3t");
  BOOST_TEST(to_string(r.kind) == "hardware_error");
  BOOST_TEST(r.id == "S");
  BOOST_TEST(r.status == 'S');
  BOOST_TEST(r.error == "3t");
  r = parse_mtsics_line("S D   Error   10e");
  BOOST_TEST(to_string(r.kind) == "hardware_error");
  BOOST_TEST(r.error == "10e");
}

BOOST_AUTO_TEST_CASE(garbage_is_malformed_never_a_number) {
  for (const std::string_view line :
       {"", "   ", "S", "S X 1.0 g", "s S 1.0 g", "S SS 1.0 g", "S S 1.2.3 g", "S S 1e5 g", "S S nan g",
        "S S inf g", "S S 0x10 g", "S S 12", "S S 12 g extra", "S S 12 12 g", "S S -- 1 g", "S S . g", "S S - g",
        "S S + g", "S S 1 2g", "S S Error", "S S Error 3t x", "S S Error 3-t", "ES A", "ET 12", "\"quoted\"",
        "I4 A \"abc", "I4 A abc\"", "S S 12.5 g1234567", "S S 12,5 g", "@", "12.5 g", "S S 1.0 9g",
        "VERYLONGID A", "S S 1234567890123456789012345678901234567890 g"}) {
    check_malformed(line);
  }
  // Control bytes and wrong-parity bytes anywhere outside quotes spoil the line.
  check_malformed(std::string_view("S S \x01 12.0 g"));
  check_malformed(std::string_view("S S 12.0 g\x7f"));
  check_malformed(std::string_view("S S 1\r2.0 g"));
  BOOST_TEST(to_string(parse_bytes({0xD3, 0xA0, 0xD3, 0xA0, 0xB1, 0xAE, 0xB0, 0xA0, 0xE7}).kind) == "malformed");
  BOOST_TEST(to_string(parse_bytes({'S', ' ', 'S', ' ', '1', 0xB2, '.', '0', ' ', 'g'}).kind) == "malformed");
  BOOST_TEST(to_string(parse_bytes({'S', ' ', 'S', ' ', '1', '2', '.', '0', ' ', 0xB5, 'g'}).kind) == "malformed");
}

// Random bytes and mutated good lines: no crash, and whatever comes out as a weight is a finite
// number with a unit, taken from digits that are really on the line.
BOOST_AUTO_TEST_CASE(fuzzed_lines_never_crash_or_invent_numbers) {
  sim::Random rng(20240611);
  const std::vector<std::string> seeds = {"S S      12.3456 g", "I4 A \"SIM-B0001\"", "S S Error 3t", "ES", "Z A",
                                          "TA A    10.0000 g"};
  const std::string alphabet = "SDAIL+-ZT .0123456789g\"\tEr";
  int weights = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    if (i % 2 == 0) {
      const std::size_t n = rng.next_u64() % 24;
      for (std::size_t k = 0; k < n; ++k)
        line.push_back(rng.uniform() < 0.8 ? alphabet[rng.next_u64() % alphabet.size()]
                                           : static_cast<char>(rng.next_u64() & 0xff));
    } else {
      line = seeds[rng.next_u64() % seeds.size()];
      const int edits = 1 + static_cast<int>(rng.next_u64() % 3);
      for (int e = 0; e < edits && !line.empty(); ++e)
        line[rng.next_u64() % line.size()] = static_cast<char>(rng.next_u64() & 0xff);
    }
    const MtsicsReply r = parse_mtsics_line(line);
    if (r.kind == MtsicsKind::weight) {
      ++weights;
      BOOST_REQUIRE(std::isfinite(r.value));
      BOOST_REQUIRE(!r.unit.empty());
      BOOST_REQUIRE(line.find_first_of("0123456789") != std::string::npos);
    }
    if (r.kind == MtsicsKind::malformed) BOOST_REQUIRE(r.id.empty());
  }
  BOOST_TEST(weights > 0);  // the fuzzer did reach the weight path
}

BOOST_AUTO_TEST_CASE(split_and_concatenated_reads_through_the_line_framer) {
  const std::string wire =
      "S S      12.3456 g\r\nS D      -0.5000 g\r\n\x13garbage\x01\r\nI4 A \"SIM-B0001\"\r\nES\nS +\r\n";
  const std::vector<std::string> expected_kinds = {"weight", "weight", "malformed", "text", "general_error", "ack"};
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{19},
                                  wire.size()}) {
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      LineFramer framer;
      std::vector<MtsicsReply> replies;
      for (std::size_t i = 0; i < wire.size(); i += chunk) {
        const std::string piece = wire.substr(i, chunk);
        framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size()));
        while (auto line = framer.next()) replies.push_back(parse_mtsics_line(*line));
      }
      BOOST_TEST_REQUIRE(replies.size() == expected_kinds.size());
      for (std::size_t k = 0; k < replies.size(); ++k) BOOST_TEST(to_string(replies[k].kind) == expected_kinds[k]);
      BOOST_TEST(replies[0].value == 12.3456);
      BOOST_TEST(replies[1].value == -0.5);
      BOOST_TEST(replies[1].status == 'D');
      BOOST_TEST(replies[3].text == "SIM-B0001");
      BOOST_TEST(replies[5].status == '+');
    }
  }
}

// The driver's framer: LineFramer's cuts, with 8-bit bytes spelled out so frames stay 7-bit clean.
BOOST_AUTO_TEST_CASE(mtsics_line_framer_escapes_8_bit_bytes) {
  MtsicsLineFramer framer;
  const Bytes wire = {'I', '2', ' ', 'A', ' ', '"', 'X', 0xB5, 'g', '"', '\r', '\n',
                      0xD3, 0xA0, 0xD3, 0xA0, 0xB1, 0xAE, 0xB0, 0xA0, 0xE7, '\r', '\n',
                      'S', ' ', 'S', ' ', '1', '.', '0', ' ', 'g', '\r', '\n'};
  framer.feed(wire);
  const auto text = framer.next();
  BOOST_TEST_REQUIRE(text.has_value());
  BOOST_TEST(*text == "I2 A \"X\\xb5g\"");
  BOOST_TEST(parse_mtsics_line(*text).text == "X\\xb5g");
  const auto noise = framer.next();
  BOOST_TEST_REQUIRE(noise.has_value());
  BOOST_TEST(*noise == "\\xd3\\xa0\\xd3\\xa0\\xb1\\xae\\xb0\\xa0\\xe7");
  BOOST_TEST(to_string(parse_mtsics_line(*noise).kind) == "malformed");
  const auto weight = framer.next();
  BOOST_TEST_REQUIRE(weight.has_value());
  BOOST_TEST(parse_mtsics_line(*weight).value == 1.0);
  BOOST_TEST(!framer.next().has_value());

  BOOST_TEST(printable_frame("S S 1 g") == "\"S S 1 g\"");
  BOOST_TEST(printable_frame(std::string("a\x01\xff\"b", 5)) == "\"a\\x01\\xff\\\"b\"");
}

BOOST_AUTO_TEST_CASE(command_formatting_and_helpers) {
  BOOST_TEST(format_mtsics_command("SI") == "SI\r\n");
  BOOST_TEST(format_mtsics_command("@") == "@\r\n");
  BOOST_TEST(format_mtsics_command("D", {mtsics_quote("PUMP TEST")}) == "D \"PUMP TEST\"\r\n");
  BOOST_TEST(format_mtsics_command("M21", {"0", "0"}) == "M21 0 0\r\n");
  const Bytes b = mtsics_command_bytes("SIR");
  BOOST_TEST((b == Bytes{'S', 'I', 'R', '\r', '\n'}));

  BOOST_TEST(mtsics_reply_id("@") == "I4");
  BOOST_TEST(mtsics_reply_id("SI") == "S");
  BOOST_TEST(mtsics_reply_id("SIR") == "S");
  BOOST_TEST(mtsics_reply_id("S") == "S");
  BOOST_TEST(mtsics_reply_id("TAC") == "TAC");
  BOOST_TEST(mtsics_reply_id("ZI") == "ZI");
  BOOST_TEST(mtsics_reply_id("D \"x\"") == "D");

  BOOST_TEST(*mtsics_to_grams(12.5, "g") == 12.5);
  BOOST_TEST(*mtsics_to_grams(12500.0, "mg") == 12.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(*mtsics_to_grams(0.0125, "kg") == 12.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!mtsics_to_grams(1.0, "lb").has_value());
  BOOST_TEST(!mtsics_to_grams(1.0, "ct").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
