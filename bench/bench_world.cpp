// Cost of the simulated physical world: a whole 2 h IEC run read at 1 Hz (7,200 balance reads
// plus the pump commands), per outlet mode and rate. The target is well under 0.5 s per run.
#include <benchmark/benchmark.h>

#include "hardware/sim/world/station_world.hpp"

using namespace pumprig;
using namespace pumprig::sim;

namespace {
void run_two_hours(benchmark::State& state, OutletMode mode, double rate_ml_h) {
  WorldConfig c = default_world_config();
  c.outlet.mode = mode;
  double sink = 0.0;
  for (auto _ : state) {
    StationWorld w(c, 1);
    w.set_rate_ml_h(0, rate_ml_h);
    w.start(0);
    for (int s = 0; s <= 7200; ++s) sink += w.read_balance(seconds(s)).displayed_g;
    w.stop(seconds(7200));
  }
  benchmark::DoNotOptimize(sink);
  state.counters["reads_per_run"] = 7201;
  state.counters["ns_per_read"] =
      benchmark::Counter(7201.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// An IEC occlusion test: steady flow, the occluder closed until the alarm, released and the bolus
// collected, read at 1 Hz for 2 h (the crossing search and the closed line's long tau included).
void run_occlusion(benchmark::State& state, bool volumetric, double rate_ml_h) {
  const WorldConfig c = volumetric ? default_volumetric_world_config() : default_world_config();
  double sink = 0.0;
  for (auto _ : state) {
    StationWorld w(c, 1);
    w.front_panel_set_occlusion_level(0, OcclusionLevel::low);
    w.front_panel_set_rate(0, rate_ml_h);
    w.front_panel_start(0);
    for (int s = 0; s <= 7200; ++s) {
      if (s == 600) w.set_occluder_closed(seconds(s), true);
      if (s == 5400) w.set_occluder_closed(seconds(s), false);
      sink += w.read_balance(seconds(s)).displayed_g;
    }
    sink += w.occlusion_alarm_s();
  }
  benchmark::DoNotOptimize(sink);
  state.counters["ns_per_read"] =
      benchmark::Counter(7201.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
}  // namespace

static void BM_Occlusion_Syringe_1mlh(benchmark::State& s) { run_occlusion(s, false, 1.0); }
static void BM_Occlusion_Volumetric_25mlh(benchmark::State& s) { run_occlusion(s, true, 25.0); }
BENCHMARK(BM_Occlusion_Syringe_1mlh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Occlusion_Volumetric_25mlh)->Unit(benchmark::kMillisecond);

static void BM_TwoHourRun_Submerged_25mlh(benchmark::State& s) {
  run_two_hours(s, OutletMode::submerged, 25.0);
}
static void BM_TwoHourRun_Submerged_1mlh(benchmark::State& s) {
  run_two_hours(s, OutletMode::submerged, 1.0);
}
static void BM_TwoHourRun_Drops_25mlh(benchmark::State& s) { run_two_hours(s, OutletMode::drops, 25.0); }
static void BM_TwoHourRun_Drops_100mlh(benchmark::State& s) { run_two_hours(s, OutletMode::drops, 100.0); }
BENCHMARK(BM_TwoHourRun_Submerged_25mlh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoHourRun_Submerged_1mlh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoHourRun_Drops_25mlh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoHourRun_Drops_100mlh)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
