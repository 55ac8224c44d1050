#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "hardware/sim/random.hpp"
#include "rig/record/csv_format.hpp"
#include "rig/record/csv_readings.hpp"

using namespace pumprig;

namespace {

CsvReadings parse(const std::string& text, const CsvReadOptions& o = {}) {
  return parse_readings_csv(text, "samples-1.csv", o);
}

// The error a text raises; fails the test when it parses.
CsvError error_of(const std::string& text, const CsvReadOptions& o = {}) {
  try {
    parse(text, o);
  } catch (const CsvError& e) {
    return e;
  }
  BOOST_FAIL("expected a CsvError for: " + text);
  throw std::logic_error("unreachable");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_readings)

BOOST_AUTO_TEST_CASE(reads_the_rigs_samples_file) {
  const auto r = parse("time_s,mass_g,stable\n-0.52,0.00012,1\n0.48,0.0031,0\n1.49,+0.0100,1\n");
  BOOST_TEST(r.has_stable);
  BOOST_TEST(r.notes.empty());
  BOOST_REQUIRE_EQUAL(r.readings.size(), 3u);
  BOOST_TEST(r.readings[0].t_s == -0.52);
  BOOST_TEST(r.readings[0].mass_g == 0.00012);
  BOOST_TEST(*r.readings[0].stable == true);
  BOOST_TEST(*r.readings[1].stable == false);
  BOOST_TEST(r.readings[2].mass_g == 0.01);
}

BOOST_AUTO_TEST_CASE(other_loggers_columns_units_and_extra_columns) {
  CsvReadOptions o;
  o.time_column = "elapsed";
  o.mass_column = "net weight";
  o.time_unit = TimeUnit::minutes;
  // Column order differs, extra columns are ignored, no stability flag, CRLF, a BOM, quotes, a
  // trailing blank line.
  const auto r = parse("\xEF\xBB\xBF" "id,\"net weight\",elapsed,unit\r\n1, 2.5 ,0.5,g\r\n2,\"2.75\",1.0,g\r\n\r\n", o);
  BOOST_TEST(!r.has_stable);
  BOOST_REQUIRE_EQUAL(r.readings.size(), 2u);
  BOOST_TEST(r.readings[0].t_s == 30.0);
  BOOST_TEST(r.readings[1].t_s == 60.0);
  BOOST_TEST(r.readings[1].mass_g == 2.75);
  BOOST_TEST(!r.readings[0].stable.has_value());
  o.time_unit = TimeUnit::hours;
  BOOST_TEST(parse("elapsed,net weight\n0.5,1\n", o).readings[0].t_s == 1800.0);
}

BOOST_AUTO_TEST_CASE(iso8601_times_count_from_the_first_row) {
  CsvReadOptions o;
  o.time_column = "timestamp";
  o.time_unit = TimeUnit::iso8601;
  const auto r = parse(
      "timestamp,mass_g\n"
      "2024-05-01T11:59:59.750Z,1\n"
      "2024-05-01T12:00:00Z,2\n"
      "2024-05-01 14:00:30+02:00,3\n"
      "2024-05-01T12:01:00.5,4\n"
      "2024-05-01T12:01:01,5000001\n",
      o);
  BOOST_REQUIRE_EQUAL(r.readings.size(), 5u);
  BOOST_TEST(r.readings[0].t_s == 0.0);
  BOOST_TEST(r.readings[1].t_s == 0.25);
  BOOST_TEST(r.readings[2].t_s == 30.25);
  BOOST_TEST(r.readings[3].t_s == 60.75);
  BOOST_TEST(r.readings[4].t_s == 61.25);
  BOOST_TEST(*parse_iso8601_ns("1970-01-02T00:00:01Z") == 86'401'000'000'000LL);
  BOOST_TEST(*parse_iso8601_ns("2024-03-01T00:00:00+0100") - *parse_iso8601_ns("2024-02-29T23:00:00Z") == 0);
  BOOST_TEST(!parse_iso8601_ns("2023-02-29T00:00:00Z"));  // no such day
  BOOST_TEST(!parse_iso8601_ns("2024-05-01T25:00:00Z"));
  BOOST_TEST(!parse_iso8601_ns("12.5"));
}

BOOST_AUTO_TEST_CASE(reads_a_temperature_column) {
  CsvReadOptions o;
  o.temperature_column = "water_c";
  const auto r = parse("time_s,mass_g,stable,water_c\n0,1,1,20.5\n1,2,1,20.7\n", o);
  BOOST_REQUIRE_EQUAL(r.temperatures.size(), 2u);
  BOOST_TEST(r.temperatures[1].t_s == 1.0);
  BOOST_TEST(r.temperatures[1].temp_c == 20.7);
}

BOOST_AUTO_TEST_CASE(a_torn_last_line_is_dropped_with_a_note) {
  const auto r = parse("time_s,mass_g,stable\n0,1,1\n1,2,1\n2,2.9");
  BOOST_REQUIRE_EQUAL(r.readings.size(), 2u);
  BOOST_REQUIRE_EQUAL(r.notes.size(), 1u);
  BOOST_TEST(r.notes[0].find("line 4") != std::string::npos);
  BOOST_TEST(r.notes[0].find("torn") != std::string::npos);
  // Even a complete-looking unterminated line is dropped: "2.9" may be the start of "2.95".
  const auto r2 = parse("time_s,mass_g\n0,1\n1,2.9");
  BOOST_TEST(r2.readings.size() == 1u);
  BOOST_TEST(r2.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(cell_errors_name_line_and_column) {
  CsvError e = error_of("time_s,mass_g,stable\n0,1,1\n1,,1\n");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.column() == 2u);
  BOOST_TEST(e.column_name() == "mass_g");
  BOOST_TEST(e.message().find("empty") != std::string::npos);
  BOOST_TEST(std::string(e.what()).find("samples-1.csv, line 3, column 2 (mass_g)") != std::string::npos);

  e = error_of("time_s,mass_g,stable\n0,1,1\n1,12.3x,1\n");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.message().find("not a number") != std::string::npos);
  e = error_of("time_s,mass_g,stable\n0,1,1\nabc,2,1\n");
  BOOST_TEST(e.column() == 1u);
  e = error_of("time_s,mass_g,stable\n0,nan,1\n");
  BOOST_TEST(e.message().find("finite") != std::string::npos);
  e = error_of("time_s,mass_g,stable\n0,1,yes\n");
  BOOST_TEST(e.column() == 3u);
  BOOST_TEST(e.column_name() == "stable");
  e = error_of("time_s,mass_g,stable\n0,1,\n");
  BOOST_TEST(e.column() == 3u);
  CsvReadOptions iso;
  iso.time_unit = TimeUnit::iso8601;
  e = error_of("time_s,mass_g\n2024-05-01T12:00:00Z,1\n2024-05-01T12:00,2\n2024-13-01T12:00:00Z,3\n", iso);
  BOOST_TEST(e.line() == 4u);
  BOOST_TEST(e.message().find("ISO 8601") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(torn_or_malformed_lines_inside_the_file_are_errors) {
  CsvError e = error_of("time_s,mass_g,stable\n0,1,1\n1,2\n2,3,1\n");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.message().find("torn") != std::string::npos);
  e = error_of("time_s,mass_g,stable\n0,1,1\n1,2,1,7\n");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.message().find("more cells") != std::string::npos);
  e = error_of("time_s,mass_g,stable\n0,\"1,1\n");
  BOOST_TEST(e.line() == 2u);
}

BOOST_AUTO_TEST_CASE(time_going_backwards_is_an_error) {
  CsvError e = error_of("time_s,mass_g,stable\n0,1,1\n2,2,1\n1.5,3,1\n");
  BOOST_TEST(e.line() == 4u);
  BOOST_TEST(e.column() == 1u);
  BOOST_TEST(e.message().find("backwards") != std::string::npos);
  BOOST_TEST(parse("time_s,mass_g\n0,1\n0,1.1\n").readings.size() == 2u);  // equal times are not backwards
  CsvReadOptions iso;
  iso.time_unit = TimeUnit::iso8601;
  e = error_of("time_s,mass_g\n2024-05-01T12:00:01Z,1\n2024-05-01T12:00:00Z,2\n", iso);
  BOOST_TEST(e.line() == 3u);
}

BOOST_AUTO_TEST_CASE(missing_columns_and_empty_files_are_errors) {
  CsvError e = error_of("time_s,weight,stable\n0,1,1\n");
  BOOST_TEST(e.line() == 1u);
  BOOST_TEST(e.message().find("no mass column 'mass_g'") != std::string::npos);
  BOOST_TEST(e.message().find("found: \"time_s\", \"weight\", \"stable\"") != std::string::npos);  // what there is
  CsvReadOptions o;
  o.temperature_column = "water_c";
  e = error_of("time_s,mass_g\n0,1\n", o);
  BOOST_TEST(e.message().find("water_c") != std::string::npos);
  e = error_of("");
  BOOST_TEST(e.message().find("empty") != std::string::npos);
  e = error_of("time_s,mass_g");
  BOOST_TEST(e.message().find("header") != std::string::npos);
  e = error_of("time_s,mass_g,mass_g\n0,1,1\n");
  BOOST_TEST(e.message().find("twice") != std::string::npos);
  BOOST_TEST(parse("time_s,mass_g\n").readings.empty());  // a header alone is not an error here
}

// Issue 11: a quote inside a header cell made the header scan (unquote, then trim) find
// "time_s" where the CSV library (trim, then unquote only "..." cells) found `t"ime_s"`; the
// library then returned a null cell and analyze crashed with SIGSEGV.
BOOST_AUTO_TEST_CASE(a_header_cell_is_a_name_only_by_the_libraries_rule) {
  CsvError e = error_of("t\"ime_s\",mass_g\n0,1\n30,2\n");
  BOOST_TEST(e.line() == 1u);
  BOOST_TEST(e.message().find("no time column 'time_s' (found: \"t\"ime_s\"\", \"mass_g\")") != std::string::npos,
             e.message());
  BOOST_TEST(std::string(e.what()).find("samples-1.csv, line 1: ") == 0u, e.what());
  // What a logger writes with a blank inside the quotes is the name " time_s", as the library reads it.
  e = error_of("\" time_s\",mass_g\n0,1\n30,2\n");
  BOOST_TEST(e.message().find("no time column 'time_s' (found: \" time_s\", \"mass_g\")") != std::string::npos,
             e.message());
  BOOST_TEST(e.message().find("is not 'time_s'") != std::string::npos, e.message());  // the hint
  // The mass and temperature columns go by the same rule.
  e = error_of("time_s,\"mass_g \"\n0,1\n");
  BOOST_TEST(e.message().find("no mass column 'mass_g'") != std::string::npos, e.message());
  CsvReadOptions o;
  o.temperature_column = "water_c";
  e = error_of("time_s,mass_g,w\"ater_c\"\n0,1,20\n", o);
  BOOST_TEST(e.message().find("no temperature column 'water_c'") != std::string::npos, e.message());
  // Blanks outside the quotes are trimmed, then the quotes go: those cells are the names.
  const auto r = parse(" \"time_s\" ,\t\"mass_g\",\"sta\"\"ble\"\n0,1,1\n30,2,1\n");
  BOOST_TEST(r.readings.size() == 2u);
  BOOST_TEST(!r.has_stable);  // the third column is named sta"ble
  BOOST_TEST(r.readings[1].mass_g == 2.0);
}

// Issue 11: parse_iso8601_ns multiplied seconds by 1e9 without a range check: years after 2262
// or before 1678 wrapped silently.
BOOST_AUTO_TEST_CASE(iso8601_times_outside_the_nanosecond_range_are_errors) {
  BOOST_TEST(!parse_iso8601_ns("2300-01-01T00:00:00Z"));
  BOOST_TEST(iso8601_outside_nanosecond_range("2300-01-01T00:00:00Z"));
  BOOST_TEST(!parse_iso8601_ns("1600-01-01T00:00:00Z"));
  BOOST_TEST(iso8601_outside_nanosecond_range("1600-01-01T00:00:00Z"));
  BOOST_TEST(!parse_iso8601_ns("2262-04-11T23:47:17Z"));  // one second past the end
  BOOST_TEST(*parse_iso8601_ns("2262-04-11T23:47:16Z") == 9223372036000000000LL);
  BOOST_TEST(*parse_iso8601_ns("1677-09-21T00:12:44Z") == -9223372036000000000LL);
  BOOST_TEST(!parse_iso8601_ns("1677-09-21T00:12:43Z"));
  BOOST_TEST(!iso8601_outside_nanosecond_range("2024-13-01T00:00:00Z"));  // malformed, not out of range
  CsvReadOptions iso;
  iso.time_column = "time";
  iso.time_unit = TimeUnit::iso8601;
  CsvError e = error_of("time,mass_g\n2024-05-01T12:00:00Z,1\n2300-01-01T00:00:00Z,2\n", iso);
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.message().find("outside the years 1678 to 2262") != std::string::npos, e.message());
  e = error_of("time,mass_g\n1600-01-01T00:00:00Z,1\n", iso);
  BOOST_TEST(e.line() == 2u);
  // Both ends in range, but 584 years apart: the difference would overflow.
  e = error_of("time,mass_g\n1678-01-01T00:00:00Z,1\n2262-01-01T00:00:00Z,2\n", iso);
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.message().find("292 years") != std::string::npos, e.message());
}

// Issue 11: a row at 1e308 s made analyze loop forever; times are bounded where they are read.
BOOST_AUTO_TEST_CASE(numeric_times_out_of_range_are_errors) {
  CsvError e = error_of("time_s,mass_g\n0,1\n1e308,2\n");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.column() == 1u);
  BOOST_TEST(e.message().find("\"1e308\" is out of range") != std::string::npos, e.message());
  e = error_of("time_s,mass_g\n-1e10,1\n");
  BOOST_TEST(e.line() == 2u);
  CsvReadOptions h;
  h.time_unit = TimeUnit::hours;
  e = error_of("time_s,mass_g\n3e6,1\n", h);  // 1.08e10 s
  BOOST_TEST(e.message().find("out of range") != std::string::npos, e.message());
  BOOST_TEST(parse("time_s,mass_g\n9.1e9,1\n").readings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(control_characters_and_folders_in_messages) {
  CsvError e = error_of("time_s,mass_g\n0,1\n1,\x1b[2J\n");
  BOOST_TEST(e.message().find("\"\\x1b[2J\" is not a number") != std::string::npos, e.message());
  BOOST_TEST(std::string(e.what()).find('\x1b') == std::string::npos);
  e = error_of("time_s\x1b[31m,mass_g\n0,1\n");
  BOOST_TEST(std::string(e.what()).find('\x1b') == std::string::npos);
  const auto dir = std::filesystem::temp_directory_path();
  try {
    read_readings_csv(dir.string());
    BOOST_FAIL("a folder must be an error");
  } catch (const CsvError& err) {
    BOOST_TEST(err.message().find("is a directory") != std::string::npos, err.what());
  }
}

BOOST_AUTO_TEST_CASE(reads_files_and_names_unreadable_ones) {
  const auto path = std::filesystem::temp_directory_path() / "pumprig-csv-readings-test.csv";
  {
    std::ofstream f(path);
    f << "time_s,mass_g,stable\n0,1,1\n";
  }
  const auto r = read_readings_csv(path.string());
  BOOST_TEST(r.readings.size() == 1u);
  std::filesystem::remove(path);
  try {
    read_readings_csv(path.string());
    BOOST_FAIL("a missing file must be an error");
  } catch (const CsvError& e) {
    BOOST_TEST(e.file() == path.string());
    BOOST_TEST(e.message().find("cannot open") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(corrupted_files_give_an_error_or_finite_readings) {
  const std::string good = "time_s,mass_g,stable\n-0.5,0.001,1\n0.5,0.002,0\n1.5,0.0031,1\n2.5,0.0042,1\n";
  const std::string alphabet = "0123456789.,-+eE\n\r\" xn";
  sim::Random rng(2024);
  int errors = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = good;
    const int edits = 1 + static_cast<int>(rng.uniform() * 3);
    for (int e = 0; e < edits; ++e) {
      const auto at = static_cast<std::size_t>(rng.uniform() * static_cast<double>(text.size()));
      const char c = alphabet[static_cast<std::size_t>(rng.uniform() * static_cast<double>(alphabet.size()))];
      if (rng.uniform() < 0.5) text[at] = c;
      else text.erase(at, 1);
    }
    try {
      const auto r = parse(text);
      for (std::size_t i = 0; i < r.readings.size(); ++i) {
        BOOST_TEST(std::isfinite(r.readings[i].t_s));
        BOOST_TEST(std::isfinite(r.readings[i].mass_g));
        if (i > 0) BOOST_TEST(r.readings[i].t_s >= r.readings[i - 1].t_s);
      }
    } catch (const CsvError&) {
      ++errors;
    }
  }
  BOOST_TEST(errors > 100);  // most corruptions are caught, and none crash
}

// Issue 15: a European spreadsheet's export and other shapes of "CSV".
CsvReadOptions detecting() {
  CsvReadOptions o;
  o.delimiter.reset();
  o.decimal.reset();
  return o;
}

BOOST_AUTO_TEST_CASE(delimiter_and_decimal_comma_are_detected_and_say_why) {
  const auto r = parse("time_s;mass_g;stable\n0;5;1\n30;5,208;1\n60,5;5,416;0\n", detecting());
  BOOST_TEST(r.delimiter == ';');
  BOOST_TEST(r.decimal == ',');
  BOOST_REQUIRE_EQUAL(r.readings.size(), 3u);
  BOOST_TEST(r.readings[1].mass_g == 5.208);
  BOOST_TEST(r.readings[2].t_s == 60.5);
  BOOST_TEST(*r.delimiter_detected == "the header holds 2 ';', 0 ',' and 0 tabs outside quotes");
  BOOST_TEST(*r.decimal_detected == "line 3, column 2 (mass_g) holds \"5,208\"");  // line 2 has no separator
  // A ',' file with decimal points, and one whose numbers are quoted decimal commas.
  auto c = parse("time_s,mass_g\n0,5.5\n", detecting());
  BOOST_TEST(c.delimiter == ',');
  BOOST_TEST(c.decimal == '.');
  c = parse("time_s,mass_g\n0,\"5,5\"\n", detecting());
  BOOST_TEST(c.decimal == ',');
  BOOST_TEST(c.readings[0].mass_g == 5.5);
  // Tabs; and ties go to ';', then ',', then tab.
  BOOST_TEST(parse("time_s\tmass_g\n0\t5.5\n", detecting()).readings[0].mass_g == 5.5);
  BOOST_TEST(detect_delimiter("a;b,c").value == ';');
  BOOST_TEST(detect_delimiter("a,\tb").value == ',');
  BOOST_TEST(detect_delimiter("a;b;c,d,e,f").value == ',');
  BOOST_TEST(detect_delimiter("\"a;b\",c").value == ',');  // quoted ';' is part of a name
  BOOST_TEST(detect_delimiter("time").value == ',');
  // No decimal number anywhere: '.' (it makes no difference to whole numbers).
  const auto whole = parse("time_s;mass_g\n0;5\n30;6\n", detecting());
  BOOST_TEST(whole.decimal == '.');
  BOOST_TEST(*whole.decimal_detected == "no number cell holds a '.' or ','");
}

BOOST_AUTO_TEST_CASE(stated_formats_are_not_detected) {
  CsvReadOptions o;
  o.delimiter = ';';
  o.decimal = ',';
  const auto r = parse("time_s;mass_g\n0;5,5\n", o);
  BOOST_TEST(!r.delimiter_detected);
  BOOST_TEST(!r.decimal_detected);
  BOOST_TEST(r.readings[0].mass_g == 5.5);
  // The rig's own files: ',' and '.' stated by default, nothing guessed.
  const auto rig = parse("time_s,mass_g\n0,5.5\n");
  BOOST_TEST(!rig.delimiter_detected);
  BOOST_TEST(!rig.decimal_detected);
}

BOOST_AUTO_TEST_CASE(a_number_with_the_other_separator_is_an_error_never_a_number) {
  CsvError e = error_of("time_s;mass_g\n0;5,5\n30;5.6\n", detecting());
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.column() == 2u);
  BOOST_TEST(e.message() == "\"5.6\" is not a number with a decimal comma (the decimal comma was detected because "
                            "line 2, column 2 (mass_g) holds \"5,5\")");
  e = error_of("time_s;mass_g\n0;1.234,5\n", detecting());  // thousands: the last separator decides, the other fails
  BOOST_TEST(e.line() == 2u);
  BOOST_TEST(e.message().find("not a number with a decimal comma") != std::string::npos, e.message());
  CsvReadOptions point;
  point.delimiter = ';';
  e = error_of("time_s;mass_g\n0;5,5\n", point);
  BOOST_TEST(e.message() == "\"5,5\" is not a number with a decimal point (the decimal separator is '.')");
  // Unquoted decimal commas in a ',' file split the cell: more cells than the header.
  CsvReadOptions comma;
  comma.decimal = ',';
  e = error_of("time_s,mass_g\n0,5,5\n", comma);
  BOOST_TEST(e.message().find("must be quoted") != std::string::npos, e.message());
}

BOOST_AUTO_TEST_CASE(a_stated_time_format_counts_from_the_first_row) {
  CsvReadOptions o = detecting();
  o.time_column = "Zeit";
  o.time_unit = TimeUnit::formatted;
  o.time_format = "%d.%m.%Y %H:%M:%S";
  const auto r = parse("Zeit;mass_g\n31.12.2023 23:59:30,5;1,0\n01.01.2024 00:00:00;1,5\n", o);
  BOOST_REQUIRE_EQUAL(r.readings.size(), 2u);
  BOOST_TEST(r.readings[0].t_s == 0.0);
  BOOST_TEST(r.readings[1].t_s == 29.5);
  BOOST_TEST(*r.decimal_detected == "line 2, column 2 (mass_g) holds \"1,0\"");  // the date column is not a number
  CsvError e = error_of("Zeit;mass_g\n01.01.2024 00:00:00;1\n2024-01-01 00:00:30;2\n", o);
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.column() == 1u);
  BOOST_TEST(e.message() == "\"2024-01-01 00:00:30\" does not match the time format \"%d.%m.%Y %H:%M:%S\"");
  o.time_format = "%d.%m.%Y";
  e = error_of("Zeit;mass_g\n01.01.2024;1\n", o);
  BOOST_TEST(e.message().find("no hour") != std::string::npos, e.message());
}

BOOST_AUTO_TEST_CASE(an_exporters_last_line_without_a_line_end_is_kept_when_complete) {
  CsvReadOptions o;
  o.unterminated_last_line = UnterminatedLastLine::kept_when_complete;
  const auto r = parse("time_s,mass_g,stable\n0,1,1\n1,2,1\n2,2.9,1", o);
  BOOST_TEST(r.readings.size() == 3u);
  BOOST_TEST(r.notes.empty());
  BOOST_TEST(parse("time_s,mass_g", o).readings.empty());  // a header alone, without a line end
  // Cut short: too few cells, a cell that does not read, or time that goes back is torn.
  for (const char* last : {"2,2.9", "2,2.9,", "2,2.9e", "0.", "2,2.9,tr"}) {
    const auto torn = parse(std::string("time_s,mass_g,stable\n0,1,1\n1,2,1\n") + last, o);
    BOOST_TEST(torn.readings.size() == 2u, last);
    BOOST_REQUIRE_EQUAL(torn.notes.size(), 1u);
    BOOST_TEST(torn.notes[0].find("samples-1.csv: line 4, the last, has no line end and is incomplete (") == 0u, torn.notes[0]);
    BOOST_TEST(torn.notes[0].find("dropped as torn") != std::string::npos, torn.notes[0]);
  }
  // The same cut before the last line is still an error.
  CsvError e = error_of("time_s,mass_g,stable\n0,1,1\n1,2\n2,3,1", o);
  BOOST_TEST(e.line() == 3u);
  // The recorder's reading (the default) drops even a complete-looking last line.
  BOOST_TEST(parse("time_s,mass_g,stable\n0,1,1\n1,2,1\n2,2.9,1").readings.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
