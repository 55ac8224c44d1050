#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "rig/record/csv_readings.hpp"
#include "rig/record/time_format.hpp"

using namespace pumprig;

namespace {

// Seconds (with the fraction) of `text` in `format`, or NaN when it does not parse.
double seconds_of(const std::string& text, const std::string& format) {
  const auto t = parse_formatted_time(text, format);
  return t ? static_cast<double>(t->seconds) + static_cast<double>(t->fraction_ns) / 1e9 : std::nan("");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(time_format)

BOOST_AUTO_TEST_CASE(day_first_dates_read_as_their_iso_8601_twins) {
  const std::string f = "%d.%m.%Y %H:%M:%S";
  const auto german = parse_formatted_time("01.05.2024 14:00:30", f);
  BOOST_REQUIRE(german);
  BOOST_TEST(*to_nanoseconds(*german) == *parse_iso8601_ns("2024-05-01T14:00:30Z"));
  // Day first: 02.03. is the 2nd of March, not the 3rd of February.
  BOOST_TEST(seconds_of("02.03.2024 00:00:00", f) - seconds_of("01.03.2024 00:00:00", f) == 86400.0);
  BOOST_TEST(seconds_of("01.01.2024 00:00:00", f) - seconds_of("31.12.2023 23:59:30", f) == 30.0);  // over the new year
  BOOST_TEST(seconds_of("1.5.2024 9:05:07", f) == seconds_of("01.05.2024 09:05:07", f));  // one digit is enough
}

BOOST_AUTO_TEST_CASE(seconds_take_a_fraction_after_a_point_or_a_comma) {
  const std::string f = "%d.%m.%Y %H:%M:%S";
  const double base = seconds_of("01.05.2024 14:00:12", f);
  BOOST_TEST(seconds_of("01.05.2024 14:00:12.5", f) - base == 0.5);
  BOOST_TEST(seconds_of("01.05.2024 14:00:12,25", f) - base == 0.25);
  const auto t = parse_formatted_time("01.05.2024 14:00:12.123456789123", f);  // past nanoseconds: cut
  BOOST_REQUIRE(t);
  BOOST_TEST(t->fraction_ns == 123456789);
  BOOST_TEST(!parse_formatted_time("01.05.2024 14:00:12.", f));  // a point without digits
}

BOOST_AUTO_TEST_CASE(other_layouts) {
  BOOST_TEST(seconds_of("2024-05-01 14:00:30", "%F %T") == seconds_of("01.05.2024 14:00:30", "%d.%m.%Y %H:%M:%S"));
  // A US export: month first, two-digit year, 12-hour clock.
  const std::string us = "%m/%d/%y %I:%M:%S %p";
  BOOST_TEST(seconds_of("5/1/24 2:00:00 PM", us) == seconds_of("2024-05-01 14:00:00", "%F %T"));
  BOOST_TEST(seconds_of("5/1/24 12:00:00 AM", us) == seconds_of("2024-05-01 00:00:00", "%F %T"));
  BOOST_TEST(seconds_of("5/1/24 12:00:00 pm", us) == seconds_of("2024-05-01 12:00:00", "%F %T"));
  BOOST_TEST(seconds_of("01.01.99 00:00:00", "%d.%m.%y %H:%M:%S") == seconds_of("1999-01-01 00:00:00", "%F %T"));
  // Times of day only: every row on one (unnamed) day.
  BOOST_TEST(seconds_of("10:00:30", "%H:%M:%S") - seconds_of("10:00:00", "%H:%M:%S") == 30.0);
  BOOST_TEST(seconds_of("10%", "%H%%") == 36000.0);
}

BOOST_AUTO_TEST_CASE(text_that_does_not_match_is_nullopt) {
  const std::string f = "%d.%m.%Y %H:%M:%S";
  for (const char* bad : {"31.02.2024 00:00:00", "01.13.2024 00:00:00", "01.05.2024 24:00:00", "01.05.2024 14:60:00",
                          "01.05.2024 14:00:61", "2024-05-01 14:00:00", "01.05.2024 14:00", "01.05.2024 14:00:00 ",
                          "01.05.24 14:00:00", "", "01.05.2024T14:00:00"})
    BOOST_TEST(!parse_formatted_time(bad, f), bad);
  BOOST_TEST(!parse_formatted_time("5/1/24 13:00:00 PM", "%m/%d/%y %I:%M:%S %p"));
  BOOST_TEST(!parse_formatted_time("5/1/24 1:00:00 XM", "%m/%d/%y %I:%M:%S %p"));
}

BOOST_AUTO_TEST_CASE(unusable_formats_are_named) {
  BOOST_TEST(!time_format_problem("%d.%m.%Y %H:%M:%S"));
  BOOST_TEST(!time_format_problem("%F %T"));
  BOOST_TEST(!time_format_problem("%m/%d/%y %I:%M:%S %p"));
  BOOST_TEST(time_format_problem("%d.%m.%Y %H:%M:%f")->find("%f is not a field") != std::string::npos);
  BOOST_TEST(time_format_problem("%H:%M:%S %H")->find("%H appears twice") != std::string::npos);
  BOOST_TEST(time_format_problem("%I:%M:%S")->find("%p") != std::string::npos);
  BOOST_TEST(time_format_problem("%d.%m %H:%M")->find("a date needs") != std::string::npos);
  BOOST_TEST(time_format_problem("%d.%m.%Y")->find("no hour") != std::string::npos);
  BOOST_TEST(time_format_problem("%H:%M:%S%")->find("lone '%'") != std::string::npos);
  BOOST_TEST(time_format_problem("")->find("empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(years_outside_nanoseconds_do_not_wrap) {
  const auto t = parse_formatted_time("01.01.2300 00:00:00", "%d.%m.%Y %H:%M:%S");
  BOOST_REQUIRE(t);  // a valid date ...
  BOOST_TEST(!to_nanoseconds(*t));  // ... that 64-bit nanoseconds cannot hold
}

BOOST_AUTO_TEST_SUITE_END()
