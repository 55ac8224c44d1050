// Steps that last a set time: wait, and record (which lasts until the first balance reading at
// or after its end, so the data cover the whole duration).
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "rig/config/units.hpp"
#include "rig/runner/steps/steps.hpp"

namespace pumprig::steps {

namespace {

class TimedStep final : public StationStep {
 public:
  TimedStep(const Step& step, bool record) : duration_s_(step.duration_s), record_(record) {}
  std::string describe() const override {
    return fmt::format("{} {}", record_ ? "record" : "wait", format_duration(duration_s_));
  }

  void run(StepHost& host) override {
    EventLoop& loop = host.loop();
    const Nanos end = loop.now() + from_seconds(duration_s_);
    timer_ = loop.schedule_at(end, host.scope().bind([this, &host, end] {
      timer_ = 0;
      if (!record_) {
        host.step_done();
        return;
      }
      // Readings arrive on their own schedule, never exactly at the end. If none comes (a lost
      // balance is handled by its own fault path), the analysis reports the missing end as a gap.
      record_until_ = end;
      const BalanceConfig& balance = host.station_config().balance;
      // A stream (SIR) comes at the balance's update rate, which the fixture does not state: every
      // MT-SICS balance we know streams at least once a second (Excellence: 2 to 10 per second).
      const double period_s = balance.reading_interval_s > 0 ? std::max(balance.reading_interval_s, 0.2) : 1.0;
      const Nanos grace = 3 * from_seconds(period_s) + from_seconds(balance.reply_timeout_s);
      timer_ = host.loop().schedule_after(grace, host.scope().bind([this, &host] {
        timer_ = 0;
        if (!record_until_) return;
        record_until_.reset();
        host.event(EventKind::record, "no balance reading after the end of the record step");
        host.step_done();
      }));
    }));
  }

  void on_reading(StepHost& host, const BalanceReading& r) override {
    if (!record_until_ || r.t_ns < *record_until_) return;
    record_until_.reset();
    host.loop().cancel(timer_);
    timer_ = 0;
    // Finish the step after this reading has been recorded.
    host.loop().schedule_after(0, host.scope().bind([&host] { host.step_done(); }));
  }

  void abandon(StepHost& host) override {
    host.loop().cancel(timer_);
    timer_ = 0;
    record_until_.reset();
  }

 private:
  double duration_s_;
  bool record_;
  TimerId timer_ = 0;
  std::optional<Nanos> record_until_;  // the reading at or after this time ends a record step
};

}  // namespace

std::unique_ptr<StationStep> record(const Step& step) { return std::make_unique<TimedStep>(step, true); }
std::unique_ptr<StationStep> wait(const Step& step) { return std::make_unique<TimedStep>(step, false); }

}  // namespace pumprig::steps
