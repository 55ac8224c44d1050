// Report generation (PDF + HTML + JUnit) for a 24 h accuracy run read at 1 Hz: the run folder is
// made synthetically once (86 400 readings, a full result.json with 2 880 start-up points, a few
// hundred events, an uncertainty budget for every result as `pumprig run` writes them), then each
// iteration loads it and writes the three reports.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/analysis/result_json.hpp"
#include "rig/analysis/uncertainty.hpp"

#include "reports/report.hpp"
#include "rig/record/run_reader.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace pumprig;

fs::path make_day_run() {
  const fs::path dir = fs::temp_directory_path() / "pumprig-bench-reports";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const double rate = 25.0;
  {
    std::ofstream s(dir / "samples-station-1.csv");
    s << "time_s,mass_g,stable\n";
    for (int t = -30; t <= 86400; ++t)
      s << fmt::format("{},{:.5f},{}\n", t, t < 0 ? 0.0 : rate * 0.998 * t / 3600.0 * (1 + 0.002 * std::sin(t / 40.0)), t % 7 ? 1 : 0);
  }
  {
    std::ofstream e(dir / "events.jsonl");
    for (int i = 0; i < 300; ++i)
      e << json{{"t_s", i * 288.0}, {"utc", "2026-01-01T00:00:00Z"}, {"kind", i % 3 ? "retry" : "step"}, {"source", "balance-1"},
                {"message", fmt::format("reply timeout {}", i % 5)}, {"data", json::object()}}
               .dump()
        << "\n";
  }
  json stations = json::array({{{"id", "station-1"}, {"balance", {{"name", "balance-1"}, {"calibration_due", "2027-06-30"}}},
                                {"pump_under_test", {{"manufacturer", "Acme"}, {"model", "X"}, {"serial", "1"}, {"firmware", "1"}}}}});
  std::ofstream(dir / "run.json") << json{{"status", "finished"}, {"provenance", "simulated"}, {"start_utc", "2026-01-01T00:00:00Z"},
                                          {"stations", stations}}.dump();
  MeasurementConditions cond;
  cond.readability_g = StatedValue{1e-5, "fixture"};
  cond.repeatability_g = StatedValue{2e-5, "fixture"};
  cond.temperature_c = 20.0;
  cond.evaporation_uncertainty_mg_h = StatedValue{2.0, "fixture"};
  const auto error_budget = [&](double window_s) {
    return uncertainty_to_json(scaled(flow_uncertainty(cond, rate, window_s, 0.998), 100.0 / rate, "%"));
  };
  json startup = json::array(), trumpet = json::array(), hourly = json::array(), checks = json::array();
  for (int i = 1; i <= 2880; ++i) startup.push_back({{"t_min", i * 0.5}, {"flow_ml_h", rate * (1 + 0.01 * std::sin(i / 9.0))}});
  for (double P : {2.0, 5.0, 11.0, 19.0, 31.0}) {
    trumpet.push_back({{"window_min", P}, {"ep_max_pct", 1.0 / P}, {"ep_min_pct", -1.0 / P}, {"windows", 117}, {"windows_expected", 117},
                       {"ep_max_pct_uncertainty", error_budget(P * 60)}, {"ep_min_pct_uncertainty", error_budget(P * 60)}});
    checks.push_back({{"name", fmt::format("trumpet_{}min_ep_max_pct", P)}, {"value", 1.0 / P}, {"limit", 5}, {"comparison", "<="}, {"verdict", "pass"}});
  }
  for (int h = 0; h < 24; ++h) hourly.push_back({{"from_min", h * 60}, {"to_min", h * 60 + 60}, {"mean_flow_ml_h", rate}, {"error_pct", 0.1}});
  json test = {{"id", "station-1-accuracy"}, {"kind", "accuracy"}, {"station", "station-1"}, {"rate_ml_h", rate},
               {"analysis_period_min", {60, 120}}, {"mean_error_pct", 0.1}, {"startup", startup}, {"trumpet", trumpet},
               {"hourly", hourly}, {"checks", checks}, {"verdict", "pass"},
               {"mean_error_pct_uncertainty", error_budget(3600)}, {"mean_flow_ml_h_uncertainty", error_budget(3600)},
               {"startup_flow_ml_h_uncertainty", error_budget(30)}, {"hourly_error_pct_uncertainty", error_budget(3600)},
               {"startup_delay_min_uncertainty", uncertainty_to_json(grid_time_uncertainty(0.5, "min"))}};
  std::ofstream(dir / "result.json") << json{{"schema", "pumprig.result/2"}, {"run", {{"id", "bench-day"}, {"stations", json::array()}}},
                                             {"tests", {test}}}.dump();
  return dir;
}

void BM_reports_24h_at_1hz(benchmark::State& state) {
  const fs::path dir = make_day_run();
  for (auto _ : state) {
    pumprig::reports::ReportInputs in;
    in.run = pumprig::load_run_folder(dir);
    auto files = pumprig::reports::write_reports(in, dir / "out");
    benchmark::DoNotOptimize(files);
  }
  state.counters["pdf_bytes"] = static_cast<double>(fs::file_size(dir / "out/report.pdf"));
  fs::remove_all(dir);
}
BENCHMARK(BM_reports_24h_at_1hz)->Unit(benchmark::kMillisecond)->Iterations(5);

// The hostile fields of issue 11: a 10 MB operator prompt (an event message) and a
// 100,000-character DUT serial, in an otherwise small run. Before the text was cut for display
// this took minutes; the figure is the PDF and HTML with those fields.
void BM_reports_with_a_10mb_prompt(benchmark::State& state) {
  const fs::path dir = fs::temp_directory_path() / "pumprig-bench-reports-long-text";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream e(dir / "events.jsonl");
    e << json{{"t_s", 0.0}, {"utc", "2026-01-01T00:00:00Z"}, {"kind", "prompt"}, {"source", "station-1"},
              {"message", std::string(10u << 20, 'P')}, {"data", json::object()}}
             .dump()
      << "\n";
  }
  json stations = json::array({{{"id", "station-1"},
                                {"pump_under_test", {{"manufacturer", "Acme"}, {"model", "X"},
                                                     {"serial", std::string(100000, 'S')}, {"firmware", "1"}}}}});
  std::ofstream(dir / "run.json") << json{{"status", "finished"}, {"provenance", "simulated"},
                                          {"start_utc", "2026-01-01T00:00:00Z"}, {"stations", stations}}.dump();
  pumprig::reports::ReportInputs in;
  in.run = pumprig::load_run_folder(dir);
  for (auto _ : state) {
    auto pdf = pumprig::reports::render_pdf(in);
    auto html = pumprig::reports::render_html(in);
    benchmark::DoNotOptimize(pdf);
    benchmark::DoNotOptimize(html);
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_reports_with_a_10mb_prompt)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
