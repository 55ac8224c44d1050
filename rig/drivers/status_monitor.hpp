#pragma once
// A pump driver's monitoring loop, one piece for every pump driver: polls the pump's status at a
// fixed rate and hands each result to whoever started it. A poll still running when the next is
// due means that one is skipped; the results of polls from an earlier start() are dropped.
#include <cstdint>
#include <functional>

#include "rig/core/event_loop.hpp"
#include "rig/devices/pump.hpp"

namespace pumprig {

class PumpStatusMonitor {
 public:
  // One status poll of the driver (its status()).
  using Poll = std::function<void(Pump::Callback<PumpStatus>)>;

  explicit PumpStatusMonitor(EventLoop& loop) : loop_(loop) {}
  ~PumpStatusMonitor() { stop(); }
  PumpStatusMonitor(const PumpStatusMonitor&) = delete;
  PumpStatusMonitor& operator=(const PumpStatusMonitor&) = delete;

  // The first poll goes out at once. `on_status` and `on_fault` may stop the monitor or destroy
  // its driver.
  void start(Nanos period, Poll poll, std::function<void(const PumpStatus&)> on_status,
             std::function<void(const DeviceError&)> on_fault);
  // A driver being destroyed stops it first, so that the polls it cancels report to nobody.
  void stop();
  bool running() const { return running_; }

 private:
  void schedule(Nanos at);
  void on_due();

  EventLoop& loop_;
  bool running_ = false;
  bool busy_ = false;
  std::uint64_t generation_ = 0;
  Nanos period_ = 0;
  Nanos due_ = 0;
  TimerId timer_ = 0;
  Poll poll_;
  std::function<void(const PumpStatus&)> on_status_;
  std::function<void(const DeviceError&)> on_fault_;
};

}  // namespace pumprig
