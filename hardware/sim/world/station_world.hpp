#pragma once
// The simulated physical world of one rig station: pump mechanism -> line (compliance and
// resistance) -> outlet (drops or submerged) -> vessel on the balance. Simulated instruments are
// views onto it (BalancePhysics for the balance simulator, PumpMechanism for the pump simulator).
// The mechanism is a lead-screw syringe drive or a peristaltic (volumetric) rotor, chosen by
// WorldConfig::mechanism.
//
// Physics is computed per event, never on a fixed step: every call advances the world from the
// last event to its time in closed form. Between commands the motor runs at constant speed, so
// the plunger input is a uniform staircase (syringe) or a periodic pulsatile flow (peristaltic);
// the line and the balance's settling are linear, so their response to any number of steps or
// rotor revolutions is a geometric sum. The only internal breakpoints are the few instants where
// something changes character (plunger breakaway, end of travel, the end of a rotor ramp, the
// bag running dry, a drop falling), so a call costs O(1) amortised however long the interval.
//
// The occluder, the pump's occlusion detection and the volumetric pump's door sit on the same
// line model: closing the occluder puts its leak resistance in series with the line, so the
// pumped volume is stored (pressure = stored / C) until the pressure reaches the pump's threshold;
// that crossing is found inside the stretch (bisection on the plunger's steps, or on time within
// one rotor profile segment where the stored volume is monotonic), so the alarm time does not
// depend on how often anyone looks. The alarm itself is a breakpoint, detection latency later.
//
// Times must be non-decreasing; an earlier time is treated as the latest one seen. The balance
// noise is the only randomness: one normal deviate per read_balance, from the station's Random,
// so the same seed and the same call sequence give bit-identical readings.
#include <cstdint>

#include "hardware/sim/random.hpp"
#include "hardware/sim/world/balance_model.hpp"
#include "hardware/sim/world/line_model.hpp"
#include "hardware/sim/world/outlet.hpp"
#include "hardware/sim/world/peristaltic_drive.hpp"
#include "hardware/sim/world/syringe_drive.hpp"
#include "hardware/sim/world/vessel.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "hardware/sim/world_views.hpp"

namespace pumprig::sim {

class StationWorld final : public BalancePhysics, public PumpMechanism, public RigIoPhysics {
 public:
  // Throws std::invalid_argument when the config cannot describe a real set-up.
  StationWorld(WorldConfig config, std::uint64_t seed);

  // BalancePhysics
  BalanceView read_balance(Nanos t) override;
  double capacity_g() const override { return balance_.capacity_g(); }

  // PumpMechanism: the face a wire-protocol simulator (NE-1000) drives. The diameter is the
  // pump's programmed one: the motor speed follows it, while the volume actually moved follows
  // the physical syringe in the config. In a peristaltic world the same calls drive the rotor
  // (diameter and withdrawing are ignored); SimulatedBench never puts a wire protocol on a
  // volumetric pump, whose only control is the front panel below.
  void set_syringe_diameter_mm(Nanos t, double mm) override;
  double syringe_diameter_mm() const override { return drive_.programmed_diameter_mm(); }
  void set_rate_ml_h(Nanos t, double rate_ml_h) override;
  void set_direction(Nanos t, PumpDirection d) override;
  void start(Nanos t) override;
  void stop(Nanos t) override;
  bool motor_running(Nanos t) override;
  bool stalled(Nanos t) override;
  // Net nominal volume (infused minus withdrawn) the motor has turned for, without rate error,
  // slack or stiction: what the pump itself reports. Reset by power_cycle.
  double motor_volume_ml(Nanos t) override;
  void power_cycle(Nanos t) override;
  bool occlusion_alarm(Nanos t) override;

  // RigIoPhysics: the rig I/O board's view. Upstream is the line pressure (stored / C, the
  // transducer between pump and occluder sees the syringe's pressure); downstream is the pressure
  // after the occluder: open, the valve drops nothing and the line's resistance (cannula, filter)
  // lies after it, so it equals upstream; closed, only the leak flows: R_line * leak flow, ~0.
  void set_occluder_closed(Nanos t, bool closed) override;
  bool occluder_closed(Nanos t) override;
  double transducer_pressure_mmhg(Nanos t, PressurePort port) override;
  double water_temperature_c(Nanos t) override;
  // The occlusion alarm or the door-open alarm; cleared by stop() (NE-1000 STP, front-panel
  // stop), start() or power_cycle().
  bool pump_alarm_indicator(Nanos t) override;

  // The pump's front panel, for the (simulated) operator only: clinical volumetric pumps take no
  // remote control. Works on either mechanism (a manual syringe pump has buttons too).
  void front_panel_set_rate(Nanos t, double rate_ml_h);
  void front_panel_start(Nanos t);
  void front_panel_stop(Nanos t);
  bool front_panel_running(Nanos t) { return motor_running(t); }  // what the display shows
  // True when this is a volumetric pump and it runs.
  bool volumetric_running(Nanos t) { return peristaltic() && motor_running(t); }
  // The occlusion alarm level (threshold) the operator selects; takes effect at t.
  void front_panel_set_occlusion_level(Nanos t, OcclusionLevel level);
  OcclusionLevel occlusion_level() const { return level_; }
  double occlusion_threshold_mmhg() const { return config_.occlusion.threshold_mmhg(level_); }
  // Volumetric pumps: opening the door stops the pump (door alarm if it was running) and, when
  // the clamp fails, lets the bag drain by gravity; a pump with its door open will not start.
  // No effect on a syringe pump.
  void front_panel_open_door(Nanos t);
  void front_panel_close_door(Nanos t);
  bool door_open() const { return door_open_; }

  // Occlusion truth for tests and reports, as far as the world has advanced (these do not
  // advance it): world times in seconds, NaN before the first alarm.
  double occlusion_crossing_s() const { return crossing_s_; }  // the pressure reached the threshold
  double occlusion_alarm_s() const { return alarm_s_; }        // the pump alarmed and stopped
  double occlusion_alarm_pressure_mmhg() const { return alarm_pressure_mmhg_; }
  double backed_off_ml() const { return backed_off_ml_; }      // at the latest alarm
  // Free flow: volume that has left the bag by gravity, and its flow now.
  double free_flow_ml(Nanos t);
  double free_flow_rate_ml_h(Nanos t);

  // More of the pump's view.
  double motor_infused_ml(Nanos t);
  double motor_withdrawn_ml(Nanos t);
  double rate_ml_h() const { return peristaltic() ? rotor_.rate_ml_h() : drive_.rate_ml_h(); }
  PumpDirection direction() const { return peristaltic() ? PumpDirection::infuse : drive_.direction(); }
  MechanismKind mechanism() const { return config_.mechanism; }
  bool peristaltic() const { return config_.mechanism == MechanismKind::peristaltic; }

  // Fault injection: the motor cannot turn (occlusion, jammed screw) until cleared; a program
  // still running resumes when cleared.
  void set_stalled(Nanos t, bool stalled);
  // Kinked line and the like: the line's resistance from t on (mmHg per ml/h), occluder open; a
  // closed occluder adds its leak resistance on top.
  void set_line_resistance_mmhg_per_ml_h(Nanos t, double r);

  // Operator at the pan: place_load adds a mass (a check weight; negative lifts the pan),
  // remove_load takes everything placed off again.
  void place_load(Nanos t, double mass_g);
  void remove_load(Nanos t);
  double extra_load_g() const { return vessel_.extra_load_g(); }

  // The truth, without balance effects and without drawing noise.
  void advance_to(Nanos t);
  double true_vessel_mass_g(Nanos t);  // vessel + fluid received - evaporated + placed load
  double delivered_ml(Nanos t);        // fluid that has reached the vessel
  double plunger_volume_ml(Nanos t);   // volume the plunger has displaced since loading (syringe)
  double pumped_ml(Nanos t);           // volume the mechanism has moved into the line (either kind)
  double line_stored_ml(Nanos t);      // volume stored in line and syringe compliance
  double line_pressure_mmhg(Nanos t);  // pressure driving the outflow
  double line_outflow_ml(Nanos t);     // cumulative out of the line tip (incl. a hanging drop)
  double outflow_rate_ml_h(Nanos t);   // instantaneous flow out of the line tip
  double evaporated_g(Nanos t);
  double settled_balance_g(Nanos t);  // the balance's settled value before drift and noise
  bool syringe_empty(Nanos t);
  long drops_fallen(Nanos t);
  double step_volume_ml() const { return drive_.step_volume_ml(); }  // real, mean
  // Peristaltic only.
  bool reservoir_empty(Nanos t);
  double reservoir_remaining_ml(Nanos t);
  double rotor_flow_ml_h(Nanos t);      // instantaneous flow from the rotor into the line
  double rotor_phase_rev(Nanos t);      // revolutions turned since loading
  double stroke_volume_ml() const { return rotor_.stroke_volume_ml(); }  // real, mean per roller pass
  const PeristalticDrive& rotor() const { return rotor_; }
  double now_s() const { return t_s_; }
  const WorldConfig& config() const { return config_; }

 private:
  struct Segment {
    SyringeDrive::Motion motion;
    PeristalticDrive::Motion rotor;
    ConstantFlow gravity;  // free flow from the bag (the rotor stands then)
    LineModel::State line;
    double settled_g = 0.0;
  };
  // The next stretch: how long, and the breakpoint (if any) that ends it.
  struct Plan {
    double dt_s = 0.0;
    bool to_event = false;
    std::int64_t max_steps = 0;           // syringe: steps the stretch may count
    std::int64_t min_steps = 0;           // syringe: steps it must count when evaluated to its end
    PeristalticDrive::Breakpoint rotor;  // peristaltic: the breakpoint it ends on
    bool to_alarm = false;               // ends on the pending occlusion alarm
    bool crossing = false;               // ends where the pressure reaches the threshold
    bool bag_dry = false;                // free flow: ends when the bag runs dry
  };
  void advance_seconds(double target_s);
  Plan plan(double available_s) const;
  // `snap`: the stretch ends on the plan's rotor breakpoint (exactly on its phase).
  Segment evaluate(double dt_s, const Plan& plan, bool snap) const;
  template <class Input>
  void respond(Segment& s, double dt_s, const Input& input) const;
  void commit(const Segment& s, double dt_s);
  // The stretch cut where the pressure first reaches the threshold, or false when it does not.
  bool cut_at_crossing(Plan& p, Segment& seg) const;
  void finish(const Plan& p, bool after_drop);
  bool pump_turning() const { return peristaltic() ? rotor_.turning() : drive_.turning(); }
  bool detecting() const;
  bool near_threshold() const;  // peristaltic: the stored volume may reach the threshold soon
  double threshold_ml() const { return occlusion_threshold_mmhg() * line_.compliance_ml_per_mmhg(); }
  void start_detection();
  void fire_alarm();
  void clear_alarms();
  void apply_resistance();
  bool free_flow_active() const;
  double free_flow_rate_ml_s() const;
  double fluid_in_vessel_ml() const { return outlet_.in_vessel_ml(line_.outflow_ml()); }
  double load_now_g() const { return vessel_.mass_g(t_s_, fluid_in_vessel_ml()); }
  double settled_rate_g_s() const;

  WorldConfig config_;
  Random rng_;
  SyringeDrive drive_;
  PeristalticDrive rotor_;
  LineModel line_;
  Outlet outlet_;
  Vessel vessel_;
  BalanceModel balance_;
  double settled_g_;   // state of the balance's settling lag
  // occluder, occlusion detection, door
  double open_resistance_;  // the line's resistance with the occluder open
  bool occluder_closed_ = false;
  OcclusionLevel level_;
  double pending_alarm_s_;  // detection running: the alarm is due then (inf: none)
  bool occlusion_alarm_ = false;
  double crossing_s_;
  double alarm_s_;
  double alarm_pressure_mmhg_;
  double backed_off_ml_ = 0.0;
  bool door_open_ = false;
  bool door_alarm_ = false;
  double free_flow_ml_ = 0.0;
  double t_s_ = 0.0;   // world time; may sit between nanoseconds at internal breakpoints
  Nanos last_ns_ = 0;  // latest time a caller gave
};

}  // namespace pumprig::sim
