// Issue 15, item 6: any logger's CSV. One clean data set (a 30 s logger, 2 h, a flow that wanders
// and a balance that is noisy, so that every number of the analysis depends on every reading) is
// written in the formats other loggers and spreadsheets produce; `analyze` must give the clean
// file's numbers for each, field by field within 1e-9.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hardware/sim/random.hpp"
#include "rig/cli/analyze_command.hpp"
#include "tests/support/temp_files.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace pumprig;

namespace {

// A scratch folder per test case (tests/support's TempDir), named `dir` as the cases use it.
struct Scratch {
  test::TempDir tmp{"pumprig-formats"};
  const fs::path dir = tmp.path();
};

// The clean data set: rows at t = 0, 30, ..., 7200 s, as text, so every format writes the very
// same digits. The mass is 25 ml/h with a slow ±3 % wander and 0.2 mg of balance noise.
struct Row {
  double t_s;
  std::string mass;    // with a decimal point
  std::string stable;  // "1" or "0"
};

std::vector<Row> clean_rows() {
  std::vector<Row> rows;
  sim::Random noise(15);
  double mass = 5.0;
  for (int k = 0; k <= 240; ++k) {
    const double t = 30.0 * k;
    if (k > 0) mass += 25.0 * 0.998 / 120.0 * (1.0 + 0.03 * std::sin(2 * M_PI * t / 1500.0));
    rows.push_back({t, fmt::format("{:.7f}", mass + noise.normal(0, 0.0002)), k % 7 == 3 ? "0" : "1"});
  }
  return rows;
}

// Deterministic clock jitter of a PC logger, within ±1.5 s; the first and last rows on time, so
// that the data cover the analysis period also when the jitter is not taken as on time.
double jitter_s(int k) { return k == 0 || k == 240 ? 0.0 : 1.5 * std::sin(k * 2.3); }

std::string with_decimal_comma(std::string s) {
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

// 31.12.2023 23:00:00 plus t seconds, as a German spreadsheet writes it (day first, over midnight
// and the new year), seconds with a fraction when `fraction` is set.
std::string day_first(double t_s, bool fraction = false) {
  const double at = 23 * 3600.0 + t_s;  // seconds since 31.12.2023 00:00:00
  const int day = static_cast<int>(std::floor(at / 86400.0));
  const double in_day = at - day * 86400.0;
  const int h = static_cast<int>(in_day / 3600), m = static_cast<int>(in_day / 60) % 60;
  const double s = in_day - h * 3600 - m * 60;
  const std::string date = day == 0 ? "31.12.2023" : fmt::format("{:02}.01.2024", day);
  if (fraction) return fmt::format("{} {:02}:{:02}:{}", date, h, m, with_decimal_comma(fmt::format("{:06.3f}", s)));
  return fmt::format("{} {:02}:{:02}:{:02}", date, h, m, static_cast<int>(std::lround(s)));
}

// A file of the clean rows: header, then one line per row made by `line`, lines ended by `eol`;
// the last one without a line end when `last_eol` is false.
fs::path write_file(const fs::path& path, const std::string& header, const std::function<std::string(int, const Row&)>& line,
                    bool last_eol = true, const std::string& eol = "\n") {
  const auto rows = clean_rows();
  std::ofstream f(path, std::ios::binary);
  f << header << eol;
  for (std::size_t k = 0; k < rows.size(); ++k)
    f << line(static_cast<int>(k), rows[k]) << (k + 1 < rows.size() || last_eol ? eol : "");
  return path;
}

fs::path clean_file(const fs::path& dir) {
  return write_file(dir / "clean.csv", "time_s,mass_g,stable",
                    [](int, const Row& r) { return fmt::format("{},{},{}", r.t_s, r.mass, r.stable); });
}

struct Run {
  int code;
  std::string out;
  std::string err;
  json result;  // result.json, when written
};

Run analyze(const fs::path& input, const std::function<void(AnalyzeOptions&)>& more = {}) {
  AnalyzeOptions o;
  o.input = input.string();
  o.rate = "25ml/h";
  o.station = "logger";
  o.out = (input.parent_path() / ("out-" + input.stem().string())).string();
  if (more) more(o);
  std::ostringstream out, err;
  Run r{run_analyze(o, out, err), out.str(), err.str(), json()};
  if (fs::exists(fs::path(o.out) / "result.json")) {
    std::ifstream f(fs::path(o.out) / "result.json");
    r.result = json::parse(f);
  }
  return r;
}

// Compares every field of two results' test (numbers within 1e-9), except the keys in `skip`;
// returns how many numbers it compared, so a test can require that there were many.
std::size_t expect_same(const json& a, const json& b, const std::string& where, const std::vector<std::string>& skip,
                        const std::string& what) {
  std::size_t numbers = 0;
  if (a.is_number() && b.is_number()) {
    BOOST_TEST(std::fabs(a.get<double>() - b.get<double>()) <= 1e-9,
               what << ": " << where << " is " << b.dump() << ", the clean file's " << a.dump());
    return 1;
  }
  BOOST_TEST_REQUIRE(a.type_name() == b.type_name(), what << ": " << where << " is " << b.dump() << ", not " << a.dump());
  if (a.is_object()) {
    BOOST_TEST(a.size() == b.size(), what << ": " << where << " has other keys");
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (std::find(skip.begin(), skip.end(), it.key()) != skip.end()) continue;
      BOOST_TEST_REQUIRE(b.contains(it.key()), what << ": " << where << " lacks " << it.key());
      numbers += expect_same(*it, b[it.key()], where + "." + it.key(), skip, what);
    }
  } else if (a.is_array()) {
    BOOST_TEST_REQUIRE(a.size() == b.size(), what << ": " << where << " has " << b.size() << " items, not " << a.size());
    for (std::size_t i = 0; i < a.size(); ++i) numbers += expect_same(a[i], b[i], fmt::format("{}[{}]", where, i), skip, what);
  } else {
    BOOST_TEST(a == b, what << ": " << where << " is " << b.dump() << ", not " << a.dump());
  }
  return numbers;
}

const json& test_of(const Run& r) { return r.result.at("tests").at(0); }

bool has_note(const json& test, const std::string& part) {
  for (const auto& n : test.at("notes"))
    if (n.get<std::string>().find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(logger_formats)

BOOST_AUTO_TEST_CASE(every_format_gives_the_clean_files_numbers) {
  Scratch s;
  const Run clean = analyze(clean_file(s.dir));
  BOOST_REQUIRE_EQUAL(clean.code, 0);
  BOOST_TEST(test_of(clean)["gaps"].empty());
  BOOST_TEST(test_of(clean)["mean_error_pct"].get<double>() != 0.0);  // a data set worth comparing

  struct Variant {
    std::string name;
    fs::path file;
    std::function<void(AnalyzeOptions&)> options;
    std::vector<std::string> differs;  // result keys that describe the data, not the analysis
  };
  const std::vector<std::string> always{"notes"};
  std::vector<Variant> variants;
  variants.push_back({"semicolon and decimal comma, detected",
                      write_file(s.dir / "semicolon.csv", "time_s;mass_g;stable",
                                 [](int, const Row& r) {
                                   return fmt::format("{};{};{}", with_decimal_comma(fmt::format("{}", r.t_s)),
                                                      with_decimal_comma(r.mass), r.stable);
                                 }),
                      {}, {}});
  variants.push_back({"day-first dates",
                      write_file(s.dir / "dates.csv", "Zeit,mass_g,stable",
                                 [](int, const Row& r) { return fmt::format("{},{},{}", day_first(r.t_s), r.mass, r.stable); }),
                      [](AnalyzeOptions& o) {
                        o.time_column = "Zeit";
                        o.time_format = "%d.%m.%Y %H:%M:%S";
                      },
                      {}});
  variants.push_back({"30 s logger with ±1.5 s jitter",
                      write_file(s.dir / "jitter.csv", "time_s,mass_g,stable",
                                 [](int k, const Row& r) {
                                   return fmt::format("{:.3f},{},{}", r.t_s + jitter_s(k), r.mass, r.stable);
                                 }),
                      {}, {"polling_period_s"}});
  variants.push_back({"no line end after the last row",
                      write_file(s.dir / "no-eol.csv", "time_s,mass_g,stable",
                                 [](int, const Row& r) { return fmt::format("{},{},{}", r.t_s, r.mass, r.stable); }, false),
                      {}, {}});
  variants.push_back({"tab-delimited, stated",
                      write_file(s.dir / "tab.csv", "time_s\tmass_g\tstable",
                                 [](int, const Row& r) { return fmt::format("{}\t{}\t{}", r.t_s, r.mass, r.stable); }),
                      [](AnalyzeOptions& o) { o.delimiter = "\\t"; }, {}});
  variants.push_back({"tab-delimited, detected",
                      write_file(s.dir / "tab-detected.csv", "time_s\tmass_g\tstable",
                                 [](int, const Row& r) { return fmt::format("{}\t{}\t{}", r.t_s, r.mass, r.stable); }),
                      {}, {}});
  // All at once, as a European lab's spreadsheet export: quoted day-first dates with fractional
  // seconds and the logger's jitter, semicolons, decimal commas, CRLF, no line end at the end.
  variants.push_back({"European export",
                      write_file(
                          s.dir / "export.csv", "\"Datum/Zeit\";\"Masse [g]\";stable",
                          [](int k, const Row& r) {
                            return fmt::format("\"{}\";{};{}", day_first(r.t_s + jitter_s(k), true),
                                               with_decimal_comma(r.mass), r.stable);
                          },
                          false, "\r\n"),
                      [](AnalyzeOptions& o) {
                        o.time_column = "Datum/Zeit";
                        o.mass_column = "Masse [g]";
                        o.time_format = "%d.%m.%Y %H:%M:%S";
                      },
                      {"polling_period_s"}});

  for (const auto& v : variants) {
    const Run r = analyze(v.file, v.options);
    BOOST_TEST_REQUIRE(r.code == 0, v.name << ": exit " << r.code << ": " << r.err);
    std::vector<std::string> skip = always;
    skip.insert(skip.end(), v.differs.begin(), v.differs.end());
    const std::size_t numbers = expect_same(test_of(clean), test_of(r), "test", skip, v.name);
    BOOST_TEST(numbers > 600u, v.name << ": only " << numbers << " numbers compared");  // 240 start-up flows, ...
    BOOST_TEST(test_of(r)["readings"] == 241, v.name);  // no row lost, none invented
  }
}

// The comparison above must be able to fail: one reading 1 mg off changes the result.
BOOST_AUTO_TEST_CASE(the_comparison_sees_a_one_milligram_difference) {
  Scratch s;
  const Run clean = analyze(clean_file(s.dir));
  const Run off = analyze(write_file(s.dir / "off.csv", "time_s,mass_g,stable", [](int k, const Row& r) {
    const double mass = std::stod(r.mass) + (k == 150 ? 0.001 : 0.0);
    return fmt::format("{},{:.7f},{}", r.t_s, mass, r.stable);
  }));
  BOOST_REQUIRE_EQUAL(off.code, 0);
  // Q_150 (interval 150 ends at the changed reading) moves by 1 mg per 30 s: 0.12 ml/h.
  const double q_clean = test_of(clean)["startup"][149]["flow_ml_h"].get<double>();
  const double q_off = test_of(off)["startup"][149]["flow_ml_h"].get<double>();
  BOOST_TEST(std::fabs(q_off - q_clean - 0.12024) < 1e-4);
}

BOOST_AUTO_TEST_CASE(detection_is_noted_in_the_output_and_result_json) {
  Scratch s;
  const Run r = analyze(write_file(s.dir / "semicolon.csv", "time_s;mass_g;stable", [](int, const Row& row) {
    return fmt::format("{};{};{}", row.t_s, with_decimal_comma(row.mass), row.stable);
  }));
  BOOST_REQUIRE_EQUAL(r.code, 0);
  const std::string expected = "format detected: cells separated by ';' (the header holds 2 ';', 0 ',' and 0 tabs outside "
                               "quotes); decimal comma (line 2, column 2 (mass_g) holds \"";
  BOOST_TEST(r.out.find("note: " + expected) != std::string::npos, r.out);
  BOOST_TEST(has_note(test_of(r), expected));  // the report lists the test's notes
  BOOST_TEST(r.result["run"]["notes"][0].get<std::string>().find(expected) == 0u);
  BOOST_TEST(r.result["run"]["source"]["delimiter"] == ";");
  BOOST_TEST(r.result["run"]["source"]["decimal"] == ",");

  // Stated formats are not detected, so not noted.
  const Run stated = analyze(clean_file(s.dir), [](AnalyzeOptions& o) {
    o.delimiter = ",";
    o.decimal = ".";
  });
  BOOST_REQUIRE_EQUAL(stated.code, 0);
  BOOST_TEST(stated.out.find("format detected") == std::string::npos);
  BOOST_TEST(!has_note(test_of(stated), "format detected"));
}

BOOST_AUTO_TEST_CASE(a_stated_delimiter_overrides_detection) {
  Scratch s;
  // A ',' file whose header holds as many ';' as ',': detection picks ';' and finds no columns.
  const auto input = write_file(s.dir / "flags.csv", "time_s,mass_g,flags;a;b", [](int, const Row& r) {
    return fmt::format("{},{},x;y;z", r.t_s, r.mass);
  });
  const Run detected = analyze(input);
  BOOST_TEST(detected.code == 2);
  BOOST_TEST(detected.err.find("line 1: no time column 'time_s'") != std::string::npos, detected.err);
  BOOST_TEST(detected.err.find("cells were split at ';', detected because the header holds 2 ';', 2 ','") !=
                 std::string::npos,
             detected.err);
  const Run stated = analyze(input, [](AnalyzeOptions& o) { o.delimiter = ","; });
  BOOST_TEST(stated.code == 0, stated.err);
  BOOST_TEST(test_of(stated)["readings"] == 241);
  // And the other way: a stated ',' for a ';' file is taken at its word, and fails.
  const Run wrong = analyze(write_file(s.dir / "semicolon.csv", "time_s;mass_g", [](int, const Row& r) {
                              return fmt::format("{};{}", r.t_s, with_decimal_comma(r.mass));
                            }),
                            [](AnalyzeOptions& o) { o.delimiter = ","; });
  BOOST_TEST(wrong.code == 2);
  BOOST_TEST(wrong.err.find("the header is one cell when split at ','") != std::string::npos, wrong.err);
}

BOOST_AUTO_TEST_CASE(a_cell_that_does_not_read_is_an_error_with_file_line_and_column) {
  Scratch s;
  const auto garbage = write_file(s.dir / "garbage.csv", "time_s;mass_g;stable", [](int k, const Row& r) {
    return fmt::format("{};{};{}", r.t_s, k == 100 ? "5,2x3" : with_decimal_comma(r.mass), r.stable);
  });
  Run r = analyze(garbage);
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find(garbage.string() + ", line 102, column 2 (mass_g): \"5,2x3\" is not a number") != std::string::npos,
             r.err);
  BOOST_TEST(!fs::exists(s.dir / "out-garbage" / "result.json"));
  // A decimal point in a file detected as decimal comma is never read as part of a number.
  const auto mixed = write_file(s.dir / "mixed.csv", "time_s;mass_g;stable", [](int k, const Row& r) {
    return fmt::format("{};{};{}", r.t_s, k == 200 ? r.mass : with_decimal_comma(r.mass), r.stable);
  });
  r = analyze(mixed);
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("line 202, column 2 (mass_g)") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("is not a number with a decimal comma (the decimal comma was detected because line 2") !=
                 std::string::npos,
             r.err);
  // A stated decimal point for decimal commas: the first cell with a comma is the error.
  r = analyze(mixed, [](AnalyzeOptions& o) { o.decimal = "."; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("line 2, column 2 (mass_g)") != std::string::npos, r.err);
  // A date that does not match the stated format names its cell.
  const auto dates = write_file(s.dir / "dates.csv", "Zeit,mass_g", [](int k, const Row& r) {
    return fmt::format("{},{}", k == 5 ? std::string("2024-01-01 00:02:30") : day_first(r.t_s), r.mass);
  });
  r = analyze(dates, [](AnalyzeOptions& o) {
    o.time_column = "Zeit";
    o.time_format = "%d.%m.%Y %H:%M:%S";
  });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("line 7, column 1 (Zeit): \"2024-01-01 00:02:30\" does not match the time format") !=
                 std::string::npos,
             r.err);
}

BOOST_AUTO_TEST_CASE(jitter_is_on_time_by_default_and_gaps_without_it) {
  Scratch s;
  const auto jittered = write_file(s.dir / "jitter.csv", "time_s,mass_g,stable", [](int k, const Row& r) {
    return fmt::format("{:.3f},{},{}", r.t_s + jitter_s(k), r.mass, r.stable);
  });
  const Run on_time = analyze(jittered);
  BOOST_TEST(on_time.code == 0);
  BOOST_TEST(test_of(on_time)["gaps"].empty());
  BOOST_TEST(has_note(test_of(on_time), "readings within ±3 s (10 % of S) of a grid point are taken as on time"));
  // Without the tolerance the logger's wandering clock leaves readings more than S apart: gaps,
  // inconclusive, as the user reported.
  const Run strict = analyze(jittered, [](AnalyzeOptions& o) { o.jitter = "0"; });
  BOOST_TEST(strict.code == 1);
  BOOST_TEST(test_of(strict)["gaps"].size() > 50u);
  BOOST_TEST(test_of(strict)["verdict"] == "inconclusive");
  // A jitter beyond the stated tolerance is not on time: ±1.5 s with 2 % of S (0.6 s) leaves gaps.
  const Run narrow = analyze(jittered, [](AnalyzeOptions& o) { o.jitter = "2%"; });
  BOOST_TEST(narrow.code == 1);
  BOOST_TEST(!test_of(narrow)["gaps"].empty());
}

BOOST_AUTO_TEST_CASE(a_gap_limit_above_s_is_honoured_and_noted) {
  Scratch s;
  const auto jittered = write_file(s.dir / "jitter.csv", "time_s,mass_g,stable", [](int k, const Row& r) {
    return fmt::format("{:.3f},{},{}", r.t_s + jitter_s(k), r.mass, r.stable);
  });
  const Run r = analyze(jittered, [](AnalyzeOptions& o) {
    o.jitter = "0";
    o.gap_limit = "45s";
  });
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(test_of(r)["gap_limit_s"].get<double>() == 45.0);  // not capped at S = 30 s
  BOOST_TEST(test_of(r)["gaps"].empty());
  BOOST_TEST(has_note(test_of(r), "gap limit 45 s (given)"));
  BOOST_TEST(has_note(test_of(r), "the given gap limit 45 s is longer than S = 30 s"));
  BOOST_TEST(r.out.find("longer than S = 30 s") != std::string::npos);
  // A missed reading is then bridged rather than a gap: drop one row.
  const auto missing = write_file(s.dir / "missing.csv", "time_s,mass_g,stable", [](int k, const Row& r) {
    return k == 150 ? std::string() : fmt::format("{},{},{}", r.t_s, r.mass, r.stable);
  });
  const Run bridged = analyze(missing, [](AnalyzeOptions& o) { o.gap_limit = "61s"; });
  BOOST_TEST(bridged.code == 0, bridged.err);
  BOOST_TEST(test_of(bridged)["gaps"].empty());
  const Run capped = analyze(missing);
  BOOST_TEST(capped.code == 1);
  BOOST_TEST(test_of(capped)["gaps"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_incomplete_last_line_is_still_reported) {
  Scratch s;
  const auto input = write_file(s.dir / "cut.csv", "time_s;mass_g;stable", [&](int k, const Row& r) {
    const std::string line = fmt::format("{};{};{}", r.t_s, with_decimal_comma(r.mass), r.stable);
    return k == 240 ? line.substr(0, line.find(',') + 2) : line;  // "7200;5,1" and no stable cell
  }, false);
  const Run r = analyze(input, [](AnalyzeOptions& o) { o.period = "60-119min"; });
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(test_of(r)["readings"] == 240);
  BOOST_TEST(has_note(test_of(r), "line 242, the last, has no line end and is incomplete"), test_of(r)["notes"].dump());
  BOOST_TEST(r.out.find("line 242, the last, has no line end and is incomplete") != std::string::npos);
}

// analyze --input of a run folder's own samples file keeps the recorder's reading: a last line
// without a line end was cut by a kill, even when it looks complete.
BOOST_AUTO_TEST_CASE(a_run_folders_samples_file_keeps_the_recorders_torn_line) {
  Scratch s;
  const auto write_samples = [&](const fs::path& dir) {
    fs::create_directories(dir);
    return write_file(dir / "samples-st1.csv", "time_s,mass_g,stable",
                      [](int, const Row& r) { return fmt::format("{},{},{}", r.t_s, r.mass, r.stable); }, false);
  };
  const auto in_run = write_samples(s.dir / "run");
  { std::ofstream(s.dir / "run" / "run.json") << "{}\n"; }
  const Run torn = analyze(in_run, [](AnalyzeOptions& o) { o.period = "60-119min"; });
  BOOST_TEST(torn.code == 0, torn.err);
  BOOST_TEST(test_of(torn)["readings"] == 240);
  BOOST_TEST(has_note(test_of(torn), "line 242 has no line end and was dropped as torn"));
  // The same file anywhere else is an export: its last row is complete and kept.
  const Run kept = analyze(write_samples(s.dir / "elsewhere"), [](AnalyzeOptions& o) { o.period = "60-119min"; });
  BOOST_TEST(kept.code == 0, kept.err);
  BOOST_TEST(test_of(kept)["readings"] == 241);
  BOOST_TEST(!has_note(test_of(kept), "torn"));
}

BOOST_AUTO_TEST_CASE(format_options_are_checked) {
  Scratch s;
  const auto input = clean_file(s.dir);
  Run r = analyze(input, [](AnalyzeOptions& o) { o.delimiter = "|"; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("--delimiter \"|\" is not one of") != std::string::npos, r.err);
  r = analyze(input, [](AnalyzeOptions& o) { o.decimal = ";"; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("--decimal") != std::string::npos, r.err);
  r = analyze(input, [](AnalyzeOptions& o) { o.time_format = "%d.%m.%Y %H:%M:%Q"; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("%Q is not a field") != std::string::npos, r.err);
  r = analyze(input, [](AnalyzeOptions& o) {
    o.time_format = "%H:%M:%S";
    o.time_unit = "min";
  });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("exclude each other") != std::string::npos, r.err);
  r = analyze(input, [](AnalyzeOptions& o) { o.jitter = "0.5"; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("jitter") != std::string::npos, r.err);
  r = analyze(input, [](AnalyzeOptions& o) { o.jitter = "a lot"; });
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("--jitter \"a lot\"") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
