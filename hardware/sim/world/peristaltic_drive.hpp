#pragma once
// The rotor of a volumetric (peristaltic) infusion pump and its program: the set rate, running
// or not, and the bag it draws from. The rotor turns at the speed that makes the nominal stroke
// volume add up to the set rate (one roller pass = nominal stroke / rate); a new speed is
// reached by a linear ramp over ramp_s, a stop (or a rate of 0, a stall, the bag running dry)
// is immediate: the rollers keep the segment occluded, so no fluid moves while the rotor stands.
//
// The rotor phase is kept as whole revolutions plus a fraction, and the pumped volume is a
// function of it (RotorProfile), so it does not accumulate error over hours. The station world
// advances the drive in stretches between breakpoints: the end of a ramp, the bag running dry,
// and (when drops need exact timing) the profile's segment boundaries.
#include <cstdint>
#include <limits>

#include "hardware/sim/world/flow_train.hpp"
#include "hardware/sim/world/rotor_profile.hpp"
#include "hardware/sim/world/world_config.hpp"

namespace pumprig::sim {

class PeristalticDrive {
 public:
  explicit PeristalticDrive(const PeristalticConfig& config);

  // Front-panel commands, applied at the current world time.
  void set_rate_ml_h(double rate_ml_h);  // while running the rotor ramps to the new speed
  void start();                          // refused when the bag is empty
  void stop();
  void set_stalled(bool stalled);  // the rotor cannot turn (fault injection)
  void power_cycle();              // forgets the program and the volume counter

  double rate_ml_h() const { return rate_ml_h_; }
  bool program_running() const { return running_; }
  bool stalled() const { return stalled_; }
  bool reservoir_empty() const { return empty_; }
  // Running as the pump's display shows it: started, not stalled, a rate, the bag not empty.
  bool turning() const;

  int rollers() const { return rollers_; }
  double nominal_stroke_ml() const { return nominal_stroke_ml_; }
  double stroke_volume_ml() const { return profile_.revolution_ml() / rollers_; }  // real, mean
  // Seconds per roller pass at rate_ml_h: nominal stroke / rate.
  double pass_period_s(double rate_ml_h) const { return nominal_stroke_ml_ / rate_ml_h * 3600.0; }
  double rotor_speed_rev_s() const { return omega_; }
  double rotor_phase_rev() const { return static_cast<double>(rev_) + frac_; }
  // Instantaneous flow into the line, ml/h (negative during a backflow).
  double flow_ml_h() const;
  // Net real volume moved into the line since loading, and what is left in the bag, ml.
  double pumped_ml() const { return static_cast<double>(rev_) * profile_.revolution_ml() + profile_.volume_at(frac_); }
  double reservoir_remaining_ml() const { return reservoir_ml_ - pumped_ml(); }
  // Nominal volume the rotor has turned for: what the pump's display calls "volume infused".
  double motor_infused_ml() const { return motor_ml_; }
  const RotorProfile& profile() const { return profile_; }

  struct Motion {
    std::int64_t rev_after = 0;
    double frac_after = 0.0;
    double omega_after = 0.0;
    double motor_ml = 0.0;
    FlowTrain flow;
  };
  enum class BreakKind { none, ramp_end, reservoir_empty, boundary };
  struct Breakpoint {
    double dt_s = std::numeric_limits<double>::infinity();
    BreakKind kind = BreakKind::none;
    std::int64_t rev = 0;  // rotor phase there (ramp_end: not used)
    double frac = 0.0;
  };
  // The next instant the rotor's motion changes character (end of a ramp, the bag running dry),
  // or, with segment_boundaries, the next profile boundary when that comes first.
  Breakpoint next_breakpoint(bool segment_boundaries) const;
  // What the rotor does over dt seconds from now (dt not past the next breakpoint).
  Motion preview(double dt_s) const;
  // The same up to a breakpoint, ending exactly on it.
  Motion preview_to(const Breakpoint& b) const;
  void commit(const Motion& m);
  // Executes a breakpoint reached by preview_to + commit.
  void take(const Breakpoint& b);

  // Fluid that left the bag other than through the rotor (free flow with the door open): the bag
  // holds that much less; when it is gone the bag is empty (air-in-line: the pump will not start).
  void drain_reservoir(double ml);
  // Upper bound of the flow into the line over the coming stretch (the fastest delivery level at
  // the highest speed it reaches), ml/s.
  double max_flow_ml_s() const;

 private:
  double target_speed() const;  // rev/s the program asks for now
  void retarget();
  // Seconds from now until the rotor has turned `delta` revolutions more (inf: not in this regime).
  double time_for(double delta) const;
  double ramp_remaining_s() const;
  Breakpoint dry_point() const;

  RotorProfile profile_;
  int rollers_;
  double nominal_stroke_ml_;
  double nominal_rev_ml_;
  double ramp_s_;
  double reservoir_ml_;

  double rate_ml_h_ = 0.0;
  bool running_ = false;
  bool stalled_ = false;
  bool empty_ = false;
  std::int64_t rev_ = 0;
  double frac_ = 0.0;
  double omega_ = 0.0;   // rev/s now
  double alpha_ = 0.0;   // rev/s^2 while ramping, else 0
  double target_ = 0.0;  // rev/s the ramp ends at
  double motor_ml_ = 0.0;
};

}  // namespace pumprig::sim
