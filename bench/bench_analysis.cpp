// Figures for the accuracy analysis on long records (printed, never a test).
// Target: a 96 h record at 1 Hz (345,600 readings: resample, flow, trumpet with the five IEC
// windows, hourly errors) in under 20 ms, with memory linear in the input. Peak heap bytes per
// reading are reported for 24 h and 96 h records to show the linearity.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>

#include <fmt/format.h>

#include "hardware/sim/random.hpp"
#include "rig/analysis/accuracy.hpp"
#include "rig/record/run_result.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/kinds/accuracy/accuracy_json.hpp"
#include "rig/record/csv_readings.hpp"

// Heap accounting: live and peak bytes through the global allocation functions.
namespace {
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};
void note_alloc(void* p) {
  if (!p) return;
  const std::size_t now = g_live.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  std::size_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
void note_free(void* p) {
  if (p) g_live.fetch_sub(malloc_usable_size(p));
}
}  // namespace

// noinline: GCC otherwise sees malloc/free pair with new/delete and warns of a mismatch.
__attribute__((noinline)) void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  note_alloc(p);
  return p;
}
__attribute__((noinline)) void operator delete(void* p) noexcept {
  note_free(p);
  std::free(p);
}
__attribute__((noinline)) void operator delete(void* p, std::size_t) noexcept {
  note_free(p);
  std::free(p);
}

namespace {

using namespace pumprig;

// A syringe pump at 1 ml/h logged at 1 Hz with ±50 ms host jitter, 0.01 mg balance noise and
// every 20th reading dynamic; a 30 s drive ripple.
std::vector<MassReading> make_record(double hours) {
  sim::Random rng(42);
  std::vector<MassReading> out;
  const auto n = static_cast<std::size_t>(hours * 3600.0);
  out.reserve(n + 4);
  for (std::size_t k = 0; k < n + 4; ++k) {
    const double t = -3.0 + static_cast<double>(k) + rng.uniform(-0.05, 0.05);
    const double mass = 0.998 * (t + 2.0 * std::sin(2 * 3.14159265358979 * t / 30.0)) / 3600.0;
    out.push_back(MassReading{t, mass + rng.normal(0.0, 1e-5), k % 20 != 0});
  }
  return out;
}

AccuracyParams params_for(double hours) {
  AccuracyParams p;
  p.rate_ml_h = 1.0;
  p.period_start_min = (hours - 1) * 60;  // for long tests: the last hour
  p.period_end_min = hours * 60;
  p.limits.mean_error_pct = 2;
  return p;
}

void BM_Analyze(benchmark::State& state) {
  const double hours = static_cast<double>(state.range(0));
  const auto readings = make_record(hours);
  AccuracyParams p = params_for(hours);
  if (state.range(1) == 1) p.period_start_min = 60;  // trumpet over the whole test after 1 h
  const std::size_t before = g_live.load();
  g_peak.store(before);
  for (auto _ : state) {
    AccuracyResult r = analyze_accuracy(readings, p);
    benchmark::DoNotOptimize(r);
  }
  state.counters["readings"] = static_cast<double>(readings.size());
  state.counters["peak_heap_B_per_reading"] = static_cast<double>(g_peak.load() - before) / static_cast<double>(readings.size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}
BENCHMARK(BM_Analyze)->Args({24, 0})->Args({96, 0})->Args({96, 1})->ArgNames({"hours", "whole_test_period"})
    ->Unit(benchmark::kMillisecond);

void BM_ResultJson(benchmark::State& state) {
  const auto readings = make_record(96);
  const AccuracyResult r = analyze_accuracy(readings, params_for(96));
  for (auto _ : state) {
    RunResult doc;
    doc.tests.push_back(accuracy_test_result(r, "accuracy-1", "1"));
    benchmark::DoNotOptimize(to_json(doc).dump().size());
  }
}
BENCHMARK(BM_ResultJson)->Unit(benchmark::kMillisecond);

void BM_ParseCsv(benchmark::State& state) {
  const auto readings = make_record(static_cast<double>(state.range(0)));
  std::string text = "time_s,mass_g,stable\n";
  for (const auto& m : readings) text += fmt::format("{:.3f},{:.6f},{}\n", m.t_s, m.mass_g, *m.stable ? 1 : 0);
  for (auto _ : state) {
    auto r = parse_readings_csv(text, "samples-1.csv");
    benchmark::DoNotOptimize(r);
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseCsv)->Arg(96)->ArgName("hours")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
