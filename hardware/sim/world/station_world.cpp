#include "hardware/sim/world/station_world.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace pumprig::sim {

namespace {
const WorldConfig& validated(const WorldConfig& c) {
  validate(c);
  return c;
}
constexpr std::int64_t kNoCap = std::numeric_limits<std::int64_t>::max();
}  // namespace

StationWorld::StationWorld(WorldConfig config, std::uint64_t seed)
    : config_(validated(config)),
      rng_(seed),
      drive_(config_.syringe, config_.drive),
      rotor_(config_.peristaltic),
      line_(config_.line, config_.mechanism_compliance_ml_per_mmhg()),
      outlet_(config_.outlet),
      vessel_(config_.vessel),
      balance_(config_.balance),
      settled_g_(vessel_.mass_g(0.0, 0.0)) {}  // the vessel has been on the pan long enough

// ---- advancing ------------------------------------------------------------------------------

void StationWorld::advance_to(Nanos t) {
  if (t > last_ns_) last_ns_ = t;
  advance_seconds(to_seconds(last_ns_));
}

template <class Input>
void StationWorld::respond(Segment& s, double dt_s, const Input& input) const {
  s.line = line_.preview(dt_s, input);
  const double fluid_gain = outlet_.submerged() ? vessel_.density_g_ml() : 0.0;
  s.settled_g = balance_.settle(settled_g_, dt_s, load_now_g(), vessel_.evaporation_g_s(), fluid_gain,
                                line_.stored_ml(), line_.tau_s(), input);
}

StationWorld::Segment StationWorld::evaluate(double dt_s, const Plan& plan, bool snap) const {
  Segment s;
  if (peristaltic()) {
    s.rotor = snap ? rotor_.preview_to(plan.rotor) : rotor_.preview(dt_s);
    respond(s, dt_s, s.rotor.flow);
  } else {
    s.motion = drive_.preview(dt_s, plan.max_steps);
    respond(s, dt_s, s.motion.train);
  }
  return s;
}

void StationWorld::commit(const Segment& s, double dt_s) {
  outlet_.receive(s.line.outflow_ml - line_.outflow_ml());
  if (peristaltic()) {
    rotor_.commit(s.rotor);
  } else {
    drive_.commit(s.motion);
  }
  line_.commit(s.line);
  settled_g_ = s.settled_g;
  t_s_ += dt_s;
}

StationWorld::Plan StationWorld::plan(double available_s) const {
  Plan p;
  if (peristaltic()) {
    // In drops mode stretches end on the profile's segment boundaries: within one segment the
    // flow keeps its sign, the outflow is unimodal and the drop bisection finds the first drop.
    p.rotor = rotor_.next_breakpoint(!outlet_.submerged());
    p.to_event = p.rotor.dt_s <= available_s;
    p.dt_s = p.to_event ? p.rotor.dt_s : available_s;
    return p;
  }
  // The next step that changes the mechanism's character bounds this stretch.
  const std::int64_t j = drive_.steps_to_event();
  const double event_s = j > 0 ? drive_.time_to_step_s(j) : std::numeric_limits<double>::infinity();
  p.to_event = event_s <= available_s;
  p.dt_s = p.to_event ? event_s : available_s;
  // Even when the event lies beyond this stretch, rounding must not let it pass as a plain step.
  p.max_steps = j > 0 ? j - 1 : kNoCap;
  return p;
}

void StationWorld::advance_seconds(double target_s) {
  while (t_s_ < target_s) {
    if (!outlet_.submerged() && outlet_.room_ml() <= 0.0) {
      outlet_.release_drop();  // due exactly now (e.g. a breakaway jump filled the tip)
      continue;
    }
    const Plan p = plan(target_s - t_s_);
    const double dt_s = p.dt_s;

    Segment seg = evaluate(dt_s, p, p.to_event);
    if (!outlet_.submerged() && seg.line.outflow_ml - line_.outflow_ml() >= outlet_.room_ml()) {
      // A drop falls inside the stretch: find when by bisection on the exact outflow (monotonic
      // while infusing), go there, drop it, and plan again from that instant.
      const double room = outlet_.room_ml();
      const double out0 = line_.outflow_ml();
      double lo = 0.0;
      double hi = dt_s;
      for (int i = 0; i < 64 && hi - lo > 1e-10; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (evaluate(mid, p, false).line.outflow_ml - out0 >= room) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      // Landing on the breakpoint itself (the drop falls as the stretch ends) takes it too.
      const bool at_event = p.to_event && hi >= dt_s;
      commit(evaluate(hi, p, at_event), hi);
      if (at_event && peristaltic()) rotor_.take(p.rotor);
      if (outlet_.room_ml() <= 0.0) outlet_.release_drop();
      continue;
    }
    commit(seg, dt_s);
    if (!p.to_event) {
      t_s_ = target_s;  // exactly, whatever rounding the sum did
    } else if (peristaltic()) {
      rotor_.take(p.rotor);
    } else {
      line_.inject(drive_.take_event_step());
    }
  }
}

// ---- balance ----------------------------------------------------------------------------------

double StationWorld::settled_rate_g_s() const {
  return (load_now_g() - settled_g_) / balance_.settling_tau_s();
}

BalanceView StationWorld::read_balance(Nanos t) {
  advance_to(t);
  return balance_.read(t_s_, settled_g_, settled_rate_g_s(), rng_);
}

double StationWorld::settled_balance_g(Nanos t) {
  advance_to(t);
  return settled_g_;
}

// ---- pump mechanism ---------------------------------------------------------------------------

void StationWorld::set_syringe_diameter_mm(Nanos t, double mm) {
  advance_to(t);
  drive_.set_programmed_diameter_mm(mm);
}

void StationWorld::set_rate_ml_h(Nanos t, double rate_ml_h) {
  advance_to(t);
  if (peristaltic()) {
    rotor_.set_rate_ml_h(rate_ml_h);
  } else {
    drive_.set_rate_ml_h(rate_ml_h);
  }
}

void StationWorld::set_direction(Nanos t, PumpDirection d) {
  advance_to(t);
  if (!peristaltic()) drive_.set_direction(d);  // a volumetric pump only infuses
}

void StationWorld::start(Nanos t) {
  advance_to(t);
  if (peristaltic()) {
    rotor_.start();
  } else {
    drive_.start();
  }
}

void StationWorld::stop(Nanos t) {
  advance_to(t);
  if (peristaltic()) {
    rotor_.stop();
  } else {
    drive_.stop();
  }
}

bool StationWorld::motor_running(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.turning() : drive_.turning();
}

bool StationWorld::stalled(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.stalled() : drive_.stalled();
}

double StationWorld::motor_volume_ml(Nanos t) {
  advance_to(t);
  return motor_infused_ml(t) - motor_withdrawn_ml(t);
}

double StationWorld::motor_infused_ml(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.motor_infused_ml() : drive_.motor_infused_ml();
}

double StationWorld::motor_withdrawn_ml(Nanos t) {
  advance_to(t);
  return peristaltic() ? 0.0 : drive_.motor_withdrawn_ml();
}

void StationWorld::power_cycle(Nanos t) {
  advance_to(t);
  if (peristaltic()) {
    rotor_.power_cycle();
  } else {
    drive_.power_cycle();
  }
}

void StationWorld::set_stalled(Nanos t, bool stalled) {
  advance_to(t);
  if (peristaltic()) {
    rotor_.set_stalled(stalled);
  } else {
    drive_.set_stalled(stalled);
  }
}

// ---- front panel (operator) --------------------------------------------------------------------

void StationWorld::front_panel_set_rate(Nanos t, double rate_ml_h) { set_rate_ml_h(t, rate_ml_h); }

void StationWorld::front_panel_start(Nanos t) {
  // A syringe pump's start key infuses; the direction is a separate menu a tester would not touch.
  start(t);
}

void StationWorld::front_panel_stop(Nanos t) { stop(t); }

void StationWorld::set_line_resistance_mmhg_per_ml_h(Nanos t, double r) {
  advance_to(t);
  line_.set_resistance_mmhg_per_ml_h(r);
}

// ---- operator and truth -----------------------------------------------------------------------

void StationWorld::place_load(Nanos t, double mass_g) {
  advance_to(t);
  if (std::isfinite(mass_g)) vessel_.place_load(mass_g);
}

void StationWorld::remove_load(Nanos t) {
  advance_to(t);
  vessel_.remove_load();
}

double StationWorld::true_vessel_mass_g(Nanos t) {
  advance_to(t);
  return load_now_g();
}

double StationWorld::delivered_ml(Nanos t) {
  advance_to(t);
  return fluid_in_vessel_ml();
}

double StationWorld::plunger_volume_ml(Nanos t) {
  advance_to(t);
  return drive_.plunger_volume_ml();
}

double StationWorld::pumped_ml(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.pumped_ml() : drive_.plunger_volume_ml();
}

double StationWorld::line_stored_ml(Nanos t) {
  advance_to(t);
  return line_.stored_ml();
}

double StationWorld::line_pressure_mmhg(Nanos t) {
  advance_to(t);
  return line_.pressure_mmhg();
}

double StationWorld::line_outflow_ml(Nanos t) {
  advance_to(t);
  return line_.outflow_ml();
}

double StationWorld::outflow_rate_ml_h(Nanos t) {
  advance_to(t);
  return line_.outflow_rate_ml_h();
}

double StationWorld::evaporated_g(Nanos t) {
  advance_to(t);
  return vessel_.evaporated_g(t_s_);
}

bool StationWorld::syringe_empty(Nanos t) {
  advance_to(t);
  return drive_.syringe_empty();
}

long StationWorld::drops_fallen(Nanos t) {
  advance_to(t);
  return outlet_.drops();
}

bool StationWorld::reservoir_empty(Nanos t) {
  advance_to(t);
  return peristaltic() && rotor_.reservoir_empty();
}

double StationWorld::reservoir_remaining_ml(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.reservoir_remaining_ml() : 0.0;
}

double StationWorld::rotor_flow_ml_h(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.flow_ml_h() : 0.0;
}

double StationWorld::rotor_phase_rev(Nanos t) {
  advance_to(t);
  return peristaltic() ? rotor_.rotor_phase_rev() : 0.0;
}

}  // namespace pumprig::sim
