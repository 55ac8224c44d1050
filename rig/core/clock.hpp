#pragma once
// The run's one clock. VirtualClock jumps to the next timer when nothing is ready, so simulated
// runs are deterministic and as fast as the CPU allows; SteadyClock follows real time, scaled by
// a speed factor for demos (--speed N).
#include <chrono>

#include "rig/core/time.hpp"

namespace pumprig {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Nanos now() const = 0;
  virtual bool is_virtual() const = 0;
  // How long the loop may block in poll() (real milliseconds, -1 = forever) before `deadline`
  // (clock time) is reached. A virtual clock never blocks.
  virtual int poll_timeout_ms(Nanos deadline) const = 0;
  // Called by the loop when nothing is ready: a virtual clock jumps to `deadline`.
  virtual void advance_to(Nanos deadline) = 0;
  // A paced simulated run may change its pace while it runs (the dashboard's speed control);
  // real time and the unpaced virtual clock cannot. False when refused.
  virtual bool set_speed(double) { return false; }
  virtual double speed() const { return 1.0; }
};

class VirtualClock final : public Clock {
 public:
  Nanos now() const override { return now_; }
  bool is_virtual() const override { return true; }
  int poll_timeout_ms(Nanos) const override { return 0; }
  void advance_to(Nanos deadline) override {
    if (deadline > now_) now_ = deadline;
  }

 private:
  Nanos now_ = 0;
};

// Virtual time paced against real time: like VirtualClock it jumps from event to event (so a
// simulated run is the same run at any speed), but before each jump it lets real time catch up
// with the event, scaled by `speed`. For demos of simulated benches; in-process links only.
class PacedClock final : public Clock {
 public:
  explicit PacedClock(double speed = 1.0);
  Nanos now() const override { return now_; }
  bool is_virtual() const override { return true; }
  int poll_timeout_ms(Nanos deadline) const override;
  void advance_to(Nanos deadline) override {
    if (deadline > now_) now_ = deadline;
  }
  // From now on real time runs `speed` times slower than this clock; the clock does not jump.
  bool set_speed(double speed) override;
  double speed() const override { return speed_; }

 private:
  double speed_;
  std::chrono::steady_clock::time_point start_;
  Nanos now_ = 0;
};

class SteadyClock final : public Clock {
 public:
  explicit SteadyClock(double speed = 1.0);
  Nanos now() const override;
  bool is_virtual() const override { return false; }
  int poll_timeout_ms(Nanos deadline) const override;
  void advance_to(Nanos) override {}
  double speed() const override { return speed_; }

 private:
  double speed_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace pumprig
