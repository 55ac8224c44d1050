// StationRun's occlusion and free-flow steps: occlude and release the line (rig I/O board), wait
// until a condition (pump alarm, alarm-sense input, pressure, mass change), the operator opening
// and closing the pump's door, and collecting the bolus. Their times go into StationMarkers for
// the analyses.
#include <cmath>

#include <fmt/format.h>

#include "rig/config/units.hpp"
#include "rig/runner/station_run.hpp"

namespace pumprig {

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
}  // namespace

void StationRun::run_occlusion_step(const Step& step) {
  switch (step.kind) {
    case StepKind::wait_until: wait_until(step); return;
    case StepKind::collect: collect(step); return;
    case StepKind::open_door: door(true); return;
    case StepKind::close_door: door(false); return;
    case StepKind::occlude:
    case StepKind::release:
      if (rig_.io) {
        set_occluder(step.kind == StepKind::occlude);
        return;
      }
      break;
    default: break;
  }
  step_failed(fmt::format("step '{}' needs a rig I/O board, and station {} has none", to_string(step.kind), id()));
}

// A condition already true when the step starts (an alarm that came first) satisfies it at once.
void StationRun::wait_until(const Step& step) {
  ActiveWait w;
  w.condition = *step.condition;
  w.step = step_.token();
  w.baseline_mass_g = live_.last_reading ? live_.last_reading->mass_g : 0.0;
  wait_ = w;
  step_timer_ = loop_.schedule_after(from_seconds(step.timeout_s), step_.bind([this, step] {
    step_timer_ = 0;
    wait_.reset();
    event(EventKind::wait, fmt::format("timeout: {} did not happen within {}", describe_condition(*step.condition),
                              format_duration(step.timeout_s)),
          {{"condition", to_string(step.condition->kind)}, {"timeout_s", step.timeout_s}});
    step_failed(fmt::format("{} did not happen within {}", describe_condition(*step.condition), format_duration(step.timeout_s)));
  }));
  check_wait();
}

void StationRun::check_wait() {
  if (!wait_ || !step_.current(wait_->step)) return;
  const WaitCondition& c = wait_->condition;
  bool met = false;
  switch (c.kind) {
    case WaitKind::pump_alarm: met = alarm_active_; break;
    // The input's own state, as the board reports it: not whichever alarm happened to come first.
    case WaitKind::alarm_sense: met = rig_.io && rig_.io->alarm_active().value_or(false); break;
    case WaitKind::pressure_above: met = live_.pressure_mmhg && *live_.pressure_mmhg > c.value; break;
    case WaitKind::pressure_below: met = live_.pressure_mmhg && *live_.pressure_mmhg < c.value; break;
    case WaitKind::mass_change:
      met = live_.last_reading && std::fabs(live_.last_reading->mass_g - wait_->baseline_mass_g) >= c.value;
      break;
  }
  if (!met) return;
  wait_.reset();
  loop_.cancel(step_timer_);
  step_timer_ = 0;
  event(EventKind::wait, fmt::format("{} (t = {:.1f} s)", describe_condition(c), to_seconds(loop_.now() - t0_.value_or(0))),
        {{"condition", to_string(c.kind)}});
  loop_.schedule_after(0, step_.bind([this] { step_done(); }));
}

// An alarm while the line is occluded or a step waits for one is the measurement; otherwise it
// is a fault and the station's policy decides.
void StationRun::pump_alarm_seen(const std::string& source, const std::string& text, PumpAlarm kind) {
  if (done_) return;
  // The pump may report its occlusion alarm late (an NE-1000 latches it until the next status
  // poll, even after STP): any alarm from occluding the line to the end of the bolus collection
  // belongs to the occlusion test.
  const bool occlusion_episode = safety_.occluded() || (markers_.occlude && !markers_.collect_end);
  const bool expected = occlusion_episode || safety_.door_open() || (wait_ && (wait_->condition.kind == WaitKind::pump_alarm ||
                                                wait_->condition.kind == WaitKind::alarm_sense));
  const bool first = !alarm_active_;
  alarm_active_ = true;
  nlohmann::json data = nlohmann::json::object();
  if (first && expected && !markers_.alarm) data = mark(Marker::alarm, markers_.alarm);
  data["alarm"] = text;
  data["alarm_kind"] = to_string(kind);  // typed (rig/devices/pump.hpp), whatever the pump calls it
  data["source"] = source;
  data["expected"] = expected;
  if (first)
    event(EventKind::alarm, fmt::format("{} alarm ({}): {}{}", source == "pump" ? pump_->name() : "pump", source, text,
                               expected ? " (expected: occlusion test)" : ""),
          std::move(data));
  if (!expected) {
    fault(source == "pump" ? pump_->name() : "alarm sense", fmt::format("pump alarm: {}", text), false);
    return;
  }
  check_wait();
}

void StationRun::collect(const Step& step) {
  ActiveCollect c;
  c.until_below_mmhg = step.until_pressure_below_mmhg;
  c.settle_s = step.settle_s;
  c.step = step_.token();
  collect_ = c;
  step_timer_ = loop_.schedule_after(from_seconds(step.duration_s), step_.bind([this, step] {
    step_timer_ = 0;
    if (!collect_) return;
    finish_collect(step.until_pressure_below_mmhg
                       ? fmt::format("timeout after {} (pressure still above {} mmHg)", format_duration(step.duration_s),
                                     *step.until_pressure_below_mmhg)
                       : fmt::format("{} elapsed", format_duration(step.duration_s)));
  }));
}

// The collection ends when its criterion is met, then (with `settle`) that much later, so the
// last of the bolus reaches the vessel and the balance settles before the end mass is taken. No
// stable reading is demanded: the line may still drip at a rate a 0.01 mg balance calls unstable.
void StationRun::finish_collect(const std::string& criterion) {
  if (!collect_) return;
  loop_.cancel(step_timer_);
  step_timer_ = 0;
  const double settle_s = collect_->settle_s;
  collect_.reset();
  auto done = [this, criterion](const std::string& tail) {
    nlohmann::json data = mark(Marker::collect_end, markers_.collect_end);
    const std::string ended_by = criterion + tail;
    data["criterion"] = ended_by;
    event(EventKind::collect, fmt::format("collection ends: {}", ended_by), std::move(data));
    step_done();
  };
  if (settle_s <= 0) {
    done("");
    return;
  }
  step_timer_ = loop_.schedule_after(from_seconds(settle_s), step_.bind([this, settle_s, done] {
    step_timer_ = 0;
    done(fmt::format(", then {} to settle", format_duration(settle_s)));
  }));
}

void StationRun::door(bool open) {
  OperatorPrompt prompt{id(),
                        open ? "Open the pump's door (leave the set in place, the bag at its height)" : "Close the pump's door",
                        open ? "open_door" : "close_door"};
  ask_operator(prompt, [this, open] {
    nlohmann::json data = mark(open ? Marker::door_open : Marker::door_close, open ? markers_.door_open : markers_.door_close);
    safety_.door_confirmed(open);
    event(EventKind::door, fmt::format("door {} (t = {:.1f} s)", open ? "opened" : "closed", test_time_s(loop_.now())), std::move(data));
    step_done();
  });
}

}  // namespace pumprig
