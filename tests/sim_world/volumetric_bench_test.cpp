#include <boost/test/unit_test.hpp>
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "hardware/sim/sim_world_config.hpp"
#include "hardware/sim/simulated_bench.hpp"
#include "hardware/sim/simulated_operator.hpp"
#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/core/event_loop.hpp"

using namespace pumprig;
using namespace pumprig::sim;

namespace {

Fixture bench4() { return load_fixture_file(std::string(PUMPRIG_SOURCE_DIR) + "/fixtures/sim-bench-4.yaml"); }

// A one-station fixture with a volumetric manual pump and the given pump simulation block.
std::string volumetric_fixture(const std::string& simulation_block) {
  return R"(schema: pumprig.fixture/1
name: one volumetric station
stations:
  - id: s1
    balance:
      name: b1
      driver: mtsics
      connection: "sim:"
      simulation: { serial: SIM-1 }
    pump:
      name: p1
      driver: manual
      class: volumetric
      min_rate: 0.1 ml/h
      max_rate: 999 ml/h
      reservoir: { volume: 250 ml }
)" + simulation_block;
}

std::string config_error(const std::string& yaml) {
  try {
    const Fixture fx = load_fixture_text(yaml, "inline.yaml");
    (void)sim_station_config(fx.stations.at(0), fx.density_g_ml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

struct Rig {
  explicit Rig(SimulatedOperatorOptions options = {})
      : fixture(bench4()),
        loop(std::make_unique<VirtualClock>()),
        sim(fixture, 4),
        op(loop, &sim, options),
        op_response(options.response_time) {}
  // Asks the operator and runs the loop until the answer; returns when it came.
  Nanos ask(const std::string& action, double rate_ml_h = 0.0) {
    OperatorPrompt p;
    p.station = "station-4";
    p.text = action;
    p.action = action;
    p.rate_ml_h = rate_ml_h;
    std::optional<Nanos> answered;
    op.ask(p, [&](OperatorAnswer a) {
      BOOST_TEST(a.confirmed);
      answered = loop.now();
    });
    loop.run_until(loop.now() + op_response);  // exactly until the answer
    BOOST_REQUIRE(answered.has_value());
    return *answered;
  }
  StationWorld& world() { return *sim.world("station-4"); }

  Fixture fixture;
  EventLoop loop;
  SimulatedBench sim;
  SimulatedOperator op;
  Nanos op_response;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(volumetric_bench)

BOOST_AUTO_TEST_CASE(sim_bench_4_loads_with_four_different_stations) {
  const Fixture fx = bench4();
  BOOST_REQUIRE(fx.stations.size() == 4u);
  BOOST_TEST(fx.stations[0].pump.syringe_volume_ml.value() == 60.0);
  BOOST_TEST(fx.stations[1].pump.syringe_volume_ml.value() == 10.0);
  BOOST_TEST(fx.stations[2].pump.syringe_volume_ml.value() == 20.0);
  const PumpConfig& p4 = fx.stations[3].pump;
  BOOST_TEST(p4.driver == "manual");
  BOOST_TEST((p4.pump_class == PumpClass::volumetric));
  BOOST_TEST(p4.reservoir_volume_ml.value() == 500.0);
  BOOST_TEST(p4.connection_text.empty());
  BOOST_TEST(fixture_is_all_simulated(fx));
}

BOOST_AUTO_TEST_CASE(simulated_bench_builds_all_four_worlds) {
  const Fixture fx = bench4();
  SimulatedBench sim(fx, 4);
  const double resolutions[] = {0.00001, 0.00001, 0.0001, 0.0001};
  const double syringes[] = {60.0, 10.0, 20.0};
  for (int i = 0; i < 4; ++i) {
    const std::string id = "station-" + std::to_string(i + 1);
    StationWorld* w = sim.world(id);
    BOOST_REQUIRE(w != nullptr);
    BOOST_TEST_CONTEXT(id) {
      BOOST_TEST(w->config().balance.resolution_g == resolutions[i], boost::test_tools::tolerance(1e-12));
      BOOST_TEST(w->peristaltic() == (i == 3));
      if (i < 3) BOOST_TEST(w->config().syringe.volume_ml == syringes[i]);
    }
  }
  const WorldConfig& c4 = sim.world("station-4")->config();
  BOOST_TEST(c4.peristaltic.reservoir_ml == 500.0);
  BOOST_TEST(c4.peristaltic.rollers == 3);
  BOOST_TEST(c4.peristaltic.nominal_stroke_ml() == 0.1);
  BOOST_TEST(c4.peristaltic.rate_error_fraction == -0.02, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c4.balance.capacity_g == 520.0);
  BOOST_TEST(c4.vessel.initial_mass_g == 120.0);
}

// The controller's Bench over the simulated bench: three NE-1000 simulators, none for the manual
// pump, and every balance (the volumetric station's too) answers.
BOOST_AUTO_TEST_CASE(bench_has_no_pump_simulator_for_the_manual_pump_and_its_balance_works) {
  const Fixture fx = bench4();
  EventLoop loop(std::make_unique<VirtualClock>());
  SimulatedBench sim(fx, 4);
  Bench bench(fx, loop, &sim, {}, {});
  for (int i = 1; i <= 3; ++i) {
    const std::string id = "station-" + std::to_string(i);
    BOOST_TEST(sim.pump(id) != nullptr);
    BOOST_TEST(bench.station(id)->pump != nullptr);
  }
  BOOST_TEST(sim.pump("station-4") == nullptr);
  BOOST_TEST(bench.station("station-4")->pump == nullptr);
  BOOST_TEST(sim.balance("station-4") != nullptr);

  // the operator starts the volumetric pump; its balance sees the fluid arrive
  StationWorld& w = *sim.world("station-4");
  w.front_panel_set_rate(0, 100.0);
  w.front_panel_start(0);
  // readings once a second, as a run takes them (no stable reading while fluid arrives)
  std::optional<BalanceReading> first, later;
  int readings = 0;
  Balance& balance = *bench.station("station-4")->balance;
  balance.start_readings(
      seconds(1),
      [&](const BalanceReading& r) {
        ++readings;
        if (!first && r.t_ns >= seconds(60)) first = r;
        if (r.t_ns <= seconds(660)) later = r;
      },
      [&](const DeviceError&) { BOOST_FAIL("balance fault"); });
  loop.run_until(seconds(700));
  balance.stop_readings();
  BOOST_TEST(readings > 650);
  BOOST_REQUIRE(first.has_value());
  BOOST_REQUIRE(later.has_value());
  BOOST_TEST((first->status == WeightStatus::ok));
  const double dt_s = to_seconds(later->t_ns - first->t_ns);
  const double expected_g = 98.0 * dt_s / 3600.0 * fx.density_g_ml;  // 100 ml/h - 2 %
  BOOST_TEST_MESSAGE("station-4 balance: " << first->mass_g << " g -> " << later->mass_g << " g in " << dt_s << " s");
  // within the pulsation of one roller pass (0.1 ml in 10 ml) and a few digits
  BOOST_TEST(later->mass_g - first->mass_g == expected_g, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(a_manual_pump_has_no_connection_to_simulate) {
  const Fixture fx = bench4();
  EventLoop loop(std::make_unique<VirtualClock>());
  SimulatedBench sim(fx, 4);
  BOOST_CHECK_THROW(sim.connect(loop, fx.stations[3], InstrumentRole::pump, SerialSettings{}), std::logic_error);
}

BOOST_AUTO_TEST_CASE(the_simulated_operator_sets_starts_and_stops_the_volumetric_pump) {
  Rig rig;
  StationWorld& w = rig.world();
  BOOST_TEST(!w.volumetric_running(rig.loop.now()));
  const Nanos set_at = rig.ask("set_rate", 25.0);
  BOOST_TEST(set_at == seconds(5));  // the human-like delay
  BOOST_TEST(w.rate_ml_h() == 25.0);
  BOOST_TEST(!w.volumetric_running(rig.loop.now()));
  const Nanos started = rig.ask("start_pump");
  BOOST_TEST(w.volumetric_running(started));
  const double v0 = w.delivered_ml(started + seconds(600));
  const double v1 = w.delivered_ml(started + seconds(600 + 3600));
  BOOST_TEST(v1 - v0 == 24.5, boost::test_tools::tolerance(0.001));
  rig.loop.run_until(started + seconds(3600 + 600));
  const Nanos stopped = rig.ask("stop_pump");
  BOOST_TEST(!w.volumetric_running(stopped));
  const double p = w.pumped_ml(stopped);
  BOOST_TEST(w.pumped_ml(stopped + seconds(600)) == p);
  // a prompt without a rate keys nothing in
  rig.ask("set_rate");
  BOOST_TEST(w.rate_ml_h() == 25.0);
}

BOOST_AUTO_TEST_CASE(a_late_operator_presses_start_after_confirming) {
  SimulatedOperatorOptions o;
  o.late_probability = 1.0;
  o.late_by = seconds(40);
  Rig rig(o);
  StationWorld& w = rig.world();
  w.front_panel_set_rate(0, 50.0);
  const Nanos answered = rig.ask("start_pump");
  BOOST_TEST(!w.volumetric_running(answered));
  BOOST_TEST(rig.op.late_actions() == 1);
  rig.loop.run_until(answered + seconds(40));
  BOOST_TEST(w.volumetric_running(rig.loop.now()));
}

BOOST_AUTO_TEST_CASE(a_missed_start_leaves_the_pump_standing) {
  SimulatedOperatorOptions o;
  o.miss_probability = 1.0;
  Rig rig(o);
  StationWorld& w = rig.world();
  w.front_panel_set_rate(0, 50.0);
  const Nanos answered = rig.ask("start_pump");
  rig.loop.run_until(answered + seconds(600));
  BOOST_TEST(!w.volumetric_running(rig.loop.now()));
  BOOST_TEST(w.delivered_ml(rig.loop.now()) == 0.0);
  BOOST_TEST(rig.op.missed_actions() == 1);
}

BOOST_AUTO_TEST_CASE(misbehaviour_happens_at_the_configured_rate) {
  SimulatedOperatorOptions o;
  o.miss_probability = 0.25;
  o.seed = 11;
  Rig rig(o);
  for (int i = 0; i < 200; ++i) rig.ask(i % 2 ? "stop_pump" : "start_pump");
  BOOST_TEST(rig.op.missed_actions() > 30);
  BOOST_TEST(rig.op.missed_actions() < 70);
  BOOST_TEST(rig.op.late_actions() == 0);
}

BOOST_AUTO_TEST_CASE(volumetric_simulation_keys_map_into_the_world) {
  const Fixture fx = load_fixture_text(volumetric_fixture(R"(      simulation:
        rollers: 4
        tubing_diameter: 3 mm
        occluded_length: 20 mm
        rate_error: -3.5 %
        backflow: 8 %
        backflow_phase: 10 %
        roller_mismatch: 0 %
        ramp: 0.5 s
        tubing_compliance: 0.001 ml/mmHg
        line_pressure: 30 mmHg
        fill: 200 ml
)"),
                                       "inline.yaml");
  const SimStationConfig s = sim_station_config(fx.stations[0], fx.density_g_ml);
  const PeristalticConfig& p = s.world.peristaltic;
  BOOST_TEST((s.world.mechanism == MechanismKind::peristaltic));
  BOOST_TEST(p.rollers == 4);
  BOOST_TEST(p.nominal_stroke_ml() == 3.14159265358979 / 4 * 9 * 20 / 1000, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p.rate_error_fraction == -0.035, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p.backflow_fraction == 0.08, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p.backflow_phase_fraction == 0.10, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p.roller_mismatch_fraction == 0.0);
  BOOST_TEST(p.ramp_s == 0.5);
  BOOST_TEST(p.reservoir_ml == 200.0);
  BOOST_TEST(s.world.mechanism_compliance_ml_per_mmhg() == 0.001);
  BOOST_TEST(s.world.line.resistance_mmhg_per_ml_h == 30.0 / 25.0);
  // without a block: the defaults and the fixture's reservoir
  const Fixture bare = load_fixture_text(volumetric_fixture(""), "inline.yaml");
  const SimStationConfig d = sim_station_config(bare.stations[0], bare.density_g_ml);
  BOOST_TEST(d.world.peristaltic.reservoir_ml == 250.0);
  BOOST_TEST(d.world.peristaltic.rate_error_fraction == -0.02);
}

BOOST_AUTO_TEST_CASE(wrong_or_impossible_volumetric_keys_are_config_errors) {
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { slack: 0.1 mm }\n")).find(
                 "'slack' is a syringe pump simulation key; this pump's class is volumetric") != std::string::npos);
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { roller: 3 }\n")).find("did you mean 'rollers'") !=
             std::string::npos);
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { rollers: 2.5 }\n")).find("whole number") !=
             std::string::npos);
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { fill: 300 ml }\n")).find(
                 "'fill' exceeds the reservoir volume") != std::string::npos);
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { stroke_volume: 0.1 ml, tubing_diameter: 3 mm }\n"))
                 .find("not both") != std::string::npos);
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { backflow_phase: 95 % }\n"))
                 .find("peristaltic.backflow_phase_fraction") != std::string::npos);
  // and the position is named
  BOOST_TEST(config_error(volumetric_fixture("      simulation: { slack: 0.1 mm }\n")).find("inline.yaml:") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
