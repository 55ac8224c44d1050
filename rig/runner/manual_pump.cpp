#include "rig/runner/manual_pump.hpp"

#include <fmt/format.h>

#include "rig/config/units.hpp"

namespace pumprig {

ManualPump::ManualPump(EventLoop& loop, const PumpConfig& config, double density_g_ml, Host host)
    : loop_(loop), config_(config), density_g_ml_(density_g_ml), host_(std::move(host)) {}

ManualPump::~ManualPump() { loop_.cancel(watch_timer_); }

void ManualPump::connect(Callback<InstrumentIdentity> done) {
  InstrumentIdentity id;
  id.manufacturer = config_.dut.manufacturer;
  id.model = config_.dut.model;
  id.serial = config_.dut.serial;
  id.firmware = config_.dut.firmware;
  id.protocol = "operator (front panel)";
  state_ = DeviceState::configured;
  done(id);
}

void ManualPump::ask(OperatorPrompt prompt, std::function<void()> confirmed, std::function<void(const DeviceError&)> declined) {
  prompt.station = host_.station;
  host_.ask(prompt, [this, operation = operation_, confirmed = std::move(confirmed), declined = std::move(declined)](
                        const OperatorAnswer& a) {
    if (operation != operation_) return;  // superseded meanwhile
    if (a.confirmed) confirmed();
    else declined(error("the operator declined"));
  });
}

void ManualPump::program(const PumpProgram& p, Callback<Unit> done) {
  if (state_ == DeviceState::unconfigured) return done(refusal(config_.name, "set rate", state_, "connect first"));
  OperatorPrompt prompt{host_.station, fmt::format("Set the pump to {} ml/h (do not start it yet)", p.rate_ml_h), "set_rate"};
  prompt.rate_ml_h = p.rate_ml_h;
  ask(
      prompt,
      [this, rate = p.rate_ml_h, done] {
        rate_ml_h_ = rate;
        done(Unit{});
      },
      [done](const DeviceError& e) { done(e); });
}

void ManualPump::start(Callback<Unit> done) {
  if (state_ == DeviceState::unconfigured) return done(refusal(config_.name, "start", state_, "connect first"));
  if (!pending_stops_.empty()) return done(error("start refused: a stop is being confirmed"));
  if (pending_start_) finish_start(error("superseded by another start"));
  ++operation_;
  // Asked to start counts as running: the operator may press start and then decline, or the flow
  // may simply not have shown yet.
  may_run_ = true;
  state_ = DeviceState::active;
  pending_start_ = std::move(done);
  ask(
      OperatorPrompt{host_.station, "Press start on the pump and confirm at the moment you press it (that is the test's t = 0)",
                     "start_pump"},
      [this] {
        // The operator's confirmation is the start: t = 0 of the test, whatever the mechanism
        // then takes to deliver (that delay is what the start-up graph shows).
        const Nanos deadline = flow_deadline();
        const double threshold = flow_threshold_g();
        checking_start_ = true;
        watch(FlowWatch::Expect::flow, deadline, [this, deadline, threshold](std::optional<Nanos> at) {
          checking_start_ = false;
          if (!at) {
            host_.fault(fmt::format(
                "{}: no flow on the balance within {} of the operator starting the pump (start-up allowance {}, plus {} for "
                "{} ml/h to put {:.1f} mg on the balance): check that the pump runs and the line is open",
                config_.name, format_duration(to_seconds(deadline)), format_duration(to_seconds(startup_allowance_)),
                format_duration(to_seconds(deadline - startup_allowance_)), check_rate_ml_h(), threshold * 1000.0));
            return;
          }
          host_.event(EventKind::pump,
                      fmt::format("balance confirms the flow started at t = {:.1f} s ({:.1f} s after the operator's start)",
                                  host_.test_time_s(*at), to_seconds(*at - watch_since_)),
                      {{"detected_t_s", host_.test_time_s(*at)}, {"expect", "flow"}});
        });
        // After the check is in place: what the start's caller does next may be a stop.
        finish_start(Unit{});
      },
      [this](const DeviceError& e) { finish_start(e); });
}

// The set rate, or (never set: the operator was not asked) the least the pump can deliver.
double ManualPump::check_rate_ml_h() const { return rate_ml_h_ > 0 ? rate_ml_h_ : config_.min_rate_ml_h; }

double ManualPump::flow_threshold_g() const {
  return FlowWatch::threshold_for(check_rate_ml_h(), density_g_ml_, kFlowWindow, host_.readability_g);
}

// The start-up allowance (slack, priming), plus the time the set rate takes to put the detection
// threshold on the balance once it delivers.
Nanos ManualPump::flow_deadline() const {
  const double g_per_s = check_rate_ml_h() / 3600.0 * density_g_ml_;
  const double fill_s = g_per_s > 0 ? flow_threshold_g() / g_per_s : 0.0;
  return startup_allowance_ + from_seconds(fill_s);
}

void ManualPump::stop(Callback<Unit> done) {
  if (!may_run_) {
    // Never asked to start (or confirmed stopped since): nothing to ask the operator.
    state_ = state_ == DeviceState::unconfigured ? state_ : DeviceState::configured;
    return done(Unit{});
  }
  pending_stops_.push_back(std::move(done));
  // A stop whose flow watch runs is joined (the watch ends within kConfirmTimeout). One still
  // waiting for the operator's answer is asked again: the teardown's prompts are bounded by its
  // prompt timeout, and a question asked before the teardown might never be answered.
  if (pending_stops_.size() > 1 && stop_watching_) return;
  stop_watching_ = false;
  if (pending_start_) {
    cancel_watch();
    finish_start(error("superseded by a stop"));
  }
  if (checking_start_) {
    // Stopped before the flow showed: the start's plausibility check has nothing left to check.
    checking_start_ = false;
    cancel_watch();
  }
  ++operation_;
  // Whatever the operator answers, the balance says whether the flow really stopped.
  auto confirm = [this](std::optional<std::string> declined) {
    stop_watching_ = true;
    watch(FlowWatch::Expect::no_flow, kConfirmTimeout, [this, declined](std::optional<Nanos> at) {
      if (at) {
        may_run_ = false;
        state_ = DeviceState::configured;
        host_.event(EventKind::pump,
                    fmt::format("balance confirms the flow stopped at t = {:.1f} s ({:.1f} s after the operator's answer)",
                                host_.test_time_s(*at), to_seconds(*at - watch_since_)),
                    {{"detected_t_s", host_.test_time_s(*at)}, {"expect", "no_flow"}});
      }
      if (declined) {
        finish_stops(error(fmt::format("{}; the balance then {}", *declined,
                                       at ? "showed the flow stopped" : "still showed flow: check the pump by hand")));
        return;
      }
      if (!at) {
        finish_stops(error(fmt::format("the balance still shows flow {} after the operator stopped the pump: check the pump by hand",
                                       format_duration(to_seconds(kConfirmTimeout)))));
        return;
      }
      finish_stops(Unit{});
    });
  };
  ask(
      OperatorPrompt{host_.station, "Press stop on the pump", "stop_pump"}, [confirm] { confirm(std::nullopt); },
      [confirm](const DeviceError& e) { confirm(e.message); });
}

void ManualPump::status(Callback<PumpStatus> done) {
  PumpStatus s;
  s.t_ns = loop_.now();
  s.state = may_run_ ? PumpState::infusing : PumpState::stopped;
  done(s);
}

void ManualPump::disconnect(Callback<std::string> done) {
  state_ = DeviceState::unconfigured;
  done(std::string());
}

void ManualPump::on_reading(const BalanceReading& r) {
  last_reading_ = r;
  if (!watch_) return;
  if (const auto at = watch_->feed(r.t_ns, r.mass_g)) {
    // Confirmed after the station has recorded this reading.
    watch_.reset();
    loop_.schedule_after(0, [this, at] { finish_watch(at); });
  }
}

void ManualPump::watch(FlowWatch::Expect expect, Nanos timeout, std::function<void(std::optional<Nanos>)> done) {
  std::optional<double> baseline;
  if (last_reading_) baseline = last_reading_->mass_g;
  watch_since_ = loop_.now();
  watch_.emplace(expect, flow_threshold_g(), kFlowWindow, watch_since_, baseline);
  watch_done_ = std::move(done);
  loop_.cancel(watch_timer_);
  watch_timer_ = loop_.schedule_after(timeout, [this] {
    watch_timer_ = 0;
    finish_watch(std::nullopt);
  });
}

void ManualPump::finish_watch(std::optional<Nanos> at) {
  loop_.cancel(watch_timer_);
  watch_timer_ = 0;
  watch_.reset();
  auto done = std::move(watch_done_);
  watch_done_ = nullptr;
  if (done) done(at);
}

void ManualPump::cancel_watch() {
  loop_.cancel(watch_timer_);
  watch_timer_ = 0;
  watch_.reset();
  watch_done_ = nullptr;
}

void ManualPump::finish_start(Outcome<Unit> r) {
  auto done = std::move(pending_start_);
  pending_start_ = nullptr;
  if (done) done(std::move(r));
}

void ManualPump::finish_stops(Outcome<Unit> r) {
  stop_watching_ = false;
  auto stops = std::move(pending_stops_);
  pending_stops_.clear();
  for (auto& done : stops) done(r);
}

}  // namespace pumprig
