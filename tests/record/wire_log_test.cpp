#include <boost/test/unit_test.hpp>

#include "rig/record/wire_log.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;

namespace {
std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

BOOST_AUTO_TEST_SUITE(wire_log)

BOOST_AUTO_TEST_CASE(a_balance_reply_reads_as_text) {
  const auto b = bytes_of("S S      12.3456 g\r\n");
  BOOST_TEST(format_wire_line(seconds(12) + 345'678'000, '<', b) == "12.345678000 < S S      12.3456 g\\r\\n");
}

BOOST_AUTO_TEST_CASE(every_byte_value_round_trips_exactly) {
  std::vector<std::uint8_t> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(i));
  const std::string escaped = escape_wire_bytes(all);
  BOOST_TEST(escaped.find('\n') == std::string::npos);
  BOOST_TEST(escaped.find('\r') == std::string::npos);
  for (const char c : escaped) BOOST_TEST((c >= 0x20 && c < 0x7F));
  BOOST_TEST(unescape_wire_bytes(escaped) == all, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(control_bytes_and_backslashes_use_the_documented_escapes) {
  const auto b = bytes_of("\x02" "1;\\x41\\\r\n" "\x03\xff");
  BOOST_TEST(escape_wire_bytes(b) == "\\x021;\\\\x41\\\\\\r\\n\\x03\\xff");
}

BOOST_AUTO_TEST_CASE(lines_parse_back_to_time_direction_and_bytes) {
  const std::vector<WireChunk> chunks = {
      {0, '>', bytes_of("SI\r\n")},
      {seconds(7200) + 1, '<', bytes_of("\x02" "DIS\\x41 \x03")},
      {123, '>', bytes_of("  trailing spaces  ")},
      {5, '<', {}},
  };
  for (const auto& c : chunks) {
    const auto parsed = parse_wire_line(format_wire_line(c.t_ns, c.direction, c.bytes));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->t_ns == c.t_ns);
    BOOST_TEST(parsed->direction == c.direction);
    BOOST_TEST(parsed->bytes == c.bytes, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(malformed_lines_are_rejected) {
  BOOST_TEST(!parse_wire_line("").has_value());
  BOOST_TEST(!parse_wire_line("12.0 ? abc").has_value());
  BOOST_TEST(!parse_wire_line("x.5 > abc").has_value());
  BOOST_TEST(!parse_wire_line("1.0 > ab\\").has_value());
  BOOST_TEST(!parse_wire_line("1.0 > \\x4").has_value());
  BOOST_TEST(!parse_wire_line("1.0 > \\xzz").has_value());
  BOOST_TEST(!parse_wire_line("1.0 > \\t").has_value());
  BOOST_TEST(!parse_wire_line("1.0123456789 > a").has_value());  // more than ns
  BOOST_CHECK_THROW(format_wire_line(0, 'x', {}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(torn_last_line_is_dropped_with_a_note_bad_middle_line_is_an_error) {
  test::TempDir tmp;
  const auto p = tmp.path() / "wire-balance-1.log";
  test::write_text(p, "1.000000000 > SI\\r\\n\n1.100000000 < S S   1.0 g\\r\\n\n1.2000");
  const auto r = read_wire_log(p);
  BOOST_TEST(r.chunks.size() == 2u);
  BOOST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0].find(p.string() + ":3") != std::string::npos, r.notes[0]);

  test::write_text(p, "1.000000000 > SI\\r\\n\ngarbage\n1.100000000 < x\n");
  try {
    read_wire_log(p);
    BOOST_FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(p.string() + ":2") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
