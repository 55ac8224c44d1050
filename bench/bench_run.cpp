// Wall time of a whole `pumprig run` of the 2 h IEC accuracy scenario at 25 ml/h on the embedded
// simulated bench (balance polled at 1 Hz, pump status at 1 Hz, every byte through the simulated
// links, recorded to a run folder with its wire logs, analysed). The counter `speedup` is
// simulated seconds per wall second; the target is at least 10,000x.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "rig/cli/run_command.hpp"
#include "rig/core/event_loop.hpp"

namespace fs = std::filesystem;
using namespace pumprig;

namespace {

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "pumprig-bench-run-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

void run_scenario_bench(benchmark::State& state, const char* scenario) {
  const fs::path tmp = make_temp_dir();
  auto loop = std::make_shared<EventLoop*>(nullptr);
  double simulated_s = 0;
  std::int64_t n = 0;
  for (auto _ : state) {
    RunOptions o;
    o.scenario_path = (fs::path(PUMPRIG_SOURCE_DIR) / scenario).string();
    o.out_dir = (tmp / std::to_string(n++)).string();
    o.quiet = true;
    o.before_start = [loop](EventLoop& l, sim::SimulatedBench*) { *loop = &l; };
    o.after_run = [loop, &simulated_s](sim::SimulatedBench*) { simulated_s += to_seconds((*loop)->now()); };
    std::ostringstream out, err;
    const RunReport r = run_scenario(o, out, err);
    if (r.exit_code != 0) {
      state.SkipWithError(("run failed: " + err.str()).c_str());
      break;
    }
    state.PauseTiming();
    fs::remove_all(*o.out_dir);
    state.ResumeTiming();
  }
  fs::remove_all(tmp);
  state.counters["simulated_s_per_run"] = n ? simulated_s / static_cast<double>(n) : 0.0;
  state.counters["speedup"] = benchmark::Counter(simulated_s, benchmark::Counter::kIsRate);
}

}  // namespace

static void BM_RunIecAccuracy25mlh(benchmark::State& s) { run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml"); }
static void BM_RunIecAccuracy1mlh(benchmark::State& s) { run_scenario_bench(s, "scenarios/iec-accuracy-1mlh.yaml"); }
// Real time: the run writes and fsyncs its folder, which CPU time would not count.
BENCHMARK(BM_RunIecAccuracy25mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_RunIecAccuracy1mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

BENCHMARK_MAIN();
