#include "rig/runner/runner.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rig/config/validate.hpp"

namespace pumprig {

namespace {
constexpr Nanos kInterruptPoll = milliseconds(200);
}

Runner::Runner(EventLoop& loop, Bench& bench, const Fixture& fixture, const Scenario& scenario, Operator& op,
               std::function<StationSinks(const std::string&)> sinks, EventSink runner_events)
    : loop_(loop), events_(std::move(runner_events)) {
  for (const StationConfig* st : stations_for(scenario, fixture)) {
    StationRig* rig = bench.station(st->id);
    if (!rig) continue;
    stations_.push_back(std::make_unique<StationRun>(loop, *rig, scenario, fixture.density_g_ml, op, sinks(st->id),
                                                     [this] { station_done(); }));
  }
}

void Runner::start(const std::atomic<bool>* interrupt) {
  interrupt_ = interrupt;
  if (interrupt_) interrupt_timer_ = loop_.schedule_after(kInterruptPoll, [this] { poll_interrupt(); });
  if (stations_.empty()) {
    // Stopped from the loop: a stop() before run() would be forgotten (run() starts afresh), and
    // other timers (the progress tick) would keep the loop going for ever.
    loop_.schedule_after(0, [this] {
      loop_.cancel(interrupt_timer_);
      interrupt_timer_ = 0;
      loop_.stop();
    });
    return;
  }
  for (auto& st : stations_) st->start();
}

void Runner::poll_interrupt() {
  interrupt_timer_ = 0;
  if (done()) return;
  if (interrupt_->load() && !interrupted_) {
    interrupted_ = true;
    abort_all("interrupted by signal (Ctrl-C or SIGTERM)");
  }
  interrupt_timer_ = loop_.schedule_after(kInterruptPoll, [this] { poll_interrupt(); });
}

void Runner::abort_all(const std::string& reason) {
  if (events_) events_(RigEvent{loop_.now(), EventKind::abort, "runner", reason});
  for (auto& st : stations_) st->abort(reason);
}

bool Runner::done() const {
  return std::all_of(stations_.begin(), stations_.end(), [](const auto& s) { return s->finished(); });
}

bool Runner::any_aborted() const {
  return std::any_of(stations_.begin(), stations_.end(), [](const auto& s) { return s->aborted(); });
}

void Runner::station_done() {
  if (!done()) return;
  loop_.cancel(interrupt_timer_);
  interrupt_timer_ = 0;
  loop_.stop();
}

}  // namespace pumprig
