#pragma once
// A single-threaded reactor: timers plus file-descriptor readiness (poll), over one Clock.
// Determinism rules: timers due at the same instant fire in the order they were scheduled; with
// a virtual clock the loop never waits, it jumps to the next timer, and no file descriptor may be
// watched (every link must be in-process). No sleeps: everything waits through this loop.
// The loop is single-threaded; the one exception is post(), which any thread may call to hand
// the loop a task (a command from the control channel, an operator answer from a GUI thread).
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "rig/core/clock.hpp"

namespace pumprig {

using TimerId = std::uint64_t;
using WatchId = std::uint64_t;

class EventLoop {
 public:
  explicit EventLoop(std::unique_ptr<Clock> clock);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Nanos now() const { return clock_->now(); }
  const Clock& clock() const { return *clock_; }
  bool is_virtual() const { return clock_->is_virtual(); }
  // Loop thread only (post() it from elsewhere): see Clock::set_speed.
  bool set_speed(double speed) { return clock_->set_speed(speed); }

  TimerId schedule_at(Nanos when, std::function<void()> fn);
  TimerId schedule_after(Nanos delay, std::function<void()> fn) { return schedule_at(now() + delay, std::move(fn)); }
  // Cancelling an unknown or already fired timer is harmless, so owners can cancel in destructors.
  void cancel(TimerId id);

  // Calls `fn(revents)` whenever poll() reports `events` (POLLIN, POLLOUT...) on `fd`.
  // Throws std::logic_error on a virtual clock: real file descriptors do not live in virtual time.
  WatchId watch_fd(int fd, short events, std::function<void(short revents)> fn);
  void unwatch(WatchId id);

  // Thread-safe: runs `fn` on the loop's thread at its next turn, before any timer that is due
  // then, in the order posted. A loop waiting in poll() (real or paced time) is woken through an
  // eventfd; a virtual clock looks at the queue every turn. Tasks posted after run() returned run
  // at the next run().
  void post(std::function<void()> fn);

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
  bool run_posted();
  bool fire_due_timers(Nanos limit);
  // Returns true when a post() woke the wait (the caller then must not let the clock jump).
  bool poll_fds(int timeout_ms);

  std::unique_ptr<Clock> clock_;
  std::map<TimerKey, std::function<void()>> timers_;
  std::map<TimerId, TimerKey> timer_index_;
  std::map<WatchId, Watch> watches_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t fired_ = 0;
  bool stopped_ = false;

  int wake_fd_ = -1;  // eventfd written by post()
  std::mutex posted_mutex_;
  std::deque<std::function<void()>> posted_;
  // Checked every turn without the lock: a simulated run turns the loop millions of times.
  std::atomic<bool> has_posted_{false};
};

}  // namespace pumprig
