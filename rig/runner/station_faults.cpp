// StationRun's fault handling: what a station does when an instrument is lost or its pump alarms
// unexpectedly (fixture `on_fault`). The decision is fault_response.hpp's; this file carries it
// out (events, abort, the safe hold and the question to resume), apart from the step machinery.
#include <fmt/format.h>

#include "rig/config/units.hpp"
#include "rig/runner/fault_response.hpp"
#include "rig/runner/station_run.hpp"

namespace pumprig {

void StationRun::fault(const std::string& source, const std::string& what, bool lost) {
  FaultFacts facts;
  facts.policy = rig_.config->on_fault;
  facts.station_ending = done_ || tearing_down_;
  // A lost instrument keeps failing until it is back: one fault per outage, not per retry.
  facts.repeat_of_outage = !facts.station_ending && lost && !lost_.emplace(source, loop_.now()).second;
  if (lost)
    for (auto& i : live_.instruments)
      if (i.name == source) i.connected = false;
  facts.paused = paused_;
  facts.pauses_so_far = pauses_;
  const FaultResponse response = respond_to_fault(facts);
  if (response == FaultResponse::ignore) return;
  nlohmann::json data = {{"instrument", source}, {"policy", std::string(to_string(facts.policy))}};
  // A fault the station carries on through or pauses for: a deviation of the test, recorded in
  // the event so an analysis from the record sees it.
  if (records_deviation(response))
    data["deviation"] = {{"t_s", test_time_s(loop_.now())},
                         {"source", source},
                         {"what", what},
                         {"policy", std::string(to_string(facts.policy))}};
  event(EventKind::fault, what, std::move(data));
  switch (response) {
    case FaultResponse::ignore:
    case FaultResponse::record_only: return;
    case FaultResponse::abort: abort(what); return;
    case FaultResponse::carry_on:
      event(EventKind::deviation, fmt::format("{}: carrying on (policy continue); this station can no longer pass", what),
            {{"instrument", source}});
      return;
    case FaultResponse::abort_too_often:
      abort(fmt::format("{} (the station already paused {} times)", what, kMaxPauses));
      return;
    case FaultResponse::pause:
      ++pauses_;
      pause_station(what);
      return;
  }
}

void StationRun::instrument_back(const std::string& source) {
  const auto it = lost_.find(source);
  if (it == lost_.end()) return;
  for (auto& i : live_.instruments)
    if (i.name == source) i.connected = true;
  event(EventKind::fault, fmt::format("{} is back after {}", source, format_duration(to_seconds(loop_.now() - it->second))),
        {{"instrument", source}, {"lost_s", to_seconds(loop_.now() - it->second)}});
  lost_.erase(it);
}

// The station holds in the safe state (pump stopped) and asks the operator; the interrupted step
// starts again from its beginning when the operator confirms, the station aborts when the
// operator declines or does not answer within the pause timeout.
void StationRun::pause_station(const std::string& why) {
  paused_ = true;
  abandon_step();
  resume_pump_ = pump_started_ || start_requested_;
  live_.step = "paused";
  event(EventKind::pause, fmt::format("station paused: {}", why));
  pause_timer_ = loop_.schedule_after(from_seconds(rig_.config->pause_timeout_s), [this] {
    pause_timer_ = 0;
    abort(fmt::format("paused for {} without the operator resuming", format_duration(rig_.config->pause_timeout_s)));
  });
  // The safe hold: the line open (an occlusion in progress is void anyway), the pump stopped.
  safety_.release("station paused", [this, why] { stop_pump_for_pause([this, why] { ask_to_resume(why); }); });
}

void StationRun::ask_to_resume(const std::string& why) {
  if (!paused_ || tearing_down_) return;
  const std::string step = step_index_ < steps_.size() ? steps_[step_index_]->describe() : "teardown";
  OperatorPrompt prompt{id(),
                        fmt::format("Station {} paused: {}. Fix the cause, then confirm to repeat step {} ({}); "
                                    "decline to abort the station",
                                    id(), why, step_index_ + 1, step),
                        "resume_after_fault"};
  event(EventKind::prompt, prompt.text, {{"action", prompt.action}});
  operator_.ask(prompt, [this](OperatorAnswer a) {
    event(EventKind::answer, fmt::format("{} by {}", a.confirmed ? "confirmed" : "declined", a.answered_by),
          {{"reply", a.reply}, {"answered_by", a.answered_by}, {"confirmed", a.confirmed}});
    if (!paused_ || tearing_down_) return;
    if (!a.confirmed) {
      abort("the operator declined to resume the paused station");
      return;
    }
    resume_after_pause();
  });
}

// Whatever we believe: a start may be in flight (its confirmation is void now), so a connected
// pump is always told to stop (a manual pump never asked to start asks nobody).
void StationRun::stop_pump_for_pause(std::function<void()> then) {
  pump_started_ = false;
  start_requested_ = false;
  safety_.stop_pump(EventKind::pause, std::move(then));
}

void StationRun::resume_after_pause() {
  loop_.cancel(pause_timer_);
  pause_timer_ = 0;
  paused_ = false;
  step_.end();
  event(EventKind::pause, fmt::format("station resumes: step {} starts again", step_index_ + 1));
  if (!resume_pump_) {
    next_step();
    return;
  }
  // The pump ran when the fault came: it runs again before the step repeats.
  auto restarted = [this] {
    alarm_active_ = false;
    pump_started_ = true;
    live_.pump_running = true;
    event(EventKind::pump, "pump restarted after the pause");
    next_step();
  };
  start_requested_ = true;
  pump_->start(guarded<Unit>([restarted](const Unit&) { restarted(); }));
}

// An alarm while the line is occluded or a step waits for one is the measurement; otherwise it
// is a fault and the station's policy decides.
void StationRun::pump_alarm_seen(const std::string& source, const std::string& text, PumpAlarm kind) {
  if (done_) return;
  // The pump may report its occlusion alarm late (an NE-1000 latches it until the next status
  // poll, even after STP): any alarm from occluding the line to the end of the bolus collection
  // belongs to the occlusion test.
  const bool occlusion_episode = safety_.occluded() || (markers_.occlude && !markers_.collect_end);
  const bool expected = occlusion_episode || safety_.door_open() || (current_ && current_->expects_alarm());
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
  if (current_) current_->on_alarm(*this);
}

}  // namespace pumprig
