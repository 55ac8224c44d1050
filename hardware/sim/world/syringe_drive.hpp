#pragma once
// Lead-screw syringe pump mechanism: a stepper turns a screw, the nut pushes the plunger flange.
// Motor travel is quantised to (micro)steps, so the plunger moves as a staircase; the screw's
// thread error modulates speed once per revolution; the nut has slack before it touches the
// flange and the stopper stores some travel elastically until static friction breaks, so
// start-up is delayed by (slack + stiction) / linear speed: long at low rates and with large
// syringes, because linear speed = Q / area.
//
// Coordinates are mm along the infusing direction: drive_mm(n) is the nut after n motor steps,
// plunger_mm the plunger's displacement since loading (0 at start). The nut pushes the plunger
// when drive - plunger = slack (infusing contact) and pulls it at drive - plunger = 0
// (withdrawing contact); at loading the nut sits at the withdrawing contact, so the first start
// takes up the whole slack, as does every reversal.
//
// The drive only knows steps and time; the station world advances it in stretches between
// events, asking where the next non-plain step (breakaway, end of travel) is.
#include <cstdint>

#include "hardware/sim/world/step_train.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "hardware/sim/world_views.hpp"

namespace pumprig::sim {

class SyringeDrive {
 public:
  SyringeDrive(const SyringeConfig& syringe, const DriveConfig& drive);

  // Commands, applied at the current world time (the world has advanced to it).
  void set_programmed_diameter_mm(double mm);
  void set_rate_ml_h(double rate_ml_h);
  void set_direction(PumpDirection d);
  void start();
  void stop();
  void set_stalled(bool stalled);
  void power_cycle();

  double programmed_diameter_mm() const { return programmed_diameter_mm_; }
  double rate_ml_h() const { return rate_ml_h_; }
  PumpDirection direction() const { return direction_; }
  bool program_running() const { return running_; }
  bool stalled() const { return stalled_; }
  // The motor turns: started, not stalled, a rate to turn at, plunger not at the end.
  bool turning() const;

  double plunger_volume_ml() const { return plunger_mm_ * volume_per_mm_; }
  double plunger_mm() const { return plunger_mm_; }
  bool syringe_empty() const;
  // Mean real plunger volume per motor step (with the rate error, without ripple).
  double step_volume_ml() const { return volume_per_mm_ * mean_step_mm_; }
  std::int64_t motor_position() const { return motor_steps_; }
  double motor_infused_ml() const { return motor_infused_ml_; }
  double motor_withdrawn_ml() const { return motor_withdrawn_ml_; }

  // What the drive does over dt seconds from now, counting at least min_steps (a stretch that
  // must end exactly on a step whatever rounding the time did) and at most max_steps steps.
  struct Motion {
    std::int64_t steps = 0;
    double step_phase_after = 0.0;  // fraction of a step period elapsed since the last step
    double plunger_mm_after = 0.0;
    double motor_ml = 0.0;  // nominal (believed) volume, signed
    StepTrain train;        // plunger input; empty while the plunger is stuck
  };
  Motion preview(double dt_s, std::int64_t max_steps, std::int64_t min_steps = 0) const;
  void commit(const Motion& m);

  // Steps from now (>= 1) to the next step that is not plain: the breakaway while the plunger is
  // stuck, or the end of travel while it slides. 0 when the motor does not turn.
  std::int64_t steps_to_event() const;
  double time_to_step_s(std::int64_t j) const;
  // Executes that step: the plunger breaks away (jumps by the stored travel) or hits the end of
  // travel, which stops the pump. Returns the volume the plunger moved, ml (signed).
  double take_event_step();
  // Occlusion back-off with the motor stopped: the nut retracts by whole steps worth about `ml`
  // and the stopper, pushed by the line pressure, follows it (the plunger stays at the infusing
  // contact). Returns the volume the plunger moved back, ml (>= 0). The pump's volume counters
  // do not count it: it is a relief of the mechanism, not a withdrawal.
  double back_off(double ml);

 private:
  int sign() const { return direction_ == PumpDirection::infuse ? 1 : -1; }
  double drive_mm(std::int64_t n) const;
  double contact_offset_mm(int sigma) const { return sigma > 0 ? slack_mm_ : 0.0; }
  double travel_limit_mm(int sigma) const { return sigma > 0 ? max_plunger_mm_ : min_plunger_mm_; }
  double step_rate_hz() const;
  bool at_limit(int sigma) const;
  std::int64_t first_step_reaching(double threshold, bool strict) const;

  // geometry
  double volume_per_mm_;  // ml per mm, real syringe
  double step_mm_;        // nominal nut travel per step
  double mean_step_mm_;   // real: with the rate error
  double ripple_mm_;      // amplitude of the nut's position error over a revolution
  double omega_;          // screw phase per step
  std::int64_t steps_per_rev_;
  double slack_mm_;
  double stiction_mm_;
  double max_plunger_mm_;  // syringe empty
  double min_plunger_mm_;  // syringe full

  // program and state
  double programmed_diameter_mm_;
  double programmed_step_ml_;  // what the pump believes one step delivers
  double rate_ml_h_ = 0.0;
  PumpDirection direction_ = PumpDirection::infuse;
  bool running_ = false;
  bool stalled_ = false;
  bool sliding_ = false;  // plunger moving with the nut (static friction broken)
  std::int64_t motor_steps_ = 0;
  double step_phase_ = 0.0;
  double plunger_mm_ = 0.0;
  // steps_to_event() as an absolute motor step: the threshold it bisects for depends only on the
  // direction, the stuck/sliding state and (when stuck) the plunger position, none of which the
  // ordinary steps before the event change, so the bisection (dozens of sin() calls) runs once
  // per state instead of on every call of the world (the rig I/O board reads it at 50 Hz).
  struct EventStepCache {
    int sigma = 0;
    bool sliding = false;
    double plunger_mm = 0.0;
    std::int64_t motor_step = 0;
    bool valid = false;
  };
  mutable EventStepCache event_step_;
  double motor_infused_ml_ = 0.0;
  double motor_withdrawn_ml_ = 0.0;
};

}  // namespace pumprig::sim
