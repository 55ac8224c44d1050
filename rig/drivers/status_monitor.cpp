#include "rig/drivers/status_monitor.hpp"

#include <algorithm>

namespace pumprig {

void PumpStatusMonitor::start(Nanos period, Poll poll, std::function<void(const PumpStatus&)> on_status,
                              std::function<void(const DeviceError&)> on_fault) {
  stop();
  running_ = true;
  busy_ = false;
  period_ = std::max(period, milliseconds(1));
  poll_ = std::move(poll);
  on_status_ = std::move(on_status);
  on_fault_ = std::move(on_fault);
  due_ = loop_.now();
  schedule(due_);
}

void PumpStatusMonitor::stop() {
  running_ = false;
  ++generation_;
  loop_.cancel(timer_);
  timer_ = 0;
}

void PumpStatusMonitor::schedule(Nanos at) {
  loop_.cancel(timer_);
  timer_ = loop_.schedule_at(at, [this] {
    timer_ = 0;
    on_due();
  });
}

void PumpStatusMonitor::on_due() {
  if (!running_) return;
  // Fixed rate; a poll still running when the next is due means that one is skipped.
  due_ += period_;
  if (due_ <= loop_.now()) due_ = loop_.now() + period_;
  schedule(due_);
  if (busy_) return;
  busy_ = true;
  const std::uint64_t generation = generation_;
  poll_([this, generation](Outcome<PumpStatus> s) {
    if (generation != generation_ || !running_) return;
    busy_ = false;
    if (s) {
      auto cb = on_status_;  // copies: the callback may stop monitoring or destroy the driver
      if (cb) cb(*s);
    } else {
      auto cb = on_fault_;
      if (cb) cb(s.error());
    }
  });
}

}  // namespace pumprig
