// Numbers that once overflowed the firmware's fixed-point parser (issue 11, item 3): six integer
// digits and four decimals wrapped int32_t, so `CAL P1 0 429498` was stored as gain 1.2704 and
// echoed back. A number too large for its setting must be a range error and change nothing.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>

#include "tests/rigio/fake_hal.hpp"

using namespace pumprig;
using pumprig::test::Board;

BOOST_AUTO_TEST_SUITE(rigio_hostile_numbers)

BOOST_AUTO_TEST_CASE(the_gain_that_wrapped_is_a_range_error_and_changes_nothing) {
  Board b;
  BOOST_TEST(b.ask("CAL P1 0 429498") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1") == "CAL P1 0.0 1.0000");
  BOOST_TEST(b.ask("CAL P1 0 -429498") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 0 999999.9999") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 0 99999999999999999999") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 429496729.6 1") == "ERR 03 RANGE");  // offset wraps to 0.0 in int32
  BOOST_TEST(b.ask("CAL T 42949672.96 1") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1") == "CAL P1 0.0 1.0000");
}

BOOST_AUTO_TEST_CASE(range_boundaries_of_the_gain) {
  Board b;
  BOOST_TEST(b.ask("CAL P1 0 2.0000") == "CAL P1 0.0 2.0000");
  BOOST_TEST(b.ask("CAL P1 0 2.0001") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 0 0.5") == "CAL P1 0.0 0.5000");
  BOOST_TEST(b.ask("CAL P1 0 0.4999") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 -500.0 1") == "CAL P1 -500.0 1.0000");
  BOOST_TEST(b.ask("CAL P1 -500.1 1") == "ERR 03 RANGE");
}

BOOST_AUTO_TEST_CASE(more_decimals_than_the_setting_has_are_a_syntax_error) {
  Board b;
  BOOST_TEST(b.ask("CAL P1 0 1.00000") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 0 1.000000000000000000001") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("LIMIT 600.00") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1") == "CAL P1 0.0 1.0000");
}

BOOST_AUTO_TEST_CASE(leading_zeros_and_signs) {
  Board b;
  BOOST_TEST(b.ask("CAL P1 0 0000000001.5") == "CAL P1 0.0 1.5000");
  BOOST_TEST(b.ask("CAL P1 -0000012.5 +00001") == "CAL P1 -12.5 1.0000");
  BOOST_TEST(b.ask("CAL P1 -0 1") == "CAL P1 0.0 1.0000");
  BOOST_TEST(b.ask("CAL P1 0 --1") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 0 +-1") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 0 +") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 0 -.") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 0 1-") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("LIMIT 0000000000000600") == "LIMIT 600.0");
  BOOST_TEST(b.ask("WDOG 000000000500") == "WDOG 500");
  BOOST_TEST(b.ask("WDOG 4294967296") == "ERR 03 RANGE");  // 2^32: was a wrap, now saturates
  BOOST_TEST(b.ask("STREAM 99999999999999") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("WDOG") == "WDOG 500");
}

BOOST_AUTO_TEST_CASE(the_parser_saturates_instead_of_wrapping) {
  std::int32_t v = 0;
  const auto cap = static_cast<std::int32_t>(firmware::kNumberCap);
  BOOST_TEST(firmware::parse_fixed("429498", 4, &v));
  BOOST_TEST(v == cap);
  BOOST_TEST(firmware::parse_fixed("-429498", 4, &v));
  BOOST_TEST(v == -cap);
  BOOST_TEST(firmware::parse_fixed("2147483648", 0, &v));
  BOOST_TEST(v == cap);
  BOOST_TEST(firmware::parse_fixed("9999.9999", 4, &v));  // the largest exact value below the cap
  BOOST_TEST(v == 99999999);
  BOOST_TEST(firmware::parse_fixed("99999999999999999999999999999999.9", 1, &v));
  BOOST_TEST(v == cap);
  BOOST_TEST(firmware::parse_fixed("000000000000000000000000000012.5", 1, &v));
  BOOST_TEST(v == 125);
  BOOST_TEST(firmware::parse_fixed("1.", 1, &v));
  BOOST_TEST(v == 10);
  BOOST_TEST(!firmware::parse_fixed("", 1, &v));
  BOOST_TEST(!firmware::parse_fixed("+", 1, &v));
  BOOST_TEST(!firmware::parse_fixed("1.2.3", 2, &v));
  std::uint32_t u = 0;
  BOOST_TEST(firmware::parse_uint("4294967296", &u));
  BOOST_TEST(u == firmware::kNumberCap);
  BOOST_TEST(firmware::parse_uint("0000000000000000000060000", &u));
  BOOST_TEST(u == 60000u);
  BOOST_TEST(!firmware::parse_uint("+1", &u));
  BOOST_TEST(!firmware::parse_uint("-1", &u));
}

BOOST_AUTO_TEST_SUITE_END()
