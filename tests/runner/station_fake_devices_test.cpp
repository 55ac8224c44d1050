// One station on fake devices (fake_devices.hpp), through the device interfaces only: the
// occlusion scenario runs to its end, and an abort in any of its steps leaves the safe state
// (pump stopped and disconnected, line open, streams stopped) in the documented teardown order:
// occluder released, pump out of the run, balance readings stopped, I/O board stopped last.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/runner/station_run.hpp"
#include "tests/runner/fake_devices.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

std::string source_path(const std::string& relative) { return std::string(PUMPRIG_SOURCE_DIR) + "/" + relative; }

struct StationOnFakes {
  EventLoop loop{std::make_unique<VirtualClock>()};
  FakeWorld world{loop};
  Fixture fixture = load_fixture_or_default(std::nullopt);
  Scenario scenario;
  StationRig rig;
  FakeBalance* balance = nullptr;
  FakePump* pump = nullptr;
  FakeIoBoard* io = nullptr;
  FakeOperator op{loop};
  std::vector<RigEvent> events;
  std::function<void(const RigEvent&)> on_event;
  std::unique_ptr<StationRun> station;
  bool done = false;

  explicit StationOnFakes(const std::string& scenario_file) : scenario(load_scenario_file(source_path(scenario_file))) {
    rig.config = &fixture.stations.at(0);  // a syringe pump under remote control, with an I/O board
    BOOST_REQUIRE(rig.config->io_board.has_value());
    auto b = std::make_unique<FakeBalance>(world);
    auto p = std::make_unique<FakePump>(world);
    auto i = std::make_unique<FakeIoBoard>(world);
    balance = b.get();
    pump = p.get();
    io = i.get();
    rig.balance = std::move(b);
    rig.pump = std::move(p);
    rig.io = std::move(i);
    StationSinks sinks;
    sinks.event = [this](RigEvent e) {
      events.push_back(std::move(e));
      if (on_event) on_event(events.back());
    };
    station = std::make_unique<StationRun>(loop, rig, scenario, fixture.density_g_ml, op, std::move(sinks), [this] {
      done = true;
      loop.stop();
    });
  }
  ~StationOnFakes() {
    station.reset();
    rig.io.reset();
    rig.pump.reset();
    rig.balance.reset();
  }

  void run() {
    station->start();
    const TimerId give_up = loop.schedule_after(seconds(4 * 3600), [this] { loop.stop(); });
    loop.run();
    loop.cancel(give_up);
    BOOST_REQUIRE_MESSAGE(done, "the station did not end within 4 h of loop time");
  }

  // The safe state, and the order the teardown reached it in.
  void check_safe_state_and_teardown_order() {
    BOOST_TEST(!world.pump_running);
    BOOST_TEST(!world.occluded);
    BOOST_TEST(!balance->streaming);
    BOOST_TEST(!io->streaming);
    BOOST_TEST(!pump->monitoring);
    BOOST_TEST(pump->state() == DeviceState::unconfigured);  // out of safe mode, disconnected
    const long released = world.last("io.release");
    const long pump_out = world.last("pump.disconnect");
    const long balance_stopped = world.last("balance.stop_readings");
    const long io_stopped = world.last("io.disconnect");
    BOOST_TEST(released >= 0);
    BOOST_TEST(released < pump_out);
    BOOST_TEST(pump_out < balance_stopped);
    BOOST_TEST(balance_stopped < io_stopped);
    BOOST_TEST(io_stopped == static_cast<long>(world.log.size()) - 1);  // nothing moves after it
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(station_on_fake_devices)

BOOST_AUTO_TEST_CASE(the_occlusion_scenario_runs_to_its_end_and_leaves_the_safe_state) {
  StationOnFakes s("scenarios/occlusion-25mlh-low.yaml");
  s.run();
  BOOST_TEST(!s.station->aborted(), s.station->abort_reason());
  BOOST_TEST(s.world.last("io.occlude") >= 0);
  BOOST_TEST(s.world.mass_g > 0.0);
  // The alarm was the measurement, seen while the line was closed.
  bool expected_alarm = false;
  for (const auto& e : s.events)
    if (e.kind == EventKind::alarm && e.data.value("expected", false)) expected_alarm = true;
  BOOST_TEST(expected_alarm);
  s.check_safe_state_and_teardown_order();
}

BOOST_AUTO_TEST_CASE(an_abort_in_any_step_leaves_the_safe_state_in_teardown_order) {
  const std::size_t steps = StationOnFakes("scenarios/occlusion-25mlh-low.yaml").scenario.steps.size();
  BOOST_REQUIRE_GE(steps, 8u);
  for (std::size_t k = 1; k <= steps; ++k) {
    BOOST_TEST_CONTEXT("abort in step " << k) {
      StationOnFakes s("scenarios/occlusion-25mlh-low.yaml");
      bool aborted_in_step = false;
      s.on_event = [&](const RigEvent& e) {
        if (e.kind != EventKind::step || e.data.value("index", 0u) != k) return;
        // Within the step: after it began, before its first answer (the fakes answer in 5 ms).
        s.loop.schedule_after(milliseconds(1), [&] {
          aborted_in_step = true;
          s.station->abort("test: abort in step " + std::to_string(k));
        });
      };
      s.run();
      BOOST_TEST(aborted_in_step);
      BOOST_TEST(s.station->aborted());
      s.check_safe_state_and_teardown_order();
    }
  }
}

// The same abort with the line closed and the pressure rising: the occluder opens before anything
// else happens to the pump.
BOOST_AUTO_TEST_CASE(an_abort_with_the_line_occluded_releases_it_first) {
  StationOnFakes s("scenarios/occlusion-25mlh-low.yaml");
  s.on_event = [&](const RigEvent& e) {
    if (e.kind == EventKind::occluder && e.data.value("closed", false))
      s.loop.schedule_after(seconds(5), [&] { s.station->abort("test: abort while occluded"); });
  };
  s.run();
  BOOST_TEST(s.station->aborted());
  const long occluded = s.world.last("io.occlude");
  BOOST_REQUIRE(occluded >= 0);
  // The first thing after closing the line is opening it again.
  BOOST_REQUIRE(static_cast<std::size_t>(occluded + 1) < s.world.log.size());
  BOOST_TEST(s.world.log[static_cast<std::size_t>(occluded + 1)] == "io.release");
  s.check_safe_state_and_teardown_order();
}

BOOST_AUTO_TEST_SUITE_END()
