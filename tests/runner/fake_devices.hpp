#pragma once
// Fake devices for StationRun unit tests: a balance, a remotely controlled pump and an I/O board
// behind the device interfaces, sharing one tiny world (the pump delivers into the vessel unless
// the line is occluded; an occluded line builds pressure until the pump alarms and stops). Every
// command that changes the world is written to a call log, so tests can check the teardown order
// and the state a station leaves behind. Answers come from the loop a few ms later, as a real
// driver's would.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/event_loop.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/devices/pump.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig::test {

struct FakeWorld {
  EventLoop& loop;
  bool pump_running = false;
  bool pump_alarm = false;
  bool occluded = false;
  double rate_ml_h = 0.0;
  double mass_g = 0.0;
  double pressure_mmhg = 2.0;
  Nanos last_ns = 0;
  std::vector<std::string> log;

  explicit FakeWorld(EventLoop& l) : loop(l) {}

  // Advances the physics to now: flow into the vessel, or pressure behind a closed line.
  void advance() {
    const double dt = to_seconds(loop.now() - last_ns);
    last_ns = loop.now();
    if (dt <= 0) return;
    if (pump_running && !occluded) mass_g += rate_ml_h / 3600.0 * dt;
    if (pump_running && occluded) pressure_mmhg += 20.0 * dt;
    if (!occluded) pressure_mmhg = std::max(2.0, pressure_mmhg - 200.0 * dt);
    if (pump_running && pressure_mmhg > 300.0) {
      pump_alarm = true;  // the pump's occlusion alarm stops it
      pump_running = false;
    }
  }
  void note(const std::string& call) { log.push_back(call); }
  // Index of the last call with this text; -1 when never called.
  long last(const std::string& call) const {
    for (long i = static_cast<long>(log.size()) - 1; i >= 0; --i)
      if (log[static_cast<std::size_t>(i)] == call) return i;
    return -1;
  }
};

// Answers `done` from the loop after a short delay, as a driver on a serial link would.
template <class T>
void later(EventLoop& loop, std::function<void(Outcome<T>)> done, Outcome<T> value) {
  loop.schedule_after(milliseconds(5), [done = std::move(done), value = std::move(value)] { done(value); });
}

class FakeBalance final : public Balance {
 public:
  explicit FakeBalance(FakeWorld& w) : w_(w) {}
  const std::string& name() const override { return name_; }
  DeviceState state() const override { return state_; }
  void connect(Callback<InstrumentIdentity> done) override {
    state_ = DeviceState::configured;
    later<InstrumentIdentity>(w_.loop, std::move(done), InstrumentIdentity{"Fake", "B1", "1", "1", "fake"});
  }
  void tare(Callback<double> done) override {
    w_.advance();
    const double tare = w_.mass_g;
    tare_g_ += tare;
    w_.mass_g = 0;
    later<double>(w_.loop, std::move(done), tare);
  }
  void zero(Callback<Unit> done) override { later<Unit>(w_.loop, std::move(done), Unit{}); }
  void read_stable(Callback<BalanceReading> done) override { later<BalanceReading>(w_.loop, std::move(done), reading()); }
  void start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                      std::function<void(const DeviceError&)>) override {
    w_.note("balance.start_readings");
    streaming = true;
    on_reading_ = std::move(on_reading);
    period_ = period > 0 ? period : seconds(1);
    tick();
  }
  void stop_readings() override {
    w_.note("balance.stop_readings");
    streaming = false;
    w_.loop.cancel(timer_);
  }
  bool streaming = false;

 private:
  BalanceReading reading() {
    w_.advance();
    return BalanceReading{w_.loop.now(), w_.mass_g, true, WeightStatus::ok};
  }
  void tick() {
    timer_ = w_.loop.schedule_after(period_, [this] {
      if (!streaming) return;
      if (on_reading_) on_reading_(reading());
      tick();
    });
  }
  FakeWorld& w_;
  std::string name_ = "balance-1";
  DeviceState state_ = DeviceState::unconfigured;
  double tare_g_ = 0;
  std::function<void(const BalanceReading&)> on_reading_;
  Nanos period_ = seconds(1);
  TimerId timer_ = 0;
};

class FakePump final : public Pump {
 public:
  explicit FakePump(FakeWorld& w) : w_(w) {}
  const std::string& name() const override { return name_; }
  DeviceState state() const override { return state_; }
  void connect(Callback<InstrumentIdentity> done) override {
    w_.note("pump.connect");
    state_ = DeviceState::configured;
    later<InstrumentIdentity>(w_.loop, std::move(done), InstrumentIdentity{"Fake", "P1", "1", "1", "fake safe mode"});
  }
  void program(const PumpProgram& p, Callback<Unit> done) override {
    w_.rate_ml_h = p.rate_ml_h;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void start(Callback<Unit> done) override {
    if (state_ == DeviceState::unconfigured) {
      later<Unit>(w_.loop, std::move(done), refusal(name_, "start", state_, "connect first"));
      return;
    }
    w_.advance();
    w_.note("pump.start");
    w_.pump_running = true;
    w_.pump_alarm = false;
    state_ = DeviceState::active;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void stop(Callback<Unit> done) override {
    w_.advance();
    w_.note("pump.stop");
    w_.pump_running = false;
    w_.pump_alarm = false;  // stopping acknowledges the alarm
    if (state_ == DeviceState::active) state_ = DeviceState::configured;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void status(Callback<PumpStatus> done) override { later<PumpStatus>(w_.loop, std::move(done), current()); }
  void start_monitoring(Nanos period, std::function<void(const PumpStatus&)> on_status,
                        std::function<void(const DeviceError&)>) override {
    monitoring = true;
    on_status_ = std::move(on_status);
    period_ = period;
    tick();
  }
  void stop_monitoring() override {
    monitoring = false;
    w_.loop.cancel(timer_);
  }
  void disconnect(Callback<std::string> done) override {
    w_.advance();
    w_.note("pump.disconnect");
    w_.pump_running = false;
    stop_monitoring();
    state_ = DeviceState::unconfigured;
    later<std::string>(w_.loop, std::move(done), std::string("left remote safe mode"));
  }
  bool monitoring = false;

 private:
  PumpStatus current() {
    w_.advance();
    PumpStatus s;
    s.t_ns = w_.loop.now();
    s.state = w_.pump_alarm ? PumpState::alarm : w_.pump_running ? PumpState::infusing : PumpState::stopped;
    if (w_.pump_alarm) {
      s.alarm = PumpAlarm::occlusion;
      s.alarm_text = "occlusion";
    }
    return s;
  }
  void tick() {
    timer_ = w_.loop.schedule_after(period_, [this] {
      if (!monitoring) return;
      if (on_status_) on_status_(current());
      tick();
    });
  }
  FakeWorld& w_;
  std::string name_ = "pump-1";
  DeviceState state_ = DeviceState::unconfigured;
  std::function<void(const PumpStatus&)> on_status_;
  Nanos period_ = seconds(1);
  TimerId timer_ = 0;
};

class FakeIoBoard final : public IoBoard {
 public:
  explicit FakeIoBoard(FakeWorld& w) : w_(w) {}
  const std::string& name() const override { return name_; }
  DeviceState state() const override {
    if (!configured_) return DeviceState::unconfigured;
    return w_.occluded ? DeviceState::active : DeviceState::configured;
  }
  void connect(Callback<InstrumentIdentity> done) override {
    w_.note("io.connect");
    later<InstrumentIdentity>(w_.loop, std::move(done), InstrumentIdentity{"Fake", "IO1", "1", "1", "fake"});
  }
  void configure(const RigIoConfig&, Callback<Unit> done) override {
    configured_ = true;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void start_streaming(Nanos period, std::function<void(const IoReading&)> on_reading,
                       std::function<void(const DeviceError&)>) override {
    streaming = true;
    on_reading_ = std::move(on_reading);
    period_ = period;
    tick();
  }
  void stop_streaming() override {
    streaming = false;
    w_.loop.cancel(timer_);
  }
  void set_stale_periods(int) override {}
  void on_board_event(std::function<void(const IoBoardEvent&)>) override {}
  void disconnect(Callback<Unit> done) override {
    w_.advance();
    w_.note("io.disconnect");
    stop_streaming();
    w_.occluded = false;  // the board releases on disconnect
    configured_ = false;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void occlude(Callback<Unit> done) override {
    if (!configured_) {
      later<Unit>(w_.loop, std::move(done), refusal(name_, "occlude", DeviceState::unconfigured, "configure first"));
      return;
    }
    w_.advance();
    w_.note("io.occlude");
    w_.occluded = true;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  void release(Callback<Unit> done) override {
    w_.advance();
    w_.note("io.release");
    w_.occluded = false;
    later<Unit>(w_.loop, std::move(done), Unit{});
  }
  std::optional<bool> occluded() const override { return w_.occluded; }
  void start_pressure(Nanos, std::function<void(const PressureReading&)>, std::function<void(const DeviceError&)>) override {}
  void stop_pressure() override {}
  void watch_alarm(std::function<void(const AlarmChange&)>) override {}
  std::optional<bool> alarm_active() const override { return false; }
  bool streaming = false;

 private:
  void tick() {
    timer_ = w_.loop.schedule_after(period_, [this] {
      if (!streaming) return;
      w_.advance();
      IoReading r;
      r.t_ns = w_.loop.now();
      r.pressure_mmhg = w_.pressure_mmhg;
      r.temperature_c = 20.0;
      r.occluder_closed = w_.occluded;
      if (on_reading_) on_reading_(r);
      tick();
    });
  }
  FakeWorld& w_;
  std::string name_ = "io-1";
  bool configured_ = false;
  std::function<void(const IoReading&)> on_reading_;
  Nanos period_ = milliseconds(100);
  TimerId timer_ = 0;
};

// Confirms every prompt after a second, as a person at the bench would.
class FakeOperator final : public Operator {
 public:
  explicit FakeOperator(EventLoop& loop) : loop_(loop) {}
  void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) override {
    prompts.push_back(prompt.action);
    loop_.schedule_after(seconds(1), [done = std::move(done)] { done(OperatorAnswer{true, "", "fake operator"}); });
  }
  std::string describe() const override { return "fake operator"; }
  bool simulated() const override { return true; }
  std::vector<std::string> prompts;

 private:
  EventLoop& loop_;
};

}  // namespace pumprig::test
