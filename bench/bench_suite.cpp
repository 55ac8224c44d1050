// Wall time of the whole default suite (scenarios/suite.yaml: 2 h accuracy, occlusion at the
// lowest and highest alarm thresholds at 25 ml/h and at 1 ml/h, free flow) on the embedded
// simulated bench, as `pumprig run scenarios/suite.yaml` runs it: every byte through the
// simulated links, the rig I/O boards running their firmware logic, each run recorded, sealed,
// indexed and reported. Target: under 5 s. The same for the matrix suite
// (scenarios/occlusion-matrix.yaml: occlusion at 3 rates x 2 alarm thresholds, six runs).
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "rig/cli/suite_run.hpp"

namespace fs = std::filesystem;
using namespace pumprig;

// `max_exit`: the worst exit code that still counts (the matrix suite fails some of its runs on
// purpose: 1 is a verdict, not a broken run).
static void run_suite_bench(benchmark::State& state, const char* suite, int max_exit) {
  std::string pattern = (fs::temp_directory_path() / "pumprig-bench-suite-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const fs::path tmp = pattern;
  int n = 0;
  for (auto _ : state) {
    RunOptions o;
    o.scenario_path = (fs::path(PUMPRIG_SOURCE_DIR) / suite).string();
    o.runs_dir = (tmp / std::to_string(n++)).string();
    o.quiet = true;
    std::ostringstream out, err;
    const SuiteReport r = run_suite(o, out, err);
    if (r.exit_code > max_exit) {
      state.SkipWithError(("suite failed: " + err.str()).c_str());
      break;
    }
    state.PauseTiming();
    fs::remove_all(o.runs_dir);
    state.ResumeTiming();
  }
  fs::remove_all(tmp);
}

static void BM_DefaultSuite(benchmark::State& state) { run_suite_bench(state, "scenarios/suite.yaml", 0); }
// The occlusion scenario over 3 rates x 2 alarm thresholds: six runs, each reported. Target: under 5 s.
static void BM_OcclusionMatrixSuite(benchmark::State& state) { run_suite_bench(state, "scenarios/occlusion-matrix.yaml", 1); }

// Real time: the runs write, fsync and render their folders, which CPU time would not count.
BENCHMARK(BM_DefaultSuite)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);
BENCHMARK(BM_OcclusionMatrixSuite)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

BENCHMARK_MAIN();
