#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/analysis/water_density.hpp"
#include "rig/cli/analyze_command.hpp"

namespace fs = std::filesystem;
namespace tt = boost::test_tools;
using namespace pumprig;

namespace {

// A scratch folder per test case, removed afterwards.
struct Scratch {
  fs::path dir;
  Scratch() {
    dir = fs::temp_directory_path() /
          fmt::format("pumprig-analyze-{}-{}", ::getpid(),
                      boost::unit_test::framework::current_test_case().p_name.get());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
};

// The rig's samples file for a flow of rate·(1 + excess) ml/h, 1 Hz, from -3 s to end_s,
// optionally without readings in (cut_from, cut_to).
fs::path write_samples(const fs::path& dir, double excess, double end_s = 7203.0, double cut_from = -1e9,
                       double cut_to = -1e9, const std::string& name = "samples-st1.csv") {
  const fs::path path = dir / name;
  std::ofstream f(path);
  f << "time_s,mass_g,stable\n";
  for (double t = -3.0; t <= end_s; t += 1.0) {
    if (t > cut_from && t < cut_to) continue;
    f << fmt::format("{:.3f},{:.7f},{}\n", t, 5.0 + 25.0 * (1 + excess) * 0.998 * t / 3600.0, 1);
  }
  return path;
}

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run run(const AnalyzeOptions& o) {
  std::ostringstream out, err;
  const int code = run_analyze(o, out, err);
  return {code, out.str(), err.str()};
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream f(p);
  return nlohmann::json::parse(f);
}

AnalyzeOptions options(const fs::path& input) {
  AnalyzeOptions o;
  o.input = input.string();
  o.rate = "25ml/h";
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(analyze_command)

BOOST_AUTO_TEST_CASE(analyses_a_samples_file_prints_a_table_and_writes_result_json) {
  Scratch s;
  const auto input = write_samples(s.dir, 0.01);
  AnalyzeOptions o = options(input);
  o.max_mean_error = "5%";
  o.trumpet_limits = {"2:10", "31:-5:5"};
  const Run r = run(o);
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.err.empty());
  BOOST_TEST(r.out.find("IEC 60601-2-24:2012") != std::string::npos);
  BOOST_TEST(r.out.find("+1.000 %") != std::string::npos);  // A
  BOOST_TEST(r.out.find("verdict: PASS") != std::string::npos);

  // The result lands in the input's folder by default.
  const auto doc = read_json(s.dir / "result.json");
  BOOST_TEST(doc["schema"] == "pumprig.result/2");
  BOOST_TEST(doc["run"]["provenance"] == "imported");
  BOOST_REQUIRE_EQUAL(doc["tests"].size(), 1u);
  const auto& t = doc["tests"][0];
  for (const char* key : {"id", "kind", "station", "method", "rate_ml_h", "sample_interval_s", "density_g_ml",
                          "analysis_period_min", "mean_flow_ml_h", "mean_error_pct", "trumpet", "startup", "hourly",
                          "startup_delay_min", "dynamic_readings", "gaps", "checks", "verdict"})
    BOOST_TEST(t.contains(key), "result.json lacks " << key);
  BOOST_TEST(t["kind"] == "accuracy");
  BOOST_TEST(t["station"] == "st1");
  BOOST_TEST(t["method"] == "IEC 60601-2-24:2012");
  BOOST_TEST(t["analysis_period_min"][0].get<double>() == 60.0);
  BOOST_TEST(t["analysis_period_min"][1].get<double>() == 120.0);
  BOOST_TEST(t["mean_error_pct"].get<double>() == 1.0, tt::tolerance(1e-5));
  BOOST_TEST(t["trumpet"].size() == 5u);
  BOOST_TEST(t["trumpet"][0]["windows"] == 117);
  BOOST_TEST(t["trumpet"][4]["window_min"].get<double>() == 31.0);
  BOOST_TEST(t["trumpet"][4]["windows"] == 59);
  BOOST_TEST(t["startup"].size() == 240u);
  BOOST_TEST(t["startup"][0]["t_min"].get<double>() == 0.5);
  BOOST_TEST(t["checks"].size() == 5u);
  BOOST_TEST(t["checks"][0]["verdict"] == "pass");
  BOOST_TEST(t["verdict"] == "pass");
}

BOOST_AUTO_TEST_CASE(a_run_folders_result_is_not_replaced_by_default) {
  Scratch s;
  const auto input = write_samples(s.dir, 0.0);
  {
    std::ofstream f(s.dir / "result.json");
    f << R"({"schema": "pumprig.result/1", "run": {"software": {"command": "run"}}, "tests": []})";
  }
  Run r = run(options(input));
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("--out") != std::string::npos);
  BOOST_TEST(read_json(s.dir / "result.json")["tests"].empty());  // untouched
  AnalyzeOptions o = options(input);
  o.out = s.dir.string();  // asked for explicitly
  BOOST_TEST(run(o).code == 0);
  BOOST_TEST(read_json(s.dir / "result.json")["tests"].size() == 1u);
  BOOST_TEST(run(options(input)).code == 0);  // analyze's own result may be replaced
}

BOOST_AUTO_TEST_CASE(a_failed_check_exits_with_1) {
  Scratch s;
  AnalyzeOptions o = options(write_samples(s.dir, 0.03));
  o.max_mean_error = "2%";
  o.out = (s.dir / "out").string();
  const Run r = run(o);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out.find("verdict: FAIL") != std::string::npos);
  const auto doc = read_json(s.dir / "out" / "result.json");
  BOOST_TEST(doc["tests"][0]["verdict"] == "fail");
  BOOST_TEST(doc["tests"][0]["checks"][0]["verdict"] == "fail");
}

BOOST_AUTO_TEST_CASE(a_gap_in_the_period_is_inconclusive_and_exits_with_1) {
  Scratch s;
  const Run r = run(options(write_samples(s.dir, 0.0, 7203.0, 5000.0, 5100.0)));
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out.find("verdict: INCONCLUSIVE") != std::string::npos);
  BOOST_TEST(r.out.find("missing") != std::string::npos);
  const auto t = read_json(s.dir / "result.json")["tests"][0];
  BOOST_TEST(t["verdict"] == "inconclusive");
  BOOST_REQUIRE_EQUAL(t["gaps"].size(), 1u);
  BOOST_TEST(t["gaps"][0]["missing_intervals"][0] == 167);  // W at 5010..5070 s missing
  BOOST_TEST(t["gaps"][0]["missing_intervals"][1] == 170);
  BOOST_TEST(t["mean_error_pct"].is_null());
}

BOOST_AUTO_TEST_CASE(non_default_options_reach_the_analysis) {
  Scratch s;
  const fs::path input = s.dir / "logger.csv";
  {
    std::ofstream f(input);
    f << "when,scale,water\n";
    for (int k = 0; k <= 2 * 3600 + 4; ++k) {
      const int secs = 12 * 3600 + k;
      f << fmt::format("2024-05-01T{:02}:{:02}:{:02}Z,{:.7f},{:.2f}\n", secs / 3600, secs / 60 % 60, secs % 60,
                       2.0 + 1.0 * water_density_g_ml(25.0) * k / 3600.0, 25.0);
    }
  }
  AnalyzeOptions o = options(input);
  o.rate = "1 ml/h";
  o.interval = "15s";
  o.period = "1-2h";
  o.windows = "1,2,5";
  o.time_column = "when";
  o.mass_column = "scale";
  o.time_unit = "iso8601";
  o.temperature_column = "water";
  o.station = "syringe-A";
  const Run r = run(o);
  BOOST_TEST(r.code == 0, r.err);
  const auto doc = read_json(s.dir / "result.json");
  const auto& t = doc["tests"][0];
  BOOST_TEST(t["station"] == "syringe-A");
  BOOST_TEST(t["sample_interval_s"].get<double>() == 15.0);
  BOOST_TEST(t["water_temperature_c"].get<double>() == 25.0, tt::tolerance(1e-9));
  BOOST_TEST(t["density_g_ml"].get<double>() == water_density_g_ml(25.0), tt::tolerance(1e-12));
  // Zero only with the density of water at 25 °C (0.998 g/ml would read -0.1 %).
  BOOST_TEST(std::abs(t["mean_error_pct"].get<double>()) < 1e-4);
  BOOST_TEST(t["trumpet"][0]["windows"] == 237);  // (60 - 1) / 0.25 + 1
  BOOST_TEST(t["dynamic_readings"].is_null());    // no stable column
  BOOST_TEST(doc["run"]["source"]["time_unit"] == "iso8601");
}

BOOST_AUTO_TEST_CASE(input_errors_exit_with_2_and_name_the_place) {
  Scratch s;
  const fs::path bad = s.dir / "bad.csv";
  {
    std::ofstream f(bad);
    f << "time_s,mass_g,stable\n0,1,1\n1,1.0x,1\n";
  }
  Run r = run(options(bad));
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("bad.csv, line 3, column 2 (mass_g)") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(s.dir / "result.json"));

  r = run(options(s.dir / "absent.csv"));
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("absent.csv") != std::string::npos);

  // Too short for the period.
  r = run(options(write_samples(s.dir, 0.0, 100 * 60.0)));
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("too short") != std::string::npos, r.err);

  AnalyzeOptions o = options(write_samples(s.dir, 0.0));
  o.mass_column = "weight";
  r = run(o);
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("no mass column 'weight'") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_with_2) {
  Scratch s;
  const auto input = write_samples(s.dir, 0.0);
  auto code_for = [&](const std::function<void(AnalyzeOptions&)>& change) {
    AnalyzeOptions o = options(input);
    change(o);
    const Run r = run(o);
    BOOST_TEST(!r.err.empty());
    return r.code;
  };
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.rate = "25 furlongs"; }) == 2);
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.rate = ""; }) == 2);
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.interval = "30"; }) == 2);  // a unit is required
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.period = "60"; }) == 2);
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.windows = "2,2.1"; }) == 2);  // not a multiple of S
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.windows = "2,,5"; }) == 2);
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.time_unit = "fortnight"; }) == 2);
  BOOST_TEST(code_for([](AnalyzeOptions& o) { o.trumpet_limits = {"3:5"}; }) == 2);  // no such window
  BOOST_TEST(code_for([](AnalyzeOptions& o) {
               o.density = "1.0";
               o.temperature_column = "t";
             }) == 2);
}

BOOST_AUTO_TEST_CASE(option_spellings_are_understood) {
  Scratch s;
  const auto input = write_samples(s.dir, 0.0);
  AnalyzeOptions o = options(input);
  o.rate = "0.41666666666666667 ml/min";
  o.interval = "0.5min";
  o.period = "3600s-7200s";
  o.windows = "2min,300s";
  o.density = "998kg/m3";
  const Run r = run(o);
  BOOST_TEST(r.code == 0, r.err);
  const auto t = read_json(s.dir / "result.json")["tests"][0];
  BOOST_TEST(t["rate_ml_h"].get<double>() == 25.0, tt::tolerance(1e-12));
  BOOST_TEST(t["density_g_ml"].get<double>() == 0.998, tt::tolerance(1e-12));
  BOOST_TEST(t["trumpet"][1]["window_min"].get<double>() == 5.0, tt::tolerance(1e-12));
  BOOST_TEST(t["trumpet"][1]["windows"] == 111);
}

BOOST_AUTO_TEST_SUITE_END()
