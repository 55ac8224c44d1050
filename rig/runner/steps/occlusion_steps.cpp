// The occlusion steps: occlude and release the line (rig I/O board), wait until a condition (pump
// alarm, alarm-sense input, pressure, mass change), and collect the bolus. Their times go into
// the record as the analyses' markers.
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "rig/config/units.hpp"
#include "rig/runner/steps/steps.hpp"

namespace pumprig::steps {

namespace {

std::string describe_condition(const WaitCondition& c) {
  switch (c.kind) {
    case WaitKind::pump_alarm: return "the pump alarms";
    case WaitKind::alarm_sense: return "the alarm-sense input trips";
    case WaitKind::pressure_above: return fmt::format("the pressure exceeds {} mmHg", c.value);
    case WaitKind::pressure_below: return fmt::format("the pressure falls below {} mmHg", c.value);
    case WaitKind::mass_change: return fmt::format("the mass changes by {} g", c.value);
  }
  return "the condition";
}

class LineStep final : public StationStep {
 public:
  LineStep(const Step& step, bool occlude) : kind_(step.kind), occlude_(occlude) {}
  std::string describe() const override { return occlude_ ? "occlude the line" : "release the occlusion"; }

  void run(StepHost& host) override {
    IoBoard* io = host.io_board();
    if (!io) {
      host.step_failed(fmt::format("step '{}' needs a rig I/O board, and station {} has none", to_string(kind_), host.station_id()));
      return;
    }
    const bool closed = occlude_;
    if (closed && host.lost(io->name())) {
      host.step_failed(fmt::format("{} is not streaming pressure: the line is not closed blind", io->name()));
      return;
    }
    auto done = [&host, closed](const Unit&) {
      host.safety().line_confirmed(closed);
      nlohmann::json data = host.mark(closed ? Marker::occlude : Marker::release);
      data["closed"] = closed;
      host.event(EventKind::occluder, fmt::format("line {} (t = {:.1f} s)", closed ? "occluded" : "released", host.test_time_s()),
                 std::move(data));
      host.step_done();
    };
    if (closed) io->occlude(guarded<Unit>(host, done));
    else io->release(guarded<Unit>(host, done));
  }

 private:
  StepKind kind_;
  bool occlude_;
};

// A condition already true when the step starts (an alarm that came first) satisfies it at once.
class WaitUntilStep final : public StationStep {
 public:
  explicit WaitUntilStep(const Step& step) : condition_(*step.condition), timeout_s_(step.timeout_s) {}
  std::string describe() const override {
    return fmt::format("wait until {} (at most {})", to_string(condition_.kind), format_duration(timeout_s_));
  }

  void run(StepHost& host) override {
    waiting_ = true;
    baseline_mass_g_ = host.live().last_reading ? host.live().last_reading->mass_g : 0.0;
    timer_ = host.loop().schedule_after(from_seconds(timeout_s_), host.scope().bind([this, &host] {
      timer_ = 0;
      waiting_ = false;
      host.event(EventKind::wait, fmt::format("timeout: {} did not happen within {}", describe_condition(condition_),
                                              format_duration(timeout_s_)),
                 {{"condition", to_string(condition_.kind)}, {"timeout_s", timeout_s_}});
      host.step_failed(fmt::format("{} did not happen within {}", describe_condition(condition_), format_duration(timeout_s_)));
    }));
    check(host);
  }

  void on_reading(StepHost& host, const BalanceReading&) override { check(host); }
  void on_io_reading(StepHost& host, const IoReading&) override { check(host); }
  void on_alarm(StepHost& host) override { check(host); }
  bool expects_alarm() const override {
    return waiting_ && (condition_.kind == WaitKind::pump_alarm || condition_.kind == WaitKind::alarm_sense);
  }

  void abandon(StepHost& host) override {
    host.loop().cancel(timer_);
    timer_ = 0;
    waiting_ = false;
  }

 private:
  void check(StepHost& host) {
    if (!waiting_) return;
    const LiveStationState& live = host.live();
    bool met = false;
    switch (condition_.kind) {
      case WaitKind::pump_alarm: met = host.alarm_active(); break;
      // The input's own state, as the board reports it: not whichever alarm happened to come first.
      case WaitKind::alarm_sense: met = host.io_board() && host.io_board()->alarm_active().value_or(false); break;
      case WaitKind::pressure_above: met = live.pressure_mmhg && *live.pressure_mmhg > condition_.value; break;
      case WaitKind::pressure_below: met = live.pressure_mmhg && *live.pressure_mmhg < condition_.value; break;
      case WaitKind::mass_change:
        met = live.last_reading && std::fabs(live.last_reading->mass_g - baseline_mass_g_) >= condition_.value;
        break;
    }
    if (!met) return;
    waiting_ = false;
    host.loop().cancel(timer_);
    timer_ = 0;
    host.event(EventKind::wait, fmt::format("{} (t = {:.1f} s)", describe_condition(condition_), host.test_time_s()),
               {{"condition", to_string(condition_.kind)}});
    host.loop().schedule_after(0, host.scope().bind([&host] { host.step_done(); }));
  }

  WaitCondition condition_;
  double timeout_s_;
  bool waiting_ = false;
  double baseline_mass_g_ = 0;
  TimerId timer_ = 0;
};

// The collection ends when its criterion is met (its time, or the pressure decayed below a
// level), then (with `settle`) that much later, so the last of the bolus reaches the vessel and
// the balance settles before the end mass is taken. No stable reading is demanded: the line may
// still drip at a rate a 0.01 mg balance calls unstable.
class CollectStep final : public StationStep {
 public:
  explicit CollectStep(const Step& step)
      : duration_s_(step.duration_s), until_below_mmhg_(step.until_pressure_below_mmhg), settle_s_(step.settle_s) {}
  std::string describe() const override {
    return until_below_mmhg_ ? fmt::format("collect until below {} mmHg", *until_below_mmhg_)
                             : fmt::format("collect {}", format_duration(duration_s_));
  }

  void run(StepHost& host) override {
    collecting_ = true;
    settling_ = false;
    timer_ = host.loop().schedule_after(from_seconds(duration_s_), host.scope().bind([this, &host] {
      timer_ = 0;
      if (!collecting_) return;
      finish(host, until_below_mmhg_ ? fmt::format("timeout after {} (pressure still above {} mmHg)", format_duration(duration_s_),
                                                   *until_below_mmhg_)
                                     : fmt::format("{} elapsed", format_duration(duration_s_)));
    }));
  }

  void on_io_reading(StepHost& host, const IoReading& r) override {
    if (!collecting_ || !until_below_mmhg_ || settling_ || r.pressure_mmhg >= *until_below_mmhg_) return;
    settling_ = true;
    const std::string criterion = fmt::format("pressure below {} mmHg", *until_below_mmhg_);
    host.loop().schedule_after(0, host.scope().bind([this, &host, criterion] { finish(host, criterion); }));
  }

  void abandon(StepHost& host) override {
    host.loop().cancel(timer_);
    timer_ = 0;
    collecting_ = false;
  }

 private:
  void finish(StepHost& host, const std::string& criterion) {
    if (!collecting_) return;
    host.loop().cancel(timer_);
    timer_ = 0;
    collecting_ = false;
    auto done = [&host, criterion](const std::string& tail) {
      nlohmann::json data = host.mark(Marker::collect_end);
      const std::string ended_by = criterion + tail;
      data["criterion"] = ended_by;
      host.event(EventKind::collect, fmt::format("collection ends: {}", ended_by), std::move(data));
      host.step_done();
    };
    if (settle_s_ <= 0) {
      done("");
      return;
    }
    const double settle_s = settle_s_;
    timer_ = host.loop().schedule_after(from_seconds(settle_s), host.scope().bind([this, settle_s, done] {
      timer_ = 0;
      done(fmt::format(", then {} to settle", format_duration(settle_s)));
    }));
  }

  double duration_s_;
  std::optional<double> until_below_mmhg_;
  double settle_s_;
  bool collecting_ = false;
  bool settling_ = false;
  TimerId timer_ = 0;
};

}  // namespace

std::unique_ptr<StationStep> line(const Step& step, bool occlude) { return std::make_unique<LineStep>(step, occlude); }
std::unique_ptr<StationStep> wait_until(const Step& step) { return std::make_unique<WaitUntilStep>(step); }
std::unique_ptr<StationStep> collect(const Step& step) { return std::make_unique<CollectStep>(step); }

}  // namespace pumprig::steps
