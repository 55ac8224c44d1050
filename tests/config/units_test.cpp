#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>

#include "rig/config/config_error.hpp"
#include "rig/config/units.hpp"
#include "tests/config/expect_error.hpp"

using namespace pumprig;

namespace {

struct Row {
  const char* text;
  Dimension dim;
  double canonical;
};

bool close(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(units)

BOOST_AUTO_TEST_CASE(parses_every_accepted_spelling_to_the_canonical_unit) {
  const Row rows[] = {
      {"25 ml/h", Dimension::flow, 25},        {"25ml/h", Dimension::flow, 25},
      {"25 mL/h", Dimension::flow, 25},        {"1 ml/min", Dimension::flow, 60},
      {"500 ul/h", Dimension::flow, 0.5},      {"10 ul/min", Dimension::flow, 0.6},
      {"10 \u00b5l/min", Dimension::flow, 0.6}, {"1 l/h", Dimension::flow, 1000},
      {"25 ml / h", Dimension::flow, 25},      {"2 ml/hr", Dimension::flow, 2},
      {"60 ml", Dimension::volume, 60},        {"60 mL", Dimension::volume, 60},
      {"250 ul", Dimension::volume, 0.25},     {"250 uL", Dimension::volume, 0.25},
      {"250 \u00b5l", Dimension::volume, 0.25}, {"250 \u03bcL", Dimension::volume, 0.25},
      {"0.5 l", Dimension::volume, 500},       {"3 cc", Dimension::volume, 3},
      {"30 s", Dimension::time, 30},           {"30s", Dimension::time, 30},
      {"250 ms", Dimension::time, 0.25},       {"5 sec", Dimension::time, 5},
      {"2 min", Dimension::time, 120},         {"2 h", Dimension::time, 7200},
      {"50 g", Dimension::mass, 50},           {"0.5 mg", Dimension::mass, 0.0005},
      {"20 ug", Dimension::mass, 20e-6},       {"1.2 kg", Dimension::mass, 1200},
      {"26.59 mm", Dimension::length, 26.59},  {"2.5 cm", Dimension::length, 25},
      {"1 m", Dimension::length, 1000},        {"150 um", Dimension::length, 0.15},
      {"0.998 g/ml", Dimension::density, 0.998}, {"0.998 g/mL", Dimension::density, 0.998},
      {"998 kg/m3", Dimension::density, 0.998},  {"1 g/cm3", Dimension::density, 1},
      {"5 %", Dimension::percent, 5},          {"5%", Dimension::percent, 5},
      {"300 mmHg", Dimension::pressure, 300},  {"-100 mmHg", Dimension::pressure, -100},
      {"+300 mmHg", Dimension::pressure, 300}, {"101.325 kPa", Dimension::pressure, 760},
      {"1 bar", Dimension::pressure, 750.0616827041697}, {"20 psi", Dimension::pressure, 1034.2986514314},
      {"20 degC", Dimension::temperature, 20}, {"20 \u00b0C", Dimension::temperature, 20},
      {"20C", Dimension::temperature, 20},     {"293.15 K", Dimension::temperature, 20},
      {"0.5 mg/h", Dimension::mass_rate, 0.5}, {"1 g/h", Dimension::mass_rate, 1000},
      {"1.5e3 ml", Dimension::volume, 1500},   {"  7 s  ", Dimension::time, 7},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.text) {
      const double v = parse_quantity(r.text, r.dim);
      BOOST_TEST(close(v, r.canonical), v << " != " << r.canonical);
      const Quantity q = parse_quantity(r.text);
      BOOST_TEST((q.dimension == r.dim));
      BOOST_TEST(close(q.value, r.canonical));
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_dimension_names_what_was_expected_and_what_was_found) {
  EXPECT_WHAT(std::invalid_argument, parse_quantity("25 ml", Dimension::flow),
              "expected a flow rate such as '25 ml/h', got '25 ml' (a volume)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("30 s", Dimension::mass),
              "expected a mass such as '50 g', got '30 s' (a duration)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("50 g", Dimension::density),
              "expected a density such as '0.998 g/ml', got '50 g' (a mass)");
}

BOOST_AUTO_TEST_CASE(missing_unit_not_a_number_and_unknown_unit_are_errors) {
  EXPECT_WHAT(std::invalid_argument, parse_quantity("25", Dimension::flow),
              "expected a flow rate such as '25 ml/h', got '25' (missing unit)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("fast", Dimension::flow),
              "expected a flow rate such as '25 ml/h', got 'fast' (not a number)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("", Dimension::time),
              "expected a duration such as '30 s', got '' (empty)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("inf ml", Dimension::volume),
              "expected a volume such as '60 ml', got 'inf ml' (not a finite number)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("1,5 ml", Dimension::volume),
              "expected a volume such as '60 ml', got '1,5 ml' (use '.' as the decimal separator)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("300 mmgh", Dimension::pressure),
              "expected a pressure such as '300 mmHg', got '300 mmgh': unknown unit 'mmgh' (did you mean 'mmHg'?)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("25 ml/hx", Dimension::flow),
              "expected a flow rate such as '25 ml/h', got '25 ml/hx': unknown unit 'ml/hx' (did you mean 'ml/h'?)");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("3 furlongs", Dimension::length),
              "expected a length such as '26.59 mm', got '3 furlongs': unknown unit 'furlongs'");
  EXPECT_WHAT(std::invalid_argument, parse_quantity("3 ml/g"),
              "expected a quantity such as '25 ml/h', got '3 ml/g': unknown unit 'ml/g' (did you mean 'ml/h'?)");
}

BOOST_AUTO_TEST_CASE(formatting_round_trips_exactly) {
  BOOST_TEST(format_quantity(25, Dimension::flow) == "25 ml/h");
  BOOST_TEST(format_quantity(0.01, Dimension::flow) == "0.01 ml/h");
  BOOST_TEST(format_quantity(26.59, Dimension::length) == "26.59 mm");
  BOOST_TEST(format_quantity(7200, Dimension::time) == "7200 s");
  BOOST_TEST(format_quantity(5, Dimension::percent) == "5 %");
  BOOST_TEST(format_quantity(20, Dimension::temperature) == "20 degC");
  for (Dimension d : {Dimension::flow, Dimension::volume, Dimension::time, Dimension::mass, Dimension::length,
                      Dimension::density, Dimension::percent, Dimension::pressure, Dimension::temperature,
                      Dimension::mass_rate}) {
    for (double v : {0.0, 1.0 / 3.0, 0.998, 1e-7, 123456.789, -42.5}) {
      BOOST_TEST(parse_quantity(format_quantity(v, d), d) == v);
    }
  }
}

BOOST_AUTO_TEST_CASE(formats_in_a_chosen_unit) {
  BOOST_TEST(format_quantity(0.0005, Dimension::mass, "mg") == "0.5 mg");
  BOOST_TEST(format_quantity(7200, Dimension::time, "h") == "2 h");
  BOOST_TEST(format_quantity(7200, Dimension::time, "min") == "120 min");
  BOOST_TEST(format_quantity(760, Dimension::pressure, "kPa") == "101.325 kPa");
  BOOST_TEST(format_quantity(20, Dimension::temperature, "K") == "293.15 K");
  BOOST_TEST(format_quantity(1, Dimension::flow, "ul/min") == "16.6666666667 ul/min");
  EXPECT_WHAT(std::invalid_argument, format_quantity(1, Dimension::flow, "ml"), "cannot express a flow rate in 'ml'");
}

BOOST_AUTO_TEST_CASE(did_you_mean_finds_typos_and_truncations_only) {
  const std::vector<std::string> keys{"rate", "volume", "calibration_due", "reply_timeout"};
  BOOST_TEST(did_you_mean("rat", keys).value_or("") == "rate");
  BOOST_TEST(did_you_mean("volmue", keys).value_or("") == "volume");
  BOOST_TEST(did_you_mean("Rate", keys).value_or("") == "rate");
  BOOST_TEST(did_you_mean("calibration", keys).value_or("") == "calibration_due");
  BOOST_TEST(!did_you_mean("colour", keys).has_value());
  BOOST_TEST(!did_you_mean("", keys).has_value());
  BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
  BOOST_TEST(edit_distance("stpes", "steps") == 1u);
  BOOST_TEST(did_you_mean_suffix("rtae", keys) == " (did you mean 'rate'?)");
  BOOST_TEST(quoted_list({"a", "b", "c"}) == "'a', 'b' or 'c'");
}

BOOST_AUTO_TEST_CASE(config_error_prefixes_the_position) {
  const ConfigError e(SourcePos{"scenarios/x.yaml", 12, 7}, "unknown key 'rat'");
  BOOST_TEST(std::string(e.what()) == "scenarios/x.yaml:12:7: unknown key 'rat'");
  BOOST_TEST(e.message() == "unknown key 'rat'");
  BOOST_TEST(e.where().line == 12);
  BOOST_TEST(to_string(SourcePos{"f.yaml", 0, 0}) == "f.yaml");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(durations_print_as_people_write_them) {
  BOOST_TEST(pumprig::format_duration(7200) == "2 h");
  BOOST_TEST(pumprig::format_duration(5400) == "1 h 30 min");
  BOOST_TEST(pumprig::format_duration(1800) == "30 min");
  BOOST_TEST(pumprig::format_duration(30) == "30 s");
  BOOST_TEST(pumprig::format_duration(1.5) == "1.5 s");
  BOOST_TEST(pumprig::format_duration(3725) == "1 h 2 min 5 s");
}
