#include "rig/runner/station_run.hpp"

#include <cmath>
#include <memory>

#include <fmt/format.h>

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
  for (const Step& step : scenario_.steps) steps_.push_back(make_station_step(step));
  live_.step_count = static_cast<int>(scenario_.steps.size());
  live_.density_g_ml = density_g_ml_;
  for (const auto& step : steps_) live_.steps.push_back(step->describe());
  live_instrument(rig_.balance->name(), "balance");
  live_instrument(pump_->name(), "pump");
  if (rig_.io) live_instrument(rig_.io->name(), "I/O board");
}

LiveInstrument& StationRun::live_instrument(const std::string& name, const char* role) {
  for (auto& i : live_.instruments)
    if (i.name == name) return i;
  live_.instruments.push_back(LiveInstrument{name, role, "", false, std::nullopt});
  return live_.instruments.back();
}

void StationRun::identified(const std::string& name, const char* role, const InstrumentIdentity& ident) {
  LiveInstrument& i = live_instrument(name, role);
  i.identity = fmt::format("{} {} serial {}", ident.manufacturer, ident.model, ident.serial.empty() ? "unknown" : ident.serial);
  i.connected = !lost_.count(name);
}

void StationRun::seen(const std::string& name, const char* role, Nanos t) {
  LiveInstrument& i = live_instrument(name, role);
  i.last_seen_ns = t;
  if (!i.identity.empty()) i.connected = true;
}

std::optional<std::string> StationRun::request_pause(const std::string& who) {
  if (rig_.config->on_fault != FaultPolicy::pause)
    return fmt::format("station {}'s fault policy is {}, not pause: it cannot pause (abort is always possible)", id(),
                       to_string(rig_.config->on_fault));
  if (done_ || tearing_down_) return fmt::format("station {} has ended its steps", id());
  if (paused_) return fmt::format("station {} is paused already", id());
  if (!current_) return fmt::format("station {} is not running a step", id());
  ++pauses_;
  pause_station(fmt::format("paused by {}", who));
  return std::nullopt;
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
  host.fault = [this](std::string what) { fault(rig_.config->pump.name, std::move(what), false); };
  host.readability_g = rig_.config->balance.readability_g;
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
  return pumprig::guarded<T>(static_cast<StepHost&>(*this), std::move(ok));
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
    identified(rig_.balance->name(), "balance", ident);
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
      identified(pump_->name(), "pump", pident);
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
  current_ = steps_[step_index_].get();
  live_.step_index = static_cast<int>(step_index_ + 1);
  live_.step = current_->describe();
  live_.step_started_ns = loop_.now();
  live_.step_duration_ns = from_seconds(step.duration_s);
  nlohmann::json data = {{"index", step_index_ + 1}, {"line", step.where.line}};
  current_->add_step_data(*this, data);
  if (const auto rate = data.find("rate_ml_h"); rate != data.end() && rate->is_number()) live_.set_rate_ml_h = rate->get<double>();
  event(EventKind::step, fmt::format("step {}/{}: {}", step_index_ + 1, scenario_.steps.size(), live_.step), std::move(data));
  current_->run(*this);
}

void StationRun::step_done() {
  step_.end();
  current_ = nullptr;
  ++step_index_;
  next_step();
}

void StationRun::step_failed(const std::string& why) {
  const bool in_step = step_index_ < steps_.size() && live_.step_index > 0;
  abort(in_step ? fmt::format("step {} ({}) failed: {}", step_index_ + 1, steps_[step_index_]->describe(), why) : why);
}

nlohmann::json StationRun::mark(Marker m) {
  switch (m) {
    case Marker::occlude: return mark(m, markers_.occlude);
    case Marker::alarm: return mark(m, markers_.alarm);
    case Marker::release: return mark(m, markers_.release);
    case Marker::collect_end: return mark(m, markers_.collect_end);
    case Marker::door_open: return mark(m, markers_.door_open);
    case Marker::door_close: return mark(m, markers_.door_close);
    case Marker::test_origin: return mark(m, t0_);
    default: return marker_data(m, test_time_s(loop_.now()));  // a moment the station keeps no state for
  }
}

void StationRun::start_pump(std::function<void()> then, std::optional<double> startup_allowance_s) {
  if (manual_pump_)
    manual_pump_->set_startup_allowance(startup_allowance_s ? from_seconds(*startup_allowance_s) : ManualPump::kDefaultStartupAllowance);
  auto started = [this, then = std::move(then)] {
    nlohmann::json data = nlohmann::json::object();
    if (!t0_) data = mark(Marker::test_origin, t0_);
    data["t0_s"] = to_seconds(*t0_);
    live_.test_origin_ns = t0_;
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
    then();
  };
  start_requested_ = true;
  pump_->start(guarded<Unit>([started](const Unit&) { started(); }));
}

void StationRun::stop_pump(std::function<void()> then) {
  auto stopped = [this, then = std::move(then)] {
    alarm_active_ = false;  // stopping acknowledges an alarm
    pump_started_ = false;
    live_.pump_running = false;
    event(EventKind::pump, "pump stopped");
    then();
  };
  pump_->stop(guarded<Unit>([stopped](const Unit&) { stopped(); }));
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
  seen(rig_.balance->name(), "balance", r.t_ns);
  live_.last_reading = r;
  if (sinks_.live_reading) sinks_.live_reading(r);
  readings_.push_back(RecordedReading{r.t_ns, r.mass_g, r.stable});
  if (manual_pump_) manual_pump_->on_reading(r);
  // The current step sees it (a record step's end, a wait for a mass change); whatever it ends
  // runs after this reading has been recorded (below).
  if (current_) current_->on_reading(*this, r);
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
  seen(pump_->name(), "pump", loop_.now());
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
  if (current_) current_->abandon(*this);
  current_ = nullptr;
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
