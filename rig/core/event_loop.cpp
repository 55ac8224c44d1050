#include "rig/core/event_loop.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace pumprig {

namespace {
constexpr Nanos kForever = std::numeric_limits<Nanos>::max();
}

EventLoop::EventLoop(std::unique_ptr<Clock> clock) : clock_(std::move(clock)) {
  if (!clock_) throw std::invalid_argument("EventLoop needs a clock");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error(std::string("eventfd failed: ") + std::strerror(errno));
}

EventLoop::~EventLoop() { ::close(wake_fd_); }

void EventLoop::post(std::function<void()> fn) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(fn));
    has_posted_.store(true, std::memory_order_release);
  }
  const std::uint64_t one = 1;
  // EAGAIN means the counter is already non-zero: the loop is awake or will be.
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

// Runs every task posted so far (not those the tasks post themselves: they wait a turn).
bool EventLoop::run_posted() {
  if (!has_posted_.load(std::memory_order_acquire)) return false;
  std::deque<std::function<void()>> tasks;
  {
    std::lock_guard lock(posted_mutex_);
    tasks.swap(posted_);
    has_posted_.store(false, std::memory_order_relaxed);
  }
  for (auto& task : tasks) task();
  return true;
}

TimerId EventLoop::schedule_at(Nanos when, std::function<void()> fn) {
  const TimerKey key{when, next_seq_++};
  timers_.emplace(key, std::move(fn));
  timer_index_.emplace(key.seq, key);
  return key.seq;
}

void EventLoop::cancel(TimerId id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase(it->second);
  timer_index_.erase(it);
}

WatchId EventLoop::watch_fd(int fd, short events, std::function<void(short)> fn) {
  if (clock_->is_virtual())
    throw std::logic_error("a virtual clock cannot wait on file descriptor " + std::to_string(fd) +
                           ": virtual time is only allowed when every link is in-process");
  const WatchId id = next_seq_++;
  watches_.emplace(id, Watch{fd, events, std::move(fn)});
  return id;
}

void EventLoop::unwatch(WatchId id) { watches_.erase(id); }

void EventLoop::run() { run_until(kForever); }

void EventLoop::run_until(Nanos until) {
  stopped_ = false;
  while (!stopped_ && step(until)) {
  }
}

// One turn: fire what is due, else wait for fds or the next timer. Returns false when the loop
// has nothing left to do before `limit`.
bool EventLoop::step(Nanos limit) {
  if (run_posted()) return true;
  if (fire_due_timers(limit)) return true;
  const Nanos next = timers_.empty() ? kForever : timers_.begin()->first.when;
  if (watches_.empty()) {
    if (next == kForever || next > limit) {
      if (limit != kForever) clock_->advance_to(limit);
      return false;
    }
    // Wait (a steady or paced clock) until the next timer is due, then let a virtual clock jump.
    const int wait_ms = clock_->poll_timeout_ms(next);
    if (wait_ms > 0 && poll_fds(wait_ms)) return true;
    clock_->advance_to(next);
    return true;
  }
  poll_fds(clock_->poll_timeout_ms(std::min(next, limit)));
  return !(limit != kForever && clock_->now() >= limit && (timers_.empty() || timers_.begin()->first.when > limit));
}

bool EventLoop::fire_due_timers(Nanos limit) {
  const Nanos now = clock_->now();
  if (timers_.empty()) return false;
  auto it = timers_.begin();
  if (it->first.when > now || it->first.when > limit) return false;
  // Fire exactly one timer per turn: a callback may cancel or add timers, and fds get a look-in.
  auto fn = std::move(it->second);
  timer_index_.erase(it->first.seq);
  timers_.erase(it);
  ++fired_;
  fn();
  return true;
}

bool EventLoop::poll_fds(int timeout_ms) {
  std::vector<pollfd> fds;
  std::vector<WatchId> ids;
  fds.reserve(watches_.size() + 1);
  fds.push_back(pollfd{wake_fd_, POLLIN, 0});
  ids.push_back(0);
  for (const auto& [id, w] : watches_) {
    fds.push_back(pollfd{w.fd, w.events, 0});
    ids.push_back(id);
  }
  const int n = ::poll(fds.data(), fds.size(), timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return false;
    throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
  }
  const bool woken = fds[0].revents != 0;
  if (woken) {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto r = ::read(wake_fd_, &count, sizeof count);
  }
  for (std::size_t i = 1; i < fds.size() && !stopped_; ++i) {
    if (fds[i].revents == 0) continue;
    auto it = watches_.find(ids[i]);  // an earlier callback may have removed it
    if (it != watches_.end()) {
      auto fn = it->second.fn;  // copy: the callback may unwatch itself
      fn(fds[i].revents);
    }
  }
  return woken;
}

}  // namespace pumprig
