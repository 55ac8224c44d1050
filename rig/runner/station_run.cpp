#include "rig/runner/station_run.hpp"

#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/config/units.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

namespace {
constexpr Nanos kFlowWindow = seconds(30);  // live flow
// The teardown must end even when nobody answers (an unattended run, a tester gone): its prompts
// wait this long at most, then the teardown goes on and the record says the answer never came.
constexpr Nanos kTeardownPromptTimeout = seconds(300);
}

StationRun::StationRun(EventLoop& loop, StationRig& rig, const Scenario& scenario, double density_g_ml, Operator& op,
                       StationSinks sinks, std::function<void()> on_done)
    : loop_(loop), rig_(rig), scenario_(scenario), density_g_ml_(density_g_ml), operator_(op),
      sinks_(std::move(sinks)), on_done_(std::move(on_done)), manual_pump_(make_manual_pump_if_needed()),
      pump_(rig_.pump ? rig_.pump.get() : manual_pump_.get()),
      safety_(*rig_.config, *rig_.balance, *pump_, rig_.io.get(), safety_host()) {
  live_.step_count = static_cast<int>(scenario_.steps.size());
}

// A pump only the operator can work: the station makes a ManualPump for it (the operator is its
// wire, the balance its status line).
std::unique_ptr<ManualPump> StationRun::make_manual_pump_if_needed() {
  if (rig_.pump) return nullptr;
  ManualPump::Host host;
  host.station = id();
  host.ask = [this](const OperatorPrompt& p, std::function<void(const OperatorAnswer&)> then) { ask_for_pump(p, std::move(then)); };
  host.event = [this](EventKind kind, std::string message, nlohmann::json data) { event(kind, std::move(message), std::move(data)); };
  host.test_time_s = [this](Nanos t) { return test_time_s(t); };
  return std::make_unique<ManualPump>(loop_, rig_.config->pump, density_g_ml_, std::move(host));
}

SafetySupervisor::Host StationRun::safety_host() {
  SafetySupervisor::Host host;
  host.event = [this](EventKind kind, std::string message, nlohmann::json data) { event(kind, std::move(message), std::move(data)); };
  host.mark = [this](Marker m) {
    // The analyses need the first release after an occlusion, and the first door closing.
    if (m == Marker::release && markers_.occlude && !markers_.release) return mark(m, markers_.release);
    if (m == Marker::door_close && !markers_.door_close) return mark(m, markers_.door_close);
    return nlohmann::json::object();
  };
  host.ask_in_teardown = [this](OperatorPrompt p, std::function<void(bool, std::string)> then) {
    ask_in_teardown(std::move(p), std::move(then));
  };
  host.abort = [this](const std::string& reason) { abort(reason); };
  host.pump_stopped = [this] { live_.pump_running = false; };
  return host;
}

void StationRun::event(EventKind kind, std::string message, nlohmann::json data) {
  if (sinks_.event) sinks_.event(RigEvent{loop_.now(), kind, id(), std::move(message), std::move(data)});
}

nlohmann::json StationRun::mark(Marker m, std::optional<Nanos>& slot) {
  slot = loop_.now();
  return marker_data(m, test_time_s(*slot));
}

// Wraps a driver callback: a failure ends the step (and the station run); a callback that
// arrives after the step was abandoned is ignored.
template <class T>
std::function<void(Outcome<T>)> StationRun::guarded(std::function<void(const T&)> ok) {
  return step_.bind([this, ok = std::move(ok)](Outcome<T> r) {
    if (!r) {
      step_failed(r.error().what());
      return;
    }
    ok(r.value());
  });
}

void StationRun::start() {
  event(EventKind::station, fmt::format("station {} starts scenario {}", id(), scenario_.id));
  connect_instruments();
}

void StationRun::connect_instruments() {
  live_.step = "connect";
  rig_.balance->connect(guarded<InstrumentIdentity>([this](const InstrumentIdentity& queried) {
    // What the protocol cannot tell (an NE-1000 has no serial query) comes from the fixture.
    InstrumentIdentity ident = queried;
    if (const auto& f = rig_.config->balance.identity) {
      if (ident.manufacturer.empty()) ident.manufacturer = f->manufacturer;
      if (ident.model.empty()) ident.model = f->model;
      if (ident.serial.empty()) ident.serial = f->serial;
    }
    event(EventKind::identity, fmt::format("{}: {} {} serial {} firmware {}", rig_.balance->name(), ident.manufacturer, ident.model,
                                  ident.serial, ident.firmware));
    if (sinks_.identity) sinks_.identity(rig_.balance->name(), ident);
    const Nanos period = from_seconds(rig_.config->balance.reading_interval_s);
    rig_.balance->start_readings(
        period, [this](const BalanceReading& r) { on_reading(r); },
        [this](const DeviceError& e) { fault(rig_.balance->name(), fmt::format("balance lost: {}", e.what()), true); });
    pump_->connect(guarded<InstrumentIdentity>([this](const InstrumentIdentity& queried) {
      InstrumentIdentity pident = queried;
      const DutIdentity& dut = rig_.config->pump.dut;
      if (pident.serial.empty()) pident.serial = dut.serial;
      if (pident.firmware.empty()) pident.firmware = dut.firmware;
      safety_.pump_connected();
      event(EventKind::identity, fmt::format("{}: {} {} serial {} firmware {}", pump_->name(), pident.manufacturer, pident.model,
                                    pident.serial.empty() ? "unknown" : pident.serial, pident.firmware));
      if (sinks_.identity) sinks_.identity(pump_->name(), pident);
      pump_->start_monitoring(
          from_seconds(rig_.config->pump.status_interval_s), [this](const PumpStatus& s) { on_pump_status(s); },
          [this](const DeviceError& e) { fault(pump_->name(), fmt::format("pump lost: {}", e.what()), true); });
      connect_io_board([this] { begin_steps(); });
    }));
  }));
}

void StationRun::begin_steps() {
  step_index_ = 0;
  next_step();
}

void StationRun::next_step() {
  if (aborted_ || tearing_down_ || paused_) return;
  if (step_index_ >= scenario_.steps.size()) {
    event(EventKind::station, "all steps done");
    teardown();
    return;
  }
  const Step& step = scenario_.steps[step_index_];
  live_.step_index = static_cast<int>(step_index_ + 1);
  live_.step = describe(step);
  live_.step_started_ns = loop_.now();
  live_.step_duration_ns = from_seconds(step.duration_s);
  nlohmann::json data = {{"index", step_index_ + 1}, {"line", step.where.line}};
  if (step.kind == StepKind::set_pump) {
    // The settings the analyses take as the set rate and the occlusion threshold.
    data.update(marker_data(Marker::set_pump, test_time_s(loop_.now())));
    data["rate_ml_h"] = step.rate_ml_h.value_or(0.0);
    if (step.occlusion_level) data["occlusion_level"] = to_string(*step.occlusion_level);
  }
  event(EventKind::step, fmt::format("step {}/{}: {}", step_index_ + 1, scenario_.steps.size(), live_.step), std::move(data));
  run_step(step);
}

void StationRun::step_done() {
  step_.end();
  ++step_index_;
  next_step();
}

void StationRun::step_failed(const std::string& why) {
  const Step* step = step_index_ < scenario_.steps.size() && live_.step_index > 0 ? &scenario_.steps[step_index_] : nullptr;
  abort(step ? fmt::format("step {} ({}) failed: {}", step_index_ + 1, describe(*step), why) : why);
}

std::string StationRun::describe(const Step& s) const {
  switch (s.kind) {
    case StepKind::prompt: return "operator prompt";
    case StepKind::tare: return "tare";
    case StepKind::zero: return "zero";
    case StepKind::check_weight: return fmt::format("check weight {} g", s.mass_g);
    case StepKind::set_pump: return fmt::format("set pump {} ml/h", s.rate_ml_h.value_or(0.0));
    case StepKind::start_pump: return "start pump";
    case StepKind::stop_pump: return "stop pump";
    case StepKind::record: return fmt::format("record {}", format_duration(s.duration_s));
    case StepKind::wait: return fmt::format("wait {}", format_duration(s.duration_s));
    case StepKind::occlude: return "occlude the line";
    case StepKind::release: return "release the occlusion";
    case StepKind::wait_until:
      return fmt::format("wait until {} (at most {})", to_string(s.condition->kind), format_duration(s.timeout_s));
    case StepKind::open_door: return "open the pump door";
    case StepKind::close_door: return "close the pump door";
    case StepKind::collect:
      return s.until_pressure_below_mmhg ? fmt::format("collect until below {} mmHg", *s.until_pressure_below_mmhg)
                                         : fmt::format("collect {}", format_duration(s.duration_s));
  }
  return "step";
}

void StationRun::run_step(const Step& step) {
  switch (step.kind) {
    case StepKind::prompt:
      ask_operator(OperatorPrompt{id(), step.text, step.action, 0.0}, [this] { step_done(); });
      return;
    case StepKind::tare:
      rig_.balance->tare(guarded<double>([this](const double& tare_g) {
        event(EventKind::tare, fmt::format("tared at {:.5f} g", tare_g), {{"tare_g", tare_g}});
        step_done();
      }));
      return;
    case StepKind::zero:
      rig_.balance->zero(guarded<Unit>([this](const Unit&) { step_done(); }));
      return;
    case StepKind::check_weight: check_weight(step); return;
    case StepKind::set_pump: {
      set_rate_ml_h_ = step.rate_ml_h.value_or(0.0);
      PumpProgram prog;
      prog.rate_ml_h = set_rate_ml_h_;
      if (rig_.config->pump.pump_class == PumpClass::syringe) prog.syringe_diameter_mm = rig_.config->pump.syringe_diameter_mm;
      prog.volume_ml = step.volume_ml;
      pump_->program(prog, guarded<Unit>([this, prog, &step](const Unit&) {
        event(EventKind::pump, fmt::format("programmed {} ml/h", prog.rate_ml_h),
              {{"rate_ml_h", prog.rate_ml_h}, {"syringe_diameter_mm", prog.syringe_diameter_mm.value_or(0.0)}});
        set_occlusion_level(step, [this] { step_done(); });
      }));
      return;
    }
    case StepKind::start_pump: {
      auto started = [this] {
        nlohmann::json data = nlohmann::json::object();
        if (!t0_) data = mark(Marker::test_origin, t0_);
        data["t0_s"] = to_seconds(*t0_);
        start_requested_ = false;
        alarm_active_ = false;
        pump_started_ = true;
        live_.pump_running = true;
        event(EventKind::pump, "pump started: test time t = 0", std::move(data));
        for (std::size_t i = 0; i < readings_.size(); ++i)
          if (sinks_.sample) sinks_.sample(to_seconds(readings_[i].t_ns - *t0_), pending_sample(i));
        for (const IoReading& r : pending_io_)
          if (sinks_.io_sample) sinks_.io_sample(to_seconds(r.t_ns - *t0_), r);
        pending_io_.clear();
        step_done();
      };
      start_requested_ = true;
      pump_->start(guarded<Unit>([started](const Unit&) { started(); }));
      return;
    }
    case StepKind::stop_pump: {
      auto stopped = [this] {
        alarm_active_ = false;  // stopping acknowledges an alarm
        pump_started_ = false;
        live_.pump_running = false;
        event(EventKind::pump, "pump stopped");
        step_done();
      };
      pump_->stop(guarded<Unit>([stopped](const Unit&) { stopped(); }));
      return;
    }
    case StepKind::occlude:
    case StepKind::release:
    case StepKind::wait_until:
    case StepKind::open_door:
    case StepKind::close_door:
    case StepKind::collect: run_occlusion_step(step); return;
    case StepKind::record:
    case StepKind::wait: {
      const bool record = step.kind == StepKind::record;
      const Nanos end = loop_.now() + from_seconds(step.duration_s);
      step_timer_ = loop_.schedule_at(end, step_.bind([this, record, end] {
        step_timer_ = 0;
        if (!record) {
          step_done();
          return;
        }
        // Readings arrive on their own schedule, never exactly at the end: a record step lasts
        // until the first reading at or after its end, so the data cover the whole duration.
        // If none comes (a lost balance is handled by its own fault path), the analysis reports
        // the missing end as a gap.
        record_until_ = end;
        const Nanos grace = 3 * from_seconds(std::max(rig_.config->balance.reading_interval_s, 0.2)) +
                            from_seconds(rig_.config->balance.reply_timeout_s);
        step_timer_ = loop_.schedule_after(grace, step_.bind([this] {
          step_timer_ = 0;
          if (!record_until_) return;
          record_until_.reset();
          event(EventKind::record, "no balance reading after the end of the record step");
          step_done();
        }));
      }));
      return;
    }
  }
}

// Occlusion alarm thresholds are a front-panel setting on every pump we know (the NE-1000
// protocol has no command for it): the operator sets it.
void StationRun::set_occlusion_level(const Step& step, std::function<void()> then) {
  if (!step.occlusion_level) {
    then();
    return;
  }
  OperatorPrompt prompt{id(), fmt::format("Set the pump's occlusion alarm threshold to {}", to_string(*step.occlusion_level)),
                        "set_occlusion_level"};
  prompt.level = *step.occlusion_level;
  ask_operator(prompt, std::move(then));
}

void StationRun::check_weight(const Step& step) {
  const double mass_g = step.mass_g;
  const double tol_g = step.tolerance_g;
  ask_operator(
      OperatorPrompt{id(), fmt::format("Place the {} g check weight on the balance", mass_g), "place_check_weight", mass_g},
      [this, mass_g, tol_g] {
        rig_.balance->read_stable(guarded<BalanceReading>([this, mass_g, tol_g](const BalanceReading& r) {
          // The reading against the nominal mass, as a check of its own kept in the record.
          Check check = check_within({"check_weight_g", "g"}, r.mass_g, mass_g, tol_g);
          check.name = fmt::format("check weight {} g", mass_g);
          const double deviation = r.mass_g - mass_g;
          const bool pass = check.verdict == Verdict::pass;
          event(EventKind::check_weight, fmt::format("check weight read {:.5f} g (deviation {:+.5f} g, tolerance {} g): {}", r.mass_g,
                                            deviation, tol_g, pass ? "pass" : "FAIL"),
                check_to_json(check));
          if (!pass) {
            step_failed(fmt::format("check weight out of tolerance: read {:.5f} g for {} g +- {} g", r.mass_g, mass_g, tol_g));
            return;
          }
          ask_operator(OperatorPrompt{id(), "Remove the check weight from the balance", "remove_check_weight", mass_g},
                       [this, tol_g] { return_to_zero(tol_g); });
        }));
      });
}

// After the check weight comes off, the balance must settle back to zero before the test goes
// on: otherwise the mass at t = 0 would still carry the settling of the check weight.
void StationRun::return_to_zero(double tolerance_g) {
  rig_.balance->read_stable(guarded<BalanceReading>([this, tolerance_g](const BalanceReading& r) {
    const bool ok = std::fabs(r.mass_g) <= tolerance_g;
    event(EventKind::check_weight, fmt::format("back to zero after removal: {:.5f} g ({})", r.mass_g, ok ? "ok" : "NOT at zero"),
          {{"return_to_zero_g", r.mass_g}, {"tolerance_g", tolerance_g}});
    if (!ok) {
      step_failed(fmt::format("the balance did not return to zero after the check weight: {:.5f} g", r.mass_g));
      return;
    }
    step_done();
  }));
}

void StationRun::ask_operator(OperatorPrompt prompt, std::function<void()> then) {
  const StepScope::Token step = step_.token();
  event(EventKind::prompt, prompt.text, {{"action", prompt.action}});
  operator_.ask(prompt, [this, step, then = std::move(then), text = prompt.text](OperatorAnswer a) {
    // The answer is recorded whenever it comes; it acts only on the step that asked.
    event(EventKind::answer, fmt::format("{} by {}", a.confirmed ? "confirmed" : "declined", a.answered_by),
          {{"prompt", text}, {"reply", a.reply}, {"answered_by", a.answered_by}, {"confirmed", a.confirmed}});
    if (!step_.current(step)) return;
    if (!a.confirmed) {
      step_failed("the operator declined");
      return;
    }
    then();
  });
}

void StationRun::ask_for_pump(const OperatorPrompt& prompt, std::function<void(const OperatorAnswer&)> then) {
  if (tearing_down_) {
    ask_in_teardown(prompt, [this, then = std::move(then), text = prompt.text](bool confirmed, std::string by) {
      event(EventKind::answer, fmt::format("{} by {}", confirmed ? "confirmed" : "declined", by),
            {{"prompt", text}, {"reply", ""}, {"answered_by", by}, {"confirmed", confirmed}});
      then(OperatorAnswer{confirmed, "", by});
    });
    return;
  }
  event(EventKind::prompt, prompt.text, {{"action", prompt.action}});
  operator_.ask(prompt, [this, then = std::move(then), text = prompt.text](OperatorAnswer a) {
    event(EventKind::answer, fmt::format("{} by {}", a.confirmed ? "confirmed" : "declined", a.answered_by),
          {{"prompt", text}, {"reply", a.reply}, {"answered_by", a.answered_by}, {"confirmed", a.confirmed}});
    then(a);
  });
}

void StationRun::on_reading(const BalanceReading& r) {
  if (r.status != WeightStatus::ok) {
    event(EventKind::reading, fmt::format("balance reports {}", r.status == WeightStatus::overload    ? "overload"
                                                        : r.status == WeightStatus::underload ? "underload"
                                                                                              : "an error"));
    return;
  }
  instrument_back(rig_.balance->name());
  live_.last_reading = r;
  readings_.push_back(RecordedReading{r.t_ns, r.mass_g, r.stable});
  if (manual_pump_) manual_pump_->on_reading(r);
  if (record_until_ && r.t_ns >= *record_until_) {
    record_until_.reset();
    loop_.cancel(step_timer_);
    step_timer_ = 0;
    // Finish the step after this reading has been recorded (below).
    loop_.schedule_after(0, step_.bind([this] { step_done(); }));
  }
  check_wait();
  // Before the start the test time origin is unknown: those readings are recorded in recording
  // time now, and in test time once the pump starts.
  if (!t0_) {
    if (sinks_.prestart_sample) sinks_.prestart_sample(to_seconds(r.t_ns), r);
    return;
  }
  if (sinks_.sample) sinks_.sample(to_seconds(r.t_ns - *t0_), r);
  // Live flow over the last 30 s for the progress line (the analysis does it properly).
  std::size_t j = readings_.size() - 1;
  while (j > 0 && readings_.back().t_ns - readings_[j - 1].t_ns <= kFlowWindow && readings_[j - 1].t_ns >= *t0_) --j;
  const auto& a = readings_[j];
  const auto& b = readings_.back();
  if (b.t_ns > a.t_ns) live_.flow_ml_h = (b.mass_g - a.mass_g) / density_g_ml_ / to_seconds(b.t_ns - a.t_ns) * 3600.0;
}

BalanceReading StationRun::pending_sample(std::size_t i) const {
  BalanceReading r;
  r.t_ns = readings_[i].t_ns;
  r.mass_g = readings_[i].mass_g;
  r.stable = readings_[i].stable;
  return r;
}

void StationRun::on_pump_status(const PumpStatus& s) {
  instrument_back(pump_->name());
  if (s.state == PumpState::alarm) pump_alarm_seen("pump", s.alarm_text.empty() ? to_string(s.alarm) : s.alarm_text, s.alarm);
}

void StationRun::abort(const std::string& reason) {
  if (done_ || tearing_down_) return;
  aborted_ = true;
  abort_reason_ = reason;
  event(EventKind::abort, reason);
  teardown();
}

void StationRun::abandon_step() {
  step_.end();  // callbacks of the abandoned step are void from here
  loop_.cancel(step_timer_);
  step_timer_ = 0;
  record_until_.reset();
  collect_.reset();
  wait_.reset();
}

void StationRun::teardown() {
  if (tearing_down_) return;
  tearing_down_ = true;
  step_.close();
  loop_.cancel(pause_timer_);
  pause_timer_ = 0;
  abandon_step();
  live_.step = "teardown";
  event(EventKind::teardown, "teardown to the safe state");
  safety_.teardown([this] { finish(); });
}

void StationRun::ask_in_teardown(OperatorPrompt prompt, std::function<void(bool confirmed, std::string by)> then) {
  event(EventKind::prompt, prompt.text, {{"action", prompt.action}});
  auto once = std::make_shared<std::function<void(bool, std::string)>>(std::move(then));
  auto timer = std::make_shared<TimerId>(0);
  const auto fire = [once](bool confirmed, std::string by) {
    if (!*once) return;
    auto f = std::move(*once);
    *once = nullptr;
    f(confirmed, std::move(by));
  };
  *timer = loop_.schedule_after(kTeardownPromptTimeout, [this, fire] {
    event(EventKind::teardown, fmt::format("no answer within {}: the teardown goes on", format_duration(to_seconds(kTeardownPromptTimeout))));
    fire(false, "nobody (timeout)");
  });
  operator_.ask(prompt, [this, fire, timer](OperatorAnswer a) {
    loop_.cancel(*timer);
    fire(a.confirmed, a.answered_by);
  });
}

void StationRun::finish() {
  if (!t0_) {
    // The test never started: keep what was read, timed from the run start.
    for (std::size_t i = 0; i < readings_.size(); ++i)
      if (sinks_.sample) sinks_.sample(to_seconds(readings_[i].t_ns), pending_sample(i));
    for (const IoReading& r : pending_io_)
      if (sinks_.io_sample) sinks_.io_sample(to_seconds(r.t_ns), r);
    pending_io_.clear();
  }
  done_ = true;
  event(EventKind::station, aborted_ ? fmt::format("station aborted: {}", abort_reason_) : "station finished",
        {{"status", to_string(aborted_ ? RunStatus::aborted : RunStatus::finished)}, {"reason", abort_reason_}});
  if (on_done_) on_done_();
}

}  // namespace pumprig
