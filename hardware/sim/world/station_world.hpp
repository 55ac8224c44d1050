#pragma once
// The simulated physical world of one rig station: syringe pump mechanism -> line (compliance and
// resistance) -> outlet (drops or submerged) -> vessel on the balance. Simulated instruments are
// views onto it (BalancePhysics for the balance simulator, PumpMechanism for the pump simulator).
//
// Physics is computed per event, never on a fixed step: every call advances the world from the
// last event to its time in closed form. Between commands the motor runs at constant speed, so
// the plunger input is a uniform staircase; the line and the balance's settling are linear, so
// their response to any number of steps is a geometric sum. The only internal breakpoints are
// the few instants where something changes character (plunger breakaway, end of travel, a drop
// falling), so a call costs O(1) amortised however long the interval.
//
// Times must be non-decreasing; an earlier time is treated as the latest one seen. The balance
// noise is the only randomness: one normal deviate per read_balance, from the station's Random,
// so the same seed and the same call sequence give bit-identical readings.
#include <cstdint>

#include "hardware/sim/random.hpp"
#include "hardware/sim/world/balance_model.hpp"
#include "hardware/sim/world/line_model.hpp"
#include "hardware/sim/world/outlet.hpp"
#include "hardware/sim/world/syringe_drive.hpp"
#include "hardware/sim/world/vessel.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "hardware/sim/world_views.hpp"

namespace pumprig::sim {

class StationWorld final : public BalancePhysics, public PumpMechanism {
 public:
  // Throws std::invalid_argument when the config cannot describe a real set-up.
  StationWorld(WorldConfig config, std::uint64_t seed);

  // BalancePhysics
  BalanceView read_balance(Nanos t) override;
  double capacity_g() const override { return balance_.capacity_g(); }

  // PumpMechanism. The diameter is the pump's programmed one: the motor speed follows it, while
  // the volume actually moved follows the physical syringe in the config.
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

  // More of the pump's view.
  double motor_infused_ml(Nanos t);
  double motor_withdrawn_ml(Nanos t);
  double rate_ml_h() const { return drive_.rate_ml_h(); }
  PumpDirection direction() const { return drive_.direction(); }

  // Fault injection: the motor cannot turn (occlusion, jammed screw) until cleared; a program
  // still running resumes when cleared.
  void set_stalled(Nanos t, bool stalled);
  // Occluder / kinked line: line resistance from t on (mmHg per ml/h).
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
  double plunger_volume_ml(Nanos t);   // volume the plunger has displaced since loading
  double line_stored_ml(Nanos t);      // volume stored in line and syringe compliance
  double line_pressure_mmhg(Nanos t);  // pressure driving the outflow
  double line_outflow_ml(Nanos t);     // cumulative out of the line tip (incl. a hanging drop)
  double outflow_rate_ml_h(Nanos t);   // instantaneous flow out of the line tip
  double evaporated_g(Nanos t);
  double settled_balance_g(Nanos t);  // the balance's settled value before drift and noise
  bool syringe_empty(Nanos t);
  long drops_fallen(Nanos t);
  double step_volume_ml() const { return drive_.step_volume_ml(); }  // real, mean
  double now_s() const { return t_s_; }
  const WorldConfig& config() const { return config_; }

 private:
  struct Segment {
    SyringeDrive::Motion motion;
    LineModel::State line;
    double settled_g = 0.0;
  };
  void advance_seconds(double target_s);
  Segment evaluate(double dt_s, std::int64_t max_steps) const;
  void commit(const Segment& s, double dt_s);
  double fluid_in_vessel_ml() const { return outlet_.in_vessel_ml(line_.outflow_ml()); }
  double load_now_g() const { return vessel_.mass_g(t_s_, fluid_in_vessel_ml()); }
  double settled_rate_g_s() const;

  WorldConfig config_;
  Random rng_;
  SyringeDrive drive_;
  LineModel line_;
  Outlet outlet_;
  Vessel vessel_;
  BalanceModel balance_;
  double settled_g_;   // state of the balance's settling lag
  double t_s_ = 0.0;   // world time; may sit between nanoseconds at internal breakpoints
  Nanos last_ns_ = 0;  // latest time a caller gave
};

}  // namespace pumprig::sim
