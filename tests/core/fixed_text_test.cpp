// Fixed-point text for people never shows a negative zero, and keeps every other sign.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "rig/core/fixed_text.hpp"

using pumprig::fixed_text;
using pumprig::signed_fixed_text;

BOOST_AUTO_TEST_SUITE(fixed_text_for_people)

BOOST_AUTO_TEST_CASE(values_that_round_to_zero_from_below_read_as_zero) {
  BOOST_TEST(fixed_text(-0.0, 3) == "0.000");
  BOOST_TEST(fixed_text(-0.0004, 3) == "0.000");
  BOOST_TEST(fixed_text(-0.04, 1) == "0.0");
  BOOST_TEST(fixed_text(-0.4, 0) == "0");
}

BOOST_AUTO_TEST_CASE(every_other_value_keeps_its_sign_and_rounding) {
  BOOST_TEST(fixed_text(-0.0005, 3) == "-0.001");  // in binary a hair beyond the half
  BOOST_TEST(fixed_text(-0.0012, 3) == "-0.001");
  BOOST_TEST(fixed_text(-10.0, 1) == "-10.0");
  BOOST_TEST(fixed_text(-0.6, 0) == "-1");
  BOOST_TEST(fixed_text(1.25, 1) == "1.2");  // round-half-even of the binary value, as fmt does
  BOOST_TEST(fixed_text(294.0, 1) == "294.0");
  BOOST_TEST(fixed_text(std::numeric_limits<double>::quiet_NaN(), 2) == "nan");
  BOOST_TEST(fixed_text(-std::numeric_limits<double>::infinity(), 2) == "-inf");
}

// A signed number shows its sign, and what rounds to zero is "+0.000", never "-0.000".
BOOST_AUTO_TEST_CASE(signed_text_always_shows_the_sign_and_never_a_negative_zero) {
  BOOST_TEST(signed_fixed_text(0.491109, 3) == "+0.491");
  BOOST_TEST(signed_fixed_text(-1.51138, 3) == "-1.511");
  BOOST_TEST(signed_fixed_text(-0.0002, 3) == "+0.000");
  BOOST_TEST(signed_fixed_text(-0.0, 2) == "+0.00");
  BOOST_TEST(signed_fixed_text(0.0, 5) == "+0.00000");
}

BOOST_AUTO_TEST_SUITE_END()
