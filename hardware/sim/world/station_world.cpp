#include "hardware/sim/world/station_world.hpp"

#include <algorithm>
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
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPaPerMmHg = 133.322387415;
constexpr double kG = 9.80665;  // m/s^2
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
      settled_g_(vessel_.mass_g(0.0, 0.0)),  // the vessel has been on the pan long enough
      open_resistance_(config_.line.resistance_mmhg_per_ml_h),
      level_(config_.occlusion.level),
      pending_alarm_s_(kInf),
      crossing_s_(kNaN),
      alarm_s_(kNaN),
      alarm_pressure_mmhg_(kNaN) {}

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
    if (free_flow_active()) {
      s.rotor = rotor_.preview(0.0);  // the door is open: the rotor stands
      s.gravity = constant_flow(free_flow_rate_ml_s(), dt_s);
      respond(s, dt_s, s.gravity);
      return s;
    }
    s.rotor = snap && plan.to_event ? rotor_.preview_to(plan.rotor) : rotor_.preview(dt_s);
    respond(s, dt_s, s.rotor.flow);
  } else {
    s.motion = drive_.preview(dt_s, plan.max_steps, snap ? plan.min_steps : 0);
    respond(s, dt_s, s.motion.train);
  }
  return s;
}

void StationWorld::commit(const Segment& s, double dt_s) {
  outlet_.receive(s.line.outflow_ml - line_.outflow_ml());
  if (peristaltic()) {
    rotor_.commit(s.rotor);
    if (!s.gravity.empty()) {
      rotor_.drain_reservoir(s.gravity.total_ml);
      free_flow_ml_ += s.gravity.total_ml;
    }
  } else {
    drive_.commit(s.motion);
  }
  line_.commit(s.line);
  settled_g_ = s.settled_g;
  t_s_ += dt_s;
}

StationWorld::Plan StationWorld::plan(double available_s) const {
  Plan p;
  if (peristaltic() && free_flow_active()) {
    const double q = free_flow_rate_ml_s();
    const double dry_s = q > 0.0 ? rotor_.reservoir_remaining_ml() / q : kInf;
    p.bag_dry = dry_s <= available_s;
    p.dt_s = p.bag_dry ? dry_s : available_s;
  } else if (peristaltic()) {
    // In drops mode stretches end on the profile's segment boundaries: within one segment the
    // flow keeps its sign, the outflow is unimodal and the drop bisection finds the first drop.
    // Near the occlusion threshold too: within a segment the stored volume is monotonic.
    p.rotor = rotor_.next_breakpoint(!outlet_.submerged() || near_threshold());
    p.to_event = p.rotor.dt_s <= available_s;
    p.dt_s = p.to_event ? p.rotor.dt_s : available_s;
  } else {
    // The next step that changes the mechanism's character bounds this stretch.
    const std::int64_t j = drive_.steps_to_event();
    const double event_s = j > 0 ? drive_.time_to_step_s(j) : kInf;
    p.to_event = event_s <= available_s;
    p.dt_s = p.to_event ? event_s : available_s;
    // Even when the event lies beyond this stretch, rounding must not let it pass as a plain step.
    p.max_steps = j > 0 ? j - 1 : kNoCap;
  }
  if (pending_alarm_s_ < kInf) {
    const double a = std::max(0.0, pending_alarm_s_ - t_s_);
    if (a <= p.dt_s) {
      p.dt_s = a;
      p.to_event = p.bag_dry = false;
      p.to_alarm = true;
    }
  }
  return p;
}

// ---- occlusion ----------------------------------------------------------------------------------

bool StationWorld::detecting() const {
  // Without resistance nothing holds a pressure (and the line's lag is only a numerical floor).
  return pump_turning() && !occlusion_alarm_ && pending_alarm_s_ == kInf && line_.compliance_ml_per_mmhg() > 0.0 &&
         line_.resistance_mmhg_per_ml_h() > 0.0;
}

// A first-order line driven by a flow of at most q stores at most max(now, q * tau): while that
// bound stays under the threshold no stretch can cross it, however long.
bool StationWorld::near_threshold() const {
  if (!detecting()) return false;
  return std::max(line_.stored_ml(), rotor_.max_flow_ml_s() * line_.tau_s()) >= threshold_ml();
}

bool StationWorld::cut_at_crossing(Plan& p, Segment& seg) const {
  if (!detecting() || p.to_alarm) return false;
  const double s_th = threshold_ml();
  const double tau = line_.tau_s();
  if (peristaltic()) {
    // Near the threshold the stretch is one profile segment (plan), where the stored volume is
    // monotonic; away from it the bound says the end cannot be over it either.
    if (!seg.rotor.flow.empty() && seg.line.stored_ml >= s_th) {
      double lo = 0.0;
      double hi = p.dt_s;
      for (int i = 0; i < 80 && hi - lo > 1e-10; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (evaluate(mid, p, false).line.stored_ml >= s_th) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      if (hi < p.dt_s) {
        p.dt_s = hi;
        p.to_event = false;
      }
      p.bag_dry = false;
      p.crossing = true;
      seg = evaluate(p.dt_s, p, true);
      return true;
    }
    return false;
  }
  // Syringe: the stored volume only rises at a step and, below the line's equilibrium, each step
  // adds more than the leak takes between steps: the first step after which it is over the
  // threshold, by bisection on the step count (exact, whatever the stretch).
  const auto& m = seg.motion;
  if (m.steps == 0 || m.train.empty() || m.train.last_age_s / tau > 600.0) return false;
  if (seg.line.stored_ml * std::exp(m.train.last_age_s / tau) < s_th) return false;
  auto after_step = [&](std::int64_t k) {
    Plan q = p;
    q.max_steps = q.min_steps = k;
    const Segment s = evaluate(drive_.time_to_step_s(k), q, true);
    return s.line.stored_ml * std::exp(s.motion.train.last_age_s / tau);
  };
  std::int64_t lo = 0;
  std::int64_t hi = m.steps;
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (after_step(mid) >= s_th) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  p.max_steps = p.min_steps = hi;
  p.dt_s = std::min(p.dt_s, drive_.time_to_step_s(hi));
  p.to_event = false;
  p.crossing = true;
  seg = evaluate(p.dt_s, p, true);
  return true;
}

void StationWorld::start_detection() {
  crossing_s_ = t_s_;
  pending_alarm_s_ = t_s_ + config_.occlusion.detection_latency_s;
  if (config_.occlusion.detection_latency_s <= 0.0) fire_alarm();
}

// The pump stops itself; a syringe pump then retracts its plunger by the back-off volume (never
// more than the line stores: the stopper follows the nut only while pressure pushes it).
void StationWorld::fire_alarm() {
  pending_alarm_s_ = kInf;
  occlusion_alarm_ = true;
  alarm_s_ = t_s_;
  alarm_pressure_mmhg_ = line_.pressure_mmhg();
  backed_off_ml_ = 0.0;
  if (peristaltic()) {
    rotor_.stop();
    return;
  }
  drive_.stop();
  const double want = std::min(config_.occlusion.back_off_ml, std::max(0.0, line_.stored_ml()));
  backed_off_ml_ = drive_.back_off(want);
  line_.inject(-backed_off_ml_);
}

void StationWorld::clear_alarms() {
  occlusion_alarm_ = false;
  door_alarm_ = false;
}

void StationWorld::finish(const Plan& p, bool after_drop) {
  if (p.to_event) {
    if (peristaltic()) {
      rotor_.take(p.rotor);
    } else if (!after_drop) {
      line_.inject(drive_.take_event_step());
    }
  }
  if (p.bag_dry) rotor_.drain_reservoir(rotor_.reservoir_remaining_ml());  // whatever rounding left
  if (p.crossing) start_detection();
  if (p.to_alarm) fire_alarm();
}

void StationWorld::advance_seconds(double target_s) {
  while (t_s_ < target_s) {
    if (!outlet_.submerged() && outlet_.room_ml() <= 0.0) {
      outlet_.release_drop();  // due exactly now (e.g. a breakaway jump filled the tip)
      continue;
    }
    // Already over the threshold (a breakaway jump, a restart against a closed line, a lower
    // level): the detection starts now.
    if (detecting() && line_.stored_ml() >= threshold_ml()) start_detection();
    Plan p = plan(target_s - t_s_);
    Segment seg = evaluate(p.dt_s, p, true);
    cut_at_crossing(p, seg);
    const double dt_s = p.dt_s;

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
      // Landing on the end of the stretch (the drop falls as it ends) finishes it too.
      const bool at_end = hi >= dt_s;
      commit(evaluate(hi, p, at_end), hi);
      if (at_end) finish(p, true);
      if (outlet_.room_ml() <= 0.0) outlet_.release_drop();
      continue;
    }
    commit(seg, dt_s);
    if (!p.to_event && !p.to_alarm && !p.crossing && !p.bag_dry) {
      t_s_ = target_s;  // exactly, whatever rounding the sum did
    } else {
      finish(p, false);
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
  if (peristaltic() && door_open_) return;  // the door interlock refuses, the alarm stays
  clear_alarms();  // a restart acknowledges the alarm; against a closed line it comes back
  if (peristaltic()) {
    rotor_.start();
  } else {
    drive_.start();
  }
}

void StationWorld::stop(Nanos t) {
  advance_to(t);
  clear_alarms();
  pending_alarm_s_ = kInf;  // a stopped pump no longer detects
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
  return occlusion_alarm_ || (peristaltic() ? rotor_.stalled() : drive_.stalled());
}

bool StationWorld::occlusion_alarm(Nanos t) {
  advance_to(t);
  return occlusion_alarm_;
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
  clear_alarms();
  pending_alarm_s_ = kInf;
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
  if (!std::isfinite(r) || r < 0.0) return;
  open_resistance_ = r;
  apply_resistance();
}

void StationWorld::apply_resistance() {
  line_.set_resistance_mmhg_per_ml_h(open_resistance_ +
                                     (occluder_closed_ ? config_.occluder.leak_resistance_mmhg_per_ml_h() : 0.0));
}

void StationWorld::front_panel_set_occlusion_level(Nanos t, OcclusionLevel level) {
  advance_to(t);
  level_ = level;
}

void StationWorld::front_panel_open_door(Nanos t) {
  advance_to(t);
  if (!peristaltic() || door_open_) return;
  door_open_ = true;
  if (rotor_.program_running()) {
    rotor_.stop();
    door_alarm_ = true;
    pending_alarm_s_ = kInf;
  }
}

void StationWorld::front_panel_close_door(Nanos t) {
  advance_to(t);
  door_open_ = false;
}

bool StationWorld::free_flow_active() const {
  return peristaltic() && door_open_ && config_.free_flow.clamp_fails && !rotor_.reservoir_empty() &&
         config_.free_flow.head_height_mm > 0.0;
}

// Head pressure rho * g * h over the whole path. The bag's flow follows the outlet's resistance
// at once (the line's lag then applies downstream of it): the steady state is exact, the first
// tau of the transient is approximate. A closed occluder's leak resistance all but stops it.
double StationWorld::free_flow_rate_ml_s() const {
  const double head_mmhg = vessel_.density_g_ml() * kG * config_.free_flow.head_height_mm / kPaPerMmHg;
  const double r = config_.free_flow.resistance_mmhg_per_ml_h + line_.resistance_mmhg_per_ml_h();
  return r > 0.0 ? head_mmhg / r / 3600.0 : 0.0;
}

double StationWorld::free_flow_ml(Nanos t) {
  advance_to(t);
  return free_flow_ml_;
}

double StationWorld::free_flow_rate_ml_h(Nanos t) {
  advance_to(t);
  return free_flow_active() ? free_flow_rate_ml_s() * 3600.0 : 0.0;
}

// ---- rig I/O board ------------------------------------------------------------------------------

void StationWorld::set_occluder_closed(Nanos t, bool closed) {
  advance_to(t);
  occluder_closed_ = closed;
  apply_resistance();
}

bool StationWorld::occluder_closed(Nanos t) {
  advance_to(t);
  return occluder_closed_;
}

double StationWorld::transducer_pressure_mmhg(Nanos t, PressurePort port) {
  advance_to(t);
  if (port == PressurePort::upstream) return line_.pressure_mmhg();
  return open_resistance_ * line_.outflow_rate_ml_h();
}

double StationWorld::water_temperature_c(Nanos t) {
  advance_to(t);
  return config_.vessel.water_temperature_c;
}

bool StationWorld::pump_alarm_indicator(Nanos t) {
  advance_to(t);
  return occlusion_alarm_ || door_alarm_;
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
