// Issue 11: one stray row sized the analysis grid (1e8 s: 2.1 GB) or made it loop forever
// (1e308 s: an out-of-range float-to-integer conversion). Both are refused with a message, fast.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rig/analysis/accuracy.hpp"
#include "rig/cli/analyze_command.hpp"
#include "tests/support/temp_files.hpp"

using namespace pumprig;
namespace fs = std::filesystem;

namespace {

AccuracyParams iec25() {
  AccuracyParams p;
  p.rate_ml_h = 25;
  return p;
}

// 2 h 1 min of 1 Hz readings at 25 ml/h, then `stray` (if any).
std::vector<MassReading> two_hours_then(std::optional<double> stray) {
  std::vector<MassReading> r;
  for (int t = 0; t <= 7260; ++t) r.push_back(MassReading{double(t), 25.0 * 0.998 * t / 3600.0, true});
  if (stray) r.push_back(MassReading{*stray, 60.0, true});
  return r;
}

std::string what_of(const std::vector<MassReading>& readings, const AccuracyParams& p) {
  try {
    analyze_accuracy(readings, p);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_data)

BOOST_AUTO_TEST_CASE(a_row_far_off_is_refused_not_allocated_for) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = what_of(two_hours_then(1e8), iec25());
  BOOST_TEST(msg.find("the last reading at 1e+08 s would make the test 3333333 intervals") != std::string::npos, msg);
  BOOST_TEST(msg.find("at most 1000000") != std::string::npos, msg);
  BOOST_TEST(seconds_since(t0) < 1.0);
  // Just inside the bound still analyses (the data end where they end: after_data gap).
  const auto r = analyze_accuracy(two_hours_then(29.0 * kMaxGridIntervals), iec25());
  BOOST_TEST(r.data_covers_period);
}

BOOST_AUTO_TEST_CASE(times_beyond_the_nanosecond_range_are_refused) {
  for (const double t : {1e308, 9.3e9, -1e308}) {
    auto readings = two_hours_then(std::nullopt);
    if (t < 0) readings.insert(readings.begin(), MassReading{t, 0.0, true});
    else readings.push_back(MassReading{t, 60.0, true});
    const auto t0 = std::chrono::steady_clock::now();
    const std::string msg = what_of(readings, iec25());
    BOOST_TEST(msg.find("is outside +-9.2e9 s") != std::string::npos, t << ": " << msg);
    BOOST_TEST(seconds_since(t0) < 1.0);
  }
}

BOOST_AUTO_TEST_CASE(a_period_or_duration_longer_than_the_grid_is_a_parameter_problem) {
  AccuracyParams p = iec25();
  p.test_duration_min = 1e300;
  auto problems = check_params(p);
  BOOST_TEST_REQUIRE(!problems.empty());
  BOOST_TEST(problems.front().find("intervals of S = 30 s the analysis holds") != std::string::npos, problems.front());
  p = iec25();
  p.period_end_min = 1e12;
  BOOST_TEST(!check_params(p).empty());
}

// The issue's files through `pumprig analyze`: exit 2 and a message, within a second each.
BOOST_AUTO_TEST_CASE(the_issues_csv_files_exit_2_quickly) {
  test::TempDir tmp("pumprig-hostile");
  struct Case {
    std::string name, text, expected;
  };
  std::string rows;
  for (int t = 0; t <= 7260; ++t) rows += fmt::format("{},{:.6f},1\n", t, 25.0 * 0.998 * t / 3600.0);
  const std::vector<Case> cases{
      {"quote.csv", "t\"ime_s\",mass_g\n0,1\n30,2\n", "quote.csv, line 1: no time column 'time_s'"},
      {"blank.csv", "\" time_s\",mass_g\n0,1\n30,2\n", "blank.csv, line 1: no time column 'time_s'"},
      {"far.csv", "time_s,mass_g,stable\n" + rows + "1e8,60,1\n", "would make the test 3333333 intervals"},
      {"huge.csv", "time_s,mass_g,stable\n" + rows + "1e308,60,1\n", "huge.csv, line 7263, column 1 (time_s): time \"1e308\" is out of range"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      test::write_text(tmp.path() / c.name, c.text);
      AnalyzeOptions o;
      o.input = (tmp.path() / c.name).string();
      o.rate = "25ml/h";
      o.out = (tmp.path() / "out").string();
      std::ostringstream out, err;
      const auto t0 = std::chrono::steady_clock::now();
      BOOST_TEST(run_analyze(o, out, err) == 2);
      BOOST_TEST(seconds_since(t0) < 2.0);
      BOOST_TEST(err.str().find(c.expected) != std::string::npos, err.str());
      BOOST_TEST(!fs::exists(tmp.path() / "out"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
