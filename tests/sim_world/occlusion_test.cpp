#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "hardware/sim/ne1000_sim.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using pumprig::sim::test::at_s;

namespace {

double total_compliance(const WorldConfig& c) {
  return c.line.compliance_ml_per_mmhg + c.mechanism_compliance_ml_per_mmhg();
}

// A syringe pump at `rate` in steady flow, the occluder closed at t_close; the world is then read
// every `poll_s` until `until_s`. Returns the world's alarm time (NaN: none).
struct Occlusion {
  double closed_at_s = 0.0;
  double pressure_at_close_mmhg = 0.0;
  double alarm_s = NAN;
};

Occlusion occlude(StationWorld& w, double rate, double t_close, double poll_s, double until_s) {
  w.set_rate_ml_h(0, rate);
  w.start(0);
  Occlusion o;
  o.closed_at_s = t_close;
  o.pressure_at_close_mmhg = w.transducer_pressure_mmhg(at_s(t_close), PressurePort::upstream);
  w.set_occluder_closed(at_s(t_close), true);
  for (double t = t_close + poll_s; t <= until_s + 1e-9; t += poll_s) w.stalled(at_s(t));
  w.advance_to(at_s(until_s));
  o.alarm_s = w.occlusion_alarm_s();
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(occlusion)

// dV = C dP: the pump fills the closed line's compliance at its real rate until the threshold,
// then stops after the detection latency, alarms, and the NE-1000 view (stalled) follows.
BOOST_AUTO_TEST_CASE(syringe_time_to_alarm_is_compliance_times_pressure_rise_over_flow) {
  WorldConfig c = default_world_config();
  c.occlusion.detection_latency_s = 2.0;
  StationWorld w(c, 1);
  const double rate = 25.0;
  const Occlusion o = occlude(w, rate, 600.0, 1.0, 1200.0);
  const double threshold = c.occlusion.medium_mmhg;
  BOOST_TEST(w.occlusion_threshold_mmhg() == threshold);
  const double q_ml_s = rate * (1.0 + c.drive.rate_error_fraction) / 3600.0;
  const double expected = total_compliance(c) * (threshold - o.pressure_at_close_mmhg) / q_ml_s + 2.0;
  BOOST_TEST_MESSAGE("time to alarm " << o.alarm_s - o.closed_at_s << " s, expected " << expected << " s");
  BOOST_TEST(std::isfinite(o.alarm_s));
  BOOST_TEST(std::abs(o.alarm_s - o.closed_at_s - expected) < 0.1 * expected);
  BOOST_TEST(w.occlusion_alarm_s() - w.occlusion_crossing_s() == 2.0, boost::test_tools::tolerance(1e-9));
  // the pressure kept rising over the latency, and the motor stopped with the alarm
  BOOST_TEST(w.occlusion_alarm_pressure_mmhg() > threshold);
  BOOST_TEST(w.occlusion_alarm_pressure_mmhg() < threshold + 2.0 * q_ml_s / total_compliance(c) * 1.05);
  BOOST_TEST(!w.motor_running(at_s(1200)));
  BOOST_TEST(w.stalled(at_s(1200)));
  BOOST_TEST(w.occlusion_alarm(at_s(1200)));
  BOOST_TEST(w.pump_alarm_indicator(at_s(1200)));
  // the line holds its pressure (the default leak is ~0.0005 ml/h)
  BOOST_TEST(w.transducer_pressure_mmhg(at_s(1200), PressurePort::upstream) ==
                 w.occlusion_alarm_pressure_mmhg(),
             boost::test_tools::tolerance(1e-3));
  BOOST_TEST(w.transducer_pressure_mmhg(at_s(1200), PressurePort::downstream) < 0.01);
  // STP acknowledges: the indicator clears, the pressure stays
  w.stop(at_s(1210));
  BOOST_TEST(!w.pump_alarm_indicator(at_s(1211)));
  BOOST_TEST(!w.stalled(at_s(1211)));
  BOOST_TEST(w.transducer_pressure_mmhg(at_s(1211), PressurePort::upstream) > threshold);
  // restarted against the still closed line, it alarms again one latency later
  w.start(at_s(1220));
  BOOST_TEST(w.motor_running(at_s(1221)));
  BOOST_TEST(!w.motor_running(at_s(1222.5)));
  BOOST_TEST(w.occlusion_alarm_s() == 1222.0, boost::test_tools::tolerance(1e-9));
}

// The crossing is found inside the world's own stretches, so reading it every 0.1 s, every
// 60 s or once gives the same alarm time.
BOOST_AUTO_TEST_CASE(alarm_time_does_not_depend_on_the_poll_period) {
  for (const bool volumetric : {false, true}) {
    const WorldConfig c = volumetric ? default_volumetric_world_config() : default_world_config();
    const double rate = volumetric ? 60.0 : 5.0;
    const double t_close = 301.3;
    const double until = volumetric ? 600.0 : 2400.0;
    std::vector<double> alarms;
    for (const double poll : {0.1, 60.0, until}) {
      StationWorld w(c, 1);
      if (volumetric) {
        w.front_panel_set_rate(0, rate);
        w.front_panel_start(0);
        w.set_occluder_closed(at_s(t_close), true);
        for (double t = t_close + poll; t <= until; t += poll) w.pump_alarm_indicator(at_s(t));
        w.advance_to(at_s(until));
        alarms.push_back(w.occlusion_alarm_s());
      } else {
        alarms.push_back(occlude(w, rate, t_close, poll, until).alarm_s);
      }
    }
    BOOST_TEST_CONTEXT((volumetric ? "volumetric" : "syringe")) {
      BOOST_TEST_MESSAGE((volumetric ? "volumetric" : "syringe") << " alarm at " << alarms[0] << " s");
      BOOST_TEST(std::isfinite(alarms[0]));
      BOOST_TEST(alarms[0] > t_close);
      BOOST_TEST(std::abs(alarms[1] - alarms[0]) < 1e-6);
      BOOST_TEST(std::abs(alarms[2] - alarms[0]) < 1e-6);
    }
  }
}

// A leaky occluder with a high threshold: the pressure settles at Q * (R + R_leak) below it and
// the pump runs on. The same leak against the low threshold does alarm.
BOOST_AUTO_TEST_CASE(no_alarm_when_the_leak_keeps_the_pressure_below_the_threshold) {
  WorldConfig c = default_world_config();
  c.occluder.leak_ml_h = 5.0;
  c.occluder.leak_pressure_mmhg = 1000.0;  // R_leak = 200 mmHg per ml/h
  const double rate = 2.0;
  const double q = rate * (1.0 + c.drive.rate_error_fraction);
  const double settled_mmhg = q * (c.line.resistance_mmhg_per_ml_h + 200.0);
  BOOST_TEST_REQUIRE(settled_mmhg < c.occlusion.high_mmhg);
  BOOST_TEST_REQUIRE(settled_mmhg > c.occlusion.low_mmhg);
  for (const OcclusionLevel level : {OcclusionLevel::high, OcclusionLevel::low}) {
    StationWorld w(c, 1);
    w.front_panel_set_occlusion_level(0, level);
    occlude(w, rate, 600.0, 600.0, 600.0 + 10 * 3600.0);
    BOOST_TEST_CONTEXT(to_string(level)) {
      if (level == OcclusionLevel::high) {
        BOOST_TEST(!std::isfinite(w.occlusion_alarm_s()));
        BOOST_TEST(w.motor_running(at_s(36600)));
        BOOST_TEST(!w.pump_alarm_indicator(at_s(36600)));
        BOOST_TEST(w.transducer_pressure_mmhg(at_s(36600), PressurePort::upstream) == settled_mmhg,
                   boost::test_tools::tolerance(0.03));
      } else {
        BOOST_TEST(std::isfinite(w.occlusion_alarm_s()));
        BOOST_TEST(!w.motor_running(at_s(36600)));
      }
    }
  }
}

// Higher level, higher threshold: more volume to store before the alarm.
BOOST_AUTO_TEST_CASE(higher_level_takes_longer_to_alarm) {
  const WorldConfig c = default_world_config();
  std::vector<double> times;
  for (const OcclusionLevel level : {OcclusionLevel::low, OcclusionLevel::medium, OcclusionLevel::high}) {
    StationWorld w(c, 1);
    w.front_panel_set_occlusion_level(0, level);
    BOOST_TEST((w.occlusion_level() == level));
    const Occlusion o = occlude(w, 10.0, 900.0, 30.0, 4000.0);
    times.push_back(o.alarm_s - o.closed_at_s);
  }
  BOOST_TEST_MESSAGE("time to alarm low/medium/high: " << times[0] << " / " << times[1] << " / " << times[2] << " s");
  BOOST_TEST(times[0] < times[1]);
  BOOST_TEST(times[1] < times[2]);
  // the difference is the volume between the thresholds at the flow
  const double q_ml_s = 10.0 * (1.0 + c.drive.rate_error_fraction) / 3600.0;
  BOOST_TEST(times[2] - times[1] == total_compliance(c) * (c.occlusion.high_mmhg - c.occlusion.medium_mmhg) / q_ml_s,
             boost::test_tools::tolerance(0.01));
}

// Release after the alarm: the stored volume (less the back-off) leaves as a bolus decaying with
// tau = R * C of the open line.
BOOST_AUTO_TEST_CASE(bolus_on_release_is_the_stored_volume_less_the_back_off) {
  for (const double back_off : {0.0, 0.3}) {
    WorldConfig c = default_world_config();
    c.occlusion.back_off_ml = back_off;
    StationWorld w(c, 1);
    const Occlusion o = occlude(w, 25.0, 600.0, 10.0, 900.0);
    BOOST_TEST_REQUIRE(std::isfinite(o.alarm_s));
    // whole motor steps of the screw, whose once-per-turn position error is ~0.001 ml here
    BOOST_TEST(std::abs(w.backed_off_ml() - back_off) < 0.003);
    const double tau = c.line.resistance_mmhg_per_ml_h * total_compliance(c) * 3600.0;
    const double t_rel = 960.0;
    const double stored = w.line_stored_ml(at_s(t_rel));
    const double before = w.delivered_ml(at_s(t_rel));
    w.set_occluder_closed(at_s(t_rel), false);
    BOOST_TEST(!w.occluder_closed(at_s(t_rel)));
    const double after_tau = w.delivered_ml(at_s(t_rel + tau)) - before;
    const double bolus = w.delivered_ml(at_s(t_rel + 30 * tau)) - before;
    BOOST_TEST_CONTEXT("back-off " << back_off << " ml") {
      BOOST_TEST_MESSAGE("back-off " << back_off << " ml: stored at alarm " << stored << " ml, bolus " << bolus << " ml");
      // ~1 ml stored at 500+ mmHg with 0.002 ml/mmHg, less the back-off
      BOOST_TEST(bolus == w.occlusion_alarm_pressure_mmhg() * total_compliance(c) - w.backed_off_ml(),
                 boost::test_tools::tolerance(0.002));
      BOOST_TEST(bolus == stored, boost::test_tools::tolerance(1e-6));
      BOOST_TEST(after_tau == bolus * (1.0 - std::exp(-1.0)), boost::test_tools::tolerance(1e-6));
      // both ports read the open line's pressure again, decaying
      BOOST_TEST(w.transducer_pressure_mmhg(at_s(t_rel + tau), PressurePort::downstream) ==
                     w.transducer_pressure_mmhg(at_s(t_rel + tau), PressurePort::upstream),
                 boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(volumetric_pump_pressure_alarm_stops_the_rotor_and_shows) {
  WorldConfig c = default_volumetric_world_config();
  StationWorld w(c, 1);
  w.front_panel_set_occlusion_level(0, OcclusionLevel::high);
  const double rate = 100.0;
  w.front_panel_set_rate(0, rate);
  w.front_panel_start(0);
  const double p0 = w.transducer_pressure_mmhg(at_s(120), PressurePort::upstream);
  w.set_occluder_closed(at_s(120), true);
  BOOST_TEST(!w.pump_alarm_indicator(at_s(121)));
  const double q_ml_s = rate * (1.0 + c.peristaltic.rate_error_fraction) / 3600.0;
  const double expected = total_compliance(c) * (c.occlusion.high_mmhg - p0) / q_ml_s + c.occlusion.detection_latency_s;
  const double pass_s = c.peristaltic.nominal_stroke_ml() / rate * 3600.0;
  w.advance_to(at_s(400));
  BOOST_TEST_MESSAGE("volumetric time to alarm " << w.occlusion_alarm_s() - 120 << " s, expected " << expected
                                                 << " s +- a roller pass of " << pass_s << " s");
  BOOST_TEST(std::abs(w.occlusion_alarm_s() - 120 - expected) < pass_s);
  BOOST_TEST(w.pump_alarm_indicator(at_s(400)));
  BOOST_TEST(!w.volumetric_running(at_s(400)));
  const double pumped = w.pumped_ml(at_s(400));
  BOOST_TEST(w.pumped_ml(at_s(500)) == pumped);
  w.front_panel_stop(at_s(500));
  BOOST_TEST(!w.pump_alarm_indicator(at_s(500)));
}

BOOST_AUTO_TEST_CASE(door_open_with_a_working_clamp_stops_all_flow) {
  WorldConfig c = default_volumetric_world_config();
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 100.0);
  w.front_panel_start(0);
  BOOST_TEST(!w.door_open());
  w.front_panel_open_door(at_s(300));
  BOOST_TEST(w.door_open());
  BOOST_TEST(!w.volumetric_running(at_s(300)));
  BOOST_TEST(w.pump_alarm_indicator(at_s(301)));
  const double delivered = w.delivered_ml(at_s(330));  // the line has drained (tau 0.72 s)
  BOOST_TEST(w.delivered_ml(at_s(900)) == delivered, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(w.free_flow_ml(at_s(900)) == 0.0);
  w.front_panel_start(at_s(900));  // the door interlock refuses
  BOOST_TEST(!w.volumetric_running(at_s(901)));
  w.front_panel_close_door(at_s(910));
  w.front_panel_start(at_s(911));
  BOOST_TEST(w.volumetric_running(at_s(912)));
  BOOST_TEST(!w.pump_alarm_indicator(at_s(912)));
}

// A failed clamp: the bag at 80 cm drains through the line at rho g h / R until the door closes,
// the occluder closes, or the bag is empty.
BOOST_AUTO_TEST_CASE(door_open_with_a_failed_clamp_free_flows_by_gravity) {
  for (const double extra : {0.0, 0.2}) {
    WorldConfig c = default_volumetric_world_config(100.0);
    c.free_flow.clamp_fails = true;
    c.free_flow.head_height_mm = 800.0;
    c.free_flow.resistance_mmhg_per_ml_h = extra;
    StationWorld w(c, 1);
    w.front_panel_set_rate(0, 25.0);
    w.front_panel_start(0);
    w.front_panel_open_door(at_s(300));
    const double head_mmhg = c.vessel.density_g_ml * 1000.0 * 9.80665 * 0.8 / 133.322387415;  // rho g h, Pa
    const double expected_ml_h = head_mmhg / (c.line.resistance_mmhg_per_ml_h + extra);
    const double at_310 = w.delivered_ml(at_s(310));  // times only go forward: one after the other
    const double q = (w.delivered_ml(at_s(370)) - at_310) * 60.0;
    BOOST_TEST_CONTEXT("extra resistance " << extra) {
      BOOST_TEST_MESSAGE("free flow at 80 cm, extra resistance " << extra << ": " << q << " ml/h (head "
                                                                 << head_mmhg << " mmHg)");
      BOOST_TEST(std::abs(head_mmhg / 80.0 - 0.7356 * c.vessel.density_g_ml) < 1e-4);  // per cm of water
      BOOST_TEST(q == expected_ml_h, boost::test_tools::tolerance(1e-6));
      BOOST_TEST(w.free_flow_rate_ml_h(at_s(370)) == expected_ml_h, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(q > 100.0);  // hundreds of ml/h through a typical set
      BOOST_TEST(!w.volumetric_running(at_s(370)));
      // the occluder stops it (all but the leak) and releasing lets it run on
      w.set_occluder_closed(at_s(400), true);
      const double held = w.delivered_ml(at_s(410));
      BOOST_TEST(w.delivered_ml(at_s(470)) - held < 1e-4);
      w.set_occluder_closed(at_s(470), false);
      BOOST_TEST(w.delivered_ml(at_s(500)) > held + 0.9 * 29.0 * expected_ml_h / 3600.0);
      // closing the door stops it
      w.front_panel_close_door(at_s(500));
      const double closed = w.delivered_ml(at_s(520));
      BOOST_TEST(w.delivered_ml(at_s(800)) == closed, boost::test_tools::tolerance(1e-9));
    }
  }
  // the bag runs dry: everything left in it flows out, then nothing
  WorldConfig c = default_volumetric_world_config(20.0);
  c.free_flow.clamp_fails = true;
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 25.0);
  w.front_panel_start(0);
  w.front_panel_open_door(at_s(60));
  const double left = w.reservoir_remaining_ml(at_s(60));
  BOOST_TEST(w.free_flow_ml(at_s(3600)) == left, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(w.reservoir_empty(at_s(3600)));
  BOOST_TEST(w.free_flow_rate_ml_h(at_s(3600)) == 0.0);
  BOOST_TEST(w.delivered_ml(at_s(3600)) == w.pumped_ml(at_s(3600)) + left, boost::test_tools::tolerance(1e-9));
}

// Over the wire: the NE-1000 simulator on the station world reports the occlusion as A?S (its
// stall alarm), the world keeps the indicator on until STP acknowledges it.
BOOST_AUTO_TEST_CASE(ne1000_reports_the_occlusion_and_stp_acknowledges_it) {
  EventLoop loop(std::make_unique<VirtualClock>());
  SerialSettings serial;
  serial.baud = 19200;
  SimLinkPair link = make_sim_link_pair(loop, serial, "pump-1");
  StationWorld w(default_world_config(), 1);
  auto pump = std::make_unique<SimNe1000Pump>(*link.instrument, loop, w, SimNe1000Options{});
  std::string received;
  link.host->on_receive(
      [&](std::span<const std::uint8_t> b) { received.append(reinterpret_cast<const char*>(b.data()), b.size()); });
  auto ask = [&](const std::string& request) {
    received.clear();
    link.host->write(request);
    loop.run_until(loop.now() + milliseconds(100));
    return received;
  };
  auto prompt_has = [&](const std::string& reply, const std::string& what) {
    return reply.find(what) != std::string::npos;
  };
  BOOST_TEST(prompt_has(ask("\r"), "A?R"));
  ask("0DIA 26.59\r");
  ask("0RAT 25 MH\r");
  BOOST_TEST(prompt_has(ask("0RUN\r"), "00I"));
  loop.run_until(from_seconds(600));
  w.set_occluder_closed(loop.now(), true);
  loop.run_until(from_seconds(1000));  // nobody asks meanwhile
  BOOST_TEST(w.pump_alarm_indicator(loop.now()));
  BOOST_TEST(std::isfinite(w.occlusion_alarm_s()));
  BOOST_TEST(w.occlusion_alarm_s() < 800.0);
  BOOST_TEST(prompt_has(ask("\r"), "A?S"));
  BOOST_TEST(prompt_has(ask("\r"), "00S"));  // stopped; the world still shows the alarm
  BOOST_TEST(w.pump_alarm_indicator(loop.now()));
  ask("0STP\r");
  BOOST_TEST(!w.pump_alarm_indicator(loop.now()));
  pump.reset();
}

BOOST_AUTO_TEST_CASE(water_temperature_is_the_configured_constant) {
  WorldConfig c = default_world_config();
  BOOST_TEST(StationWorld(c, 1).water_temperature_c(at_s(10)) == 22.0);
  c.vessel.water_temperature_c = 37.0;
  StationWorld w(c, 1);
  BOOST_TEST(w.water_temperature_c(at_s(10)) == 37.0);
  BOOST_TEST(w.water_temperature_c(at_s(7200)) == 37.0);
}

BOOST_AUTO_TEST_SUITE_END()
