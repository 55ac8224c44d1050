#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using pumprig::sim::test::at_s;

namespace {

double real_rate(const WorldConfig& c, double rate_ml_h) {
  return rate_ml_h * (1.0 + c.peristaltic.rate_error_fraction);
}
// Seconds per rotor revolution (all rollers) at a set rate: nominal volume per revolution / rate.
double revolution_s(const WorldConfig& c, double rate_ml_h) {
  return c.peristaltic.rollers * c.peristaltic.nominal_stroke_ml() / rate_ml_h * 3600.0;
}
double line_tau_s(const WorldConfig& c) {
  return c.line.resistance_mmhg_per_ml_h * (c.line.compliance_ml_per_mmhg + c.mechanism_compliance_ml_per_mmhg()) *
         3600.0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peristaltic_mechanism)

BOOST_AUTO_TEST_CASE(stroke_volume_comes_from_the_tubing_unless_given) {
  PeristalticConfig p;
  // pi/4 * 2.7^2 * 17.5 mm^3
  BOOST_TEST(p.nominal_stroke_ml() == 3.14159265358979 / 4 * 2.7 * 2.7 * 17.5 / 1000.0,
             boost::test_tools::tolerance(1e-12));
  p.stroke_volume_ml = 0.06;
  BOOST_TEST(p.nominal_stroke_ml() == 0.06);
  WorldConfig c = default_volumetric_world_config(500.0);
  StationWorld w(c, 1);
  BOOST_TEST(w.peristaltic());
  BOOST_TEST(w.stroke_volume_ml() == c.peristaltic.nominal_stroke_ml() * 0.98, boost::test_tools::tolerance(1e-12));
}

// Over whole revolutions the vessel receives exactly rate * (1 + error) (the line is in its
// periodic steady state); over a whole hour, unaligned with the cycle, within 0.1 %.
BOOST_AUTO_TEST_CASE(flow_averages_to_set_rate_times_its_rate_error) {
  for (const double rate : {1.0, 25.0, 100.0, 1000.0}) {
    WorldConfig c = default_volumetric_world_config(5000.0);
    c.balance.capacity_g = 6000.0;
    StationWorld w(c, 3);
    w.front_panel_set_rate(0, rate);
    w.front_panel_start(0);
    const double rev_s = revolution_s(c, rate);
    const double t1 = std::max(600.0, 3.0 * rev_s);
    const int revs = rate < 10 ? 4 : 40;
    const double t2 = t1 + revs * rev_s;
    const double t3 = t2 + 3600.0;
    // one query after the other: times only go forward
    const double v1 = w.delivered_ml(at_s(t1));
    const double v2 = w.delivered_ml(at_s(t2));
    const double v3 = w.delivered_ml(at_s(t3));
    const double q_aligned = (v2 - v1) / (t2 - t1) * 3600.0;
    const double q_hour = v3 - v2;
    const double expected = real_rate(c, rate);
    BOOST_TEST_CONTEXT("rate " << rate << " ml/h") {
      // nanoseconds of rounding in t1, t2 against the cycle are all that is left
      BOOST_TEST(std::abs(q_aligned - expected) / expected < 1e-6);
      BOOST_TEST(std::abs(q_hour - expected) / expected < (rate < 10 ? 0.01 : 0.001));
      // the -2 % is really there
      BOOST_TEST(std::abs(q_aligned - rate) / rate > 0.019);
      // and the pump reports the nominal volume
      BOOST_TEST(w.motor_infused_ml(at_s(t3)) == rate * (t3 - c.peristaltic.ramp_s / 2) / 3600.0,
                 boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(flow_within_a_roller_cycle_is_a_delivery_then_a_backflow) {
  const WorldConfig c = default_volumetric_world_config();
  const PeristalticConfig& p = c.peristaltic;
  const double rate = 25.0;
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, rate);
  w.front_panel_start(0);
  const double pass_s = p.nominal_stroke_ml() / rate * 3600.0;  // 14.4 s at 0.1 ml
  BOOST_TEST(pass_s == w.rotor().pass_period_s(rate), boost::test_tools::tolerance(1e-12));
  const double dt = 0.005;
  std::vector<double> onsets;  // backflow onsets: a roller lifting off
  std::vector<double> pumped_at_onset;
  double negative_s = 0.0;
  double hi = -1e9, lo = 1e9, out_hi = -1e9, out_lo = 1e9;
  double prev = w.rotor_flow_ml_h(at_s(100.0));
  const int n = static_cast<int>(6 * pass_s / dt);
  for (int i = 1; i <= n; ++i) {
    const double t = 100.0 + i * dt;
    const double q = w.rotor_flow_ml_h(at_s(t));
    hi = std::max(hi, q);
    lo = std::min(lo, q);
    const double out = w.outflow_rate_ml_h(at_s(t));
    out_hi = std::max(out_hi, out);
    out_lo = std::min(out_lo, out);
    if (q < 0) negative_s += dt;
    if (prev > 0 && q < 0) {
      onsets.push_back(t);
      pumped_at_onset.push_back(w.pumped_ml(at_s(t)));
    }
    prev = q;
  }
  const double q_real = real_rate(c, rate);
  // delivery at (1 + backflow) / (1 - backflow phase), backflow at -backflow / backflow phase,
  // each scaled by the roller's mismatch
  const double m = p.roller_mismatch_fraction;
  BOOST_TEST(hi == q_real * (1 + p.backflow_fraction) / (1 - p.backflow_phase_fraction) * (1 + m),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(lo == -q_real * p.backflow_fraction / p.backflow_phase_fraction * (1 + m),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(negative_s / (6 * pass_s) == p.backflow_phase_fraction, boost::test_tools::tolerance(0.01));
  // one backflow per roller pass, period = stroke / rate
  BOOST_REQUIRE(onsets.size() >= 5u);
  for (std::size_t i = 1; i < onsets.size(); ++i) BOOST_TEST(std::abs(onsets[i] - onsets[i - 1] - pass_s) <= 2 * dt);
  // each pass moves a stroke (within the mismatch), three of them exactly three mean strokes
  const double stroke = p.nominal_stroke_ml() * (1 + p.rate_error_fraction);
  for (std::size_t i = 1; i < pumped_at_onset.size(); ++i) {
    const double v = pumped_at_onset[i] - pumped_at_onset[i - 1];
    BOOST_TEST(std::abs(v / stroke - 1.0) < m + 0.003);  // + the flow of one sample step
  }
  BOOST_TEST(pumped_at_onset[3] - pumped_at_onset[0] == 3 * stroke, boost::test_tools::tolerance(0.002));
  // the line smooths the pulses (tau 0.72 s with the volumetric set) but does not remove them
  BOOST_TEST_MESSAGE("rotor flow " << lo << " .. " << hi << " ml/h, at the outlet " << out_lo << " .. " << out_hi);
  BOOST_TEST(out_hi < hi);
  BOOST_TEST(out_lo > lo);
  BOOST_TEST(out_hi - out_lo > 0.2 * q_real);
}

BOOST_AUTO_TEST_CASE(backflow_zero_gives_a_flat_part) {
  WorldConfig c = default_volumetric_world_config();
  c.peristaltic.backflow_fraction = 0.0;
  c.peristaltic.roller_mismatch_fraction = 0.0;
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 60.0);
  w.front_panel_start(0);
  int zero = 0, positive = 0, negative = 0;
  for (int i = 0; i < 6000; ++i) {
    const double q = w.rotor_flow_ml_h(at_s(60.0 + i * 0.01));
    zero += q == 0.0;
    positive += q > 0.0;
    negative += q < 0.0;
  }
  BOOST_TEST(negative == 0);
  BOOST_TEST(zero / 6000.0 == c.peristaltic.backflow_phase_fraction, boost::test_tools::tolerance(0.02));
  BOOST_TEST(positive > 0);
}

BOOST_AUTO_TEST_CASE(start_ramps_the_rotor_and_rate_changes_ramp_too) {
  const WorldConfig c = default_volumetric_world_config();
  const double ramp = c.peristaltic.ramp_s;
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 100.0);
  w.front_panel_start(at_s(10));
  const double omega = 1.0 / revolution_s(c, 100.0);
  // linear speed ramp: phase = omega t^2 / (2 ramp), then omega (t - ramp / 2)
  BOOST_TEST(w.rotor_phase_rev(at_s(10.5)) == omega * 0.25 / (2 * ramp), boost::test_tools::tolerance(1e-9));
  BOOST_TEST(w.rotor_phase_rev(at_s(40)) == omega * (30 - ramp / 2), boost::test_tools::tolerance(1e-9));
  w.front_panel_set_rate(at_s(40), 300.0);
  // from omega to 3 omega in `ramp`: 2 omega ramp turns, then 3 omega for the rest
  BOOST_TEST(w.rotor_phase_rev(at_s(100)) == omega * (30 - ramp / 2) + 2 * omega * ramp + 3 * omega * (60 - ramp),
             boost::test_tools::tolerance(1e-9));
  // stopping is immediate: the rollers keep the tubing occluded
  const double before = w.pumped_ml(at_s(100));
  w.front_panel_stop(at_s(100));
  BOOST_TEST(!w.front_panel_running(at_s(100)));
  BOOST_TEST(w.pumped_ml(at_s(200)) == before);
}

BOOST_AUTO_TEST_CASE(the_bag_empties_and_delivery_stops) {
  WorldConfig c = default_volumetric_world_config(2.0);
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 120.0);
  w.front_panel_start(0);
  BOOST_TEST(w.volumetric_running(at_s(30)));
  BOOST_TEST(w.reservoir_remaining_ml(at_s(30)) < 2.0);
  // 2 ml at 117.6 ml/h: about 61 s, give or take a roller's backflow
  const double expected_s = c.peristaltic.ramp_s / 2 + 2.0 / real_rate(c, 120.0) * 3600.0;
  double stopped_at = -1;
  for (int i = 0; i < 12000; ++i) {
    const double t = 30.0 + i * 0.01;
    if (!w.volumetric_running(at_s(t))) {
      stopped_at = t;
      break;
    }
  }
  BOOST_TEST(stopped_at == expected_s, boost::test_tools::tolerance(0.01));
  BOOST_TEST(w.reservoir_empty(at_s(stopped_at)));
  BOOST_TEST(w.pumped_ml(at_s(stopped_at)) == 2.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(w.rotor_flow_ml_h(at_s(stopped_at)) == 0.0);
  // the line drains into the vessel, then nothing more comes; a start is refused
  const double tau = line_tau_s(c);
  BOOST_TEST(w.delivered_ml(at_s(stopped_at + 40 * tau)) == 2.0, boost::test_tools::tolerance(1e-9));
  w.front_panel_start(at_s(stopped_at + 40 * tau));
  BOOST_TEST(!w.volumetric_running(at_s(stopped_at + 41 * tau)));
  BOOST_TEST(w.delivered_ml(at_s(stopped_at + 400 * tau)) == 2.0, boost::test_tools::tolerance(1e-9));
}

// The closed form against an independent fine integration: sample the pumped volume every
// millisecond (the profile is piecewise linear in time), integrate the line's storage and the
// balance's settling with their exact one-step updates, and compare outflow and settled display.
BOOST_AUTO_TEST_CASE(closed_form_matches_a_fine_numeric_integration) {
  WorldConfig c = default_volumetric_world_config();
  // The IEC needle's line (tau 3.6 s): the 1 ms integration's own error grows as dt / tau.
  c.line.resistance_mmhg_per_ml_h = 2.0;
  StationWorld w(c, 1);
  StationWorld probe(c, 1);  // only its pumped volume is read, every millisecond
  for (StationWorld* x : {&w, &probe}) {
    x->front_panel_set_rate(at_s(2), 100.0);
    x->front_panel_start(at_s(2));
  }
  const double tau = line_tau_s(c);
  const double tau_b = c.balance.settling_tau_s;
  const double dt = 0.001;
  const double decay = std::exp(-dt / tau);
  const double decay_b = std::exp(-dt / tau_b);
  const double evap_g_s = c.vessel.evaporation_with_oil_mg_h / 1000.0 / 3600.0;
  double stored = 0.0, out = 0.0, last = 0.0, out_before = 0.0;
  double settled = c.vessel.initial_mass_g;
  int checks = 0;
  double worst_out = 0.0, worst_bal = 0.0;
  for (int i = 1; i <= 60'000; ++i) {
    const double t = i * dt;
    const double p = probe.pumped_ml(milliseconds(i));
    const double before = stored;
    // the pumped increment entered evenly over the millisecond: half a step's decay on average
    stored = stored * decay + (p - last) * std::exp(-0.5 * dt / tau);
    out += before + (p - last) - stored;
    last = p;
    // the load over the millisecond, taken at its middle (second order in dt)
    const double load = c.vessel.initial_mass_g + c.vessel.density_g_ml * 0.5 * (out + out_before) -
                        evap_g_s * (t - 0.5 * dt);
    settled = load + (settled - load) * decay_b;
    out_before = out;
    if (i % 1000 == 0 && i >= 2000) {  // the closed-form world is already at the start (2 s)
      ++checks;
      worst_out = std::max(worst_out, std::abs(w.line_outflow_ml(milliseconds(i)) - out));
      worst_bal = std::max(worst_bal, std::abs(w.settled_balance_g(milliseconds(i)) - settled));
    }
  }
  BOOST_TEST_MESSAGE("closed form vs 1 ms integration over 60 s: outflow " << worst_out << " ml, settled "
                                                                           << worst_bal << " g");
  BOOST_TEST(checks == 59);
  BOOST_TEST(w.line_outflow_ml(at_s(60)) > 1.0 / 60.0);  // it did flow
  // both limits far below a 0.01 mg digit (the integration's own error is of this order)
  BOOST_TEST(worst_out < 5e-9);
  BOOST_TEST(worst_bal < 1e-8);
}

// A world queried every second and one queried twice in two hours are the same world: whole
// revolutions summed in closed form give what many short stretches give.
BOOST_AUTO_TEST_CASE(slicing_time_differently_gives_the_same_state) {
  for (const OutletMode mode : {OutletMode::submerged, OutletMode::drops}) {
    WorldConfig c = default_volumetric_world_config();
    c.outlet.mode = mode;
    StationWorld fine(c, 1), coarse(c, 1);
    for (StationWorld* x : {&fine, &coarse}) {
      x->front_panel_set_rate(at_s(3), 25.0);
      x->front_panel_start(at_s(3));
    }
    for (int s = 4; s <= 3600; ++s) fine.true_vessel_mass_g(at_s(s * 1.0 + 0.37));
    coarse.true_vessel_mass_g(at_s(1800.123));
    for (StationWorld* x : {&fine, &coarse}) x->front_panel_set_rate(at_s(3600.37), 60.0);
    for (int s = 3601; s <= 7200; ++s) fine.true_vessel_mass_g(at_s(s * 1.0 + 0.37));
    const Nanos end = at_s(7200.37);
    BOOST_TEST_CONTEXT((mode == OutletMode::drops ? "drops" : "submerged")) {
      BOOST_TEST(fine.delivered_ml(end) == coarse.delivered_ml(end), boost::test_tools::tolerance(1e-11));
      BOOST_TEST(std::abs(fine.line_stored_ml(end) - coarse.line_stored_ml(end)) < 1e-11);
      BOOST_TEST(std::abs(fine.settled_balance_g(end) - coarse.settled_balance_g(end)) < 1e-10);
      BOOST_TEST(fine.drops_fallen(end) == coarse.drops_fallen(end));
      BOOST_TEST(fine.rotor_phase_rev(end) == coarse.rotor_phase_rev(end), boost::test_tools::tolerance(1e-12));
    }
  }
}

// Drops: the bisection must find the first instant the tip holds a drop even though the
// outflow dips during backflows (stretches end on the profile's segment boundaries).
BOOST_AUTO_TEST_CASE(drops_fall_when_the_tip_first_holds_a_drop) {
  WorldConfig c = default_volumetric_world_config();
  c.outlet.mode = OutletMode::drops;
  c.outlet.drop_volume_ml = 0.03;
  StationWorld w(c, 1);
  w.front_panel_set_rate(0, 25.0);
  w.front_panel_start(0);
  long drops = 0;
  double max_outflow = 0.0;  // highest outflow seen so far, sampled every 10 ms
  int checked = 0;
  for (int i = 1; i <= 200'000; ++i) {
    const Nanos t = milliseconds(10 * i);
    const long d = w.drops_fallen(t);
    if (d > drops) {
      // the drop that just fell: the outflow had not reached it at the previous sample ...
      BOOST_TEST(max_outflow < d * c.outlet.drop_volume_ml + 1e-12);
      ++checked;
      drops = d;
    }
    max_outflow = std::max(max_outflow, w.line_outflow_ml(t));
    // ... and the tip never holds a whole drop
    BOOST_TEST(max_outflow - static_cast<double>(drops) * c.outlet.drop_volume_ml < c.outlet.drop_volume_ml + 1e-12);
  }
  BOOST_TEST(checked > 400);
}

BOOST_AUTO_TEST_CASE(same_seed_same_calls_give_bit_identical_readings) {
  const auto run = [](std::uint64_t seed) {
    WorldConfig c = default_volumetric_world_config();
    StationWorld w(c, seed);
    std::vector<double> out;
    w.front_panel_set_rate(at_s(5), 25.0);
    w.front_panel_start(at_s(5));
    for (int s = 0; s < 1800; ++s) {
      if (s == 600) w.front_panel_set_rate(at_s(s), 120.0);
      if (s == 1200) w.front_panel_stop(at_s(s));
      out.push_back(w.read_balance(at_s(s)).displayed_g);
    }
    return out;
  };
  const auto a = run(9), b = run(9), d = run(10);
  BOOST_TEST(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
  int differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i] != d[i];
  BOOST_TEST(differ > 600);
}

BOOST_AUTO_TEST_CASE(wire_calls_drive_the_rotor_too_and_withdrawing_is_ignored) {
  StationWorld w(default_volumetric_world_config(), 1);
  w.set_direction(0, PumpDirection::withdraw);
  w.set_rate_ml_h(0, 50.0);
  w.start(0);
  BOOST_TEST(w.motor_running(at_s(10)));
  BOOST_TEST((w.direction() == PumpDirection::infuse));
  BOOST_TEST(w.pumped_ml(at_s(60)) > 0.5);
  w.set_stalled(at_s(60), true);
  const double v = w.pumped_ml(at_s(60));
  BOOST_TEST(!w.motor_running(at_s(70)));
  BOOST_TEST(w.pumped_ml(at_s(120)) == v);
  w.set_stalled(at_s(120), false);
  BOOST_TEST(w.pumped_ml(at_s(180)) > v);
  w.power_cycle(at_s(180));
  BOOST_TEST(!w.motor_running(at_s(190)));
  BOOST_TEST(w.motor_volume_ml(at_s(190)) == 0.0);
}

BOOST_AUTO_TEST_CASE(the_front_panel_also_drives_a_syringe_world) {
  StationWorld w(default_world_config(), 1);
  w.front_panel_set_rate(0, 25.0);
  w.front_panel_start(0);
  BOOST_TEST(w.front_panel_running(at_s(10)));
  BOOST_TEST(!w.volumetric_running(at_s(10)));
  BOOST_TEST(w.motor_volume_ml(at_s(3600)) == 25.0, boost::test_tools::tolerance(1e-9));
  w.front_panel_stop(at_s(3600));
  BOOST_TEST(!w.front_panel_running(at_s(3601)));
}

BOOST_AUTO_TEST_CASE(invalid_peristaltic_config_is_refused_with_the_field_named) {
  WorldConfig c = default_volumetric_world_config();
  c.peristaltic.rollers = 0;
  try {
    StationWorld w(c, 1);
    BOOST_FAIL("accepted a rotor without rollers");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find("peristaltic.rollers") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
