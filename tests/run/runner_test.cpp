// The runner on its own, for what run_scenario cannot reach.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "hardware/sim/simulated_bench.hpp"
#include "hardware/sim/simulated_operator.hpp"
#include "tests/support/sim_bench_fixture.hpp"
#include "rig/config/embedded_fixture.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/core/clock.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/runner/runner.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(runner)

BOOST_AUTO_TEST_CASE(a_scenario_for_no_station_ends_the_loop_at_once) {
  // The scenario check refuses this before a run; the runner must still not hang on it while
  // another timer (like the CLI's progress tick) keeps rescheduling itself.
  const Fixture fixture = load_fixture_text(test::one_station_sim_bench_text(), "sim-bench-station-1.yaml");
  const Scenario scenario = load_scenario_text(R"(schema: pumprig.scenario/1
id: volumetric-only
title: For volumetric pumps
applies_to: [volumetric]
steps:
  - record: 1 min
)",
                                               "volumetric-only.yaml");
  EventLoop loop(std::make_unique<VirtualClock>());
  sim::SimulatedBench sim_bench(fixture, 1);
  Bench bench(fixture, loop, &sim_bench, {}, {});
  sim::SimulatedOperator op(loop, &sim_bench);
  Runner runner(loop, bench, fixture, scenario, op, [](const std::string&) { return StationSinks{}; }, {});
  BOOST_TEST(runner.stations().empty());

  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    loop.schedule_after(seconds(1), tick);
  };
  loop.schedule_after(seconds(1), tick);
  std::atomic<bool> interrupt{false};
  runner.start(&interrupt);
  loop.run_until(seconds(3600));  // with the bug: runs to the limit instead of stopping
  BOOST_TEST(loop.now() == 0);
  BOOST_TEST(ticks == 0);
  BOOST_TEST(runner.done());
  BOOST_TEST(!runner.any_aborted());
}

BOOST_AUTO_TEST_SUITE_END()
