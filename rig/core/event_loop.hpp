#pragma once
// A single-threaded reactor: timers plus file-descriptor readiness (poll), over one Clock.
// Determinism rules: timers due at the same instant fire in the order they were scheduled; with
// a virtual clock the loop never waits, it jumps to the next timer, and no file descriptor may be
// watched (every link must be in-process). No sleeps: everything waits through this loop.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "rig/core/clock.hpp"

namespace pumprig {

using TimerId = std::uint64_t;
using WatchId = std::uint64_t;

class EventLoop {
 public:
  explicit EventLoop(std::unique_ptr<Clock> clock);
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Nanos now() const { return clock_->now(); }
  const Clock& clock() const { return *clock_; }
  bool is_virtual() const { return clock_->is_virtual(); }

  TimerId schedule_at(Nanos when, std::function<void()> fn);
  TimerId schedule_after(Nanos delay, std::function<void()> fn) { return schedule_at(now() + delay, std::move(fn)); }
  // Cancelling an unknown or already fired timer is harmless, so owners can cancel in destructors.
  void cancel(TimerId id);

  // Calls `fn(revents)` whenever poll() reports `events` (POLLIN, POLLOUT...) on `fd`.
  // Throws std::logic_error on a virtual clock: real file descriptors do not live in virtual time.
  WatchId watch_fd(int fd, short events, std::function<void(short revents)> fn);
  void unwatch(WatchId id);

  // Runs until stop() is called or nothing is left to wait for (no timers, no watched fds).
  void run();
  // Runs until the clock reaches `until` (timers due at `until` fire), stop(), or nothing is left.
  void run_until(Nanos until);
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  std::size_t pending_timers() const { return timers_.size(); }
  std::uint64_t timers_fired() const { return fired_; }

 private:
  struct TimerKey {
    Nanos when;
    std::uint64_t seq;
    bool operator<(const TimerKey& o) const { return when != o.when ? when < o.when : seq < o.seq; }
  };
  struct Watch {
    int fd;
    short events;
    std::function<void(short)> fn;
  };

  bool step(Nanos limit);
  bool fire_due_timers(Nanos limit);
  void poll_fds(int timeout_ms);

  std::unique_ptr<Clock> clock_;
  std::map<TimerKey, std::function<void()>> timers_;
  std::map<TimerId, TimerKey> timer_index_;
  std::map<WatchId, Watch> watches_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t fired_ = 0;
  bool stopped_ = false;
};

}  // namespace pumprig
