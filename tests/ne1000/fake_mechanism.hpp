#pragma once
// A minimal PumpMechanism for the NE-1000 tests: an ideal lead screw (volume = rate x time while
// running) with a stall that can be scheduled. The real station physics lives in hardware/sim/world/.
#include <algorithm>
#include <optional>

#include "hardware/sim/world_views.hpp"

namespace pumprig::test {

class FakeMechanism final : public sim::PumpMechanism {
 public:
  void set_syringe_diameter_mm(Nanos t, double mm) override {
    advance(t);
    diameter_mm = mm;
  }
  double syringe_diameter_mm() const override { return diameter_mm; }
  void set_rate_ml_h(Nanos t, double r) override {
    advance(t);
    rate_ml_h = r;
  }
  void set_direction(Nanos t, sim::PumpDirection d) override {
    advance(t);
    direction = d;
  }
  void start(Nanos t) override {
    advance(t);
    if (!stalled_now) running = true;
    started_at = t;
    ++starts;
  }
  void stop(Nanos t) override {
    advance(t);
    running = false;
    ++stops;
  }
  bool motor_running(Nanos t) override {
    advance(t);
    return running;
  }
  bool stalled(Nanos t) override {
    advance(t);
    return stalled_now;
  }
  double motor_volume_ml(Nanos t) override {
    advance(t);
    return volume_ml;
  }
  void power_cycle(Nanos t) override {
    advance(t);
    running = false;
    rate_ml_h = 0.0;
    ++power_cycles;
  }

  // The plunger meets a force limit at `t`: the motor stops and stays stalled until cleared.
  void stall_at(Nanos t) { stall_time = t; }
  void clear_stall() {
    stalled_now = false;
    stall_time.reset();
  }

  double diameter_mm = 0.0;
  double rate_ml_h = 0.0;
  sim::PumpDirection direction = sim::PumpDirection::infuse;
  bool running = false;
  bool stalled_now = false;
  double volume_ml = 0.0;
  int starts = 0;
  Nanos started_at = -1;
  int stops = 0;
  int power_cycles = 0;
  std::optional<Nanos> stall_time;

 private:
  void advance(Nanos t) {
    if (t < last_) t = last_;
    Nanos until = t;
    const bool stall_now = stall_time && *stall_time <= t && !stalled_now;
    if (stall_now) until = std::max(*stall_time, last_);
    if (running) volume_ml += rate_ml_h * to_seconds(until - last_) / 3600.0;
    if (stall_now) {
      stalled_now = true;
      running = false;
    }
    last_ = t;
  }
  Nanos last_ = 0;
};

}  // namespace pumprig::test
