#pragma once
// A pump nobody can command over a wire, as a Pump: the operator is its wire (asked to key in
// the rate, to press start, to press stop) and the balance its status line (a FlowWatch confirms
// that the flow really started or stopped). The station drives it exactly as it drives a remote
// pump, so no step, pause or teardown has a path of its own for it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/config/fixture.hpp"
#include "rig/core/event_kind.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/pump.hpp"
#include "rig/runner/flow_watch.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig {

class ManualPump final : public Pump {
 public:
  // What the station lends the pump.
  struct Host {
    std::string station;  // the prompts' station
    // Asks the operator; the station records the prompt and the answer (and, in its teardown,
    // stops waiting after its prompt timeout).
    std::function<void(const OperatorPrompt&, std::function<void(const OperatorAnswer&)>)> ask;
    // Records an event under the station.
    std::function<void(EventKind, std::string, nlohmann::json)> event;
    // A loop time on the samples file's time axis (test time once the pump started).
    std::function<double(Nanos)> test_time_s;
    // A fault of the pump found after its start was answered (no flow ever showed): the
    // station's fault policy decides.
    std::function<void(std::string)> fault;
    std::optional<double> readability_g;  // the station balance's, when the fixture states it
  };

  // How long the balance has to confirm that the flow stopped.
  static constexpr Nanos kConfirmTimeout = seconds(120);
  // How long a started pump may take to deliver, by default (the start_pump step's
  // startup_allowance): the default bench's 60 ml syringe takes about 7.5 min at 1 ml/h to take
  // up its slack.
  static constexpr Nanos kDefaultStartupAllowance = seconds(15 * 60);
  // The window a stopped flow is judged over (and the flow threshold's).
  static constexpr Nanos kFlowWindow = seconds(30);

  ManualPump(EventLoop& loop, const PumpConfig& config, double density_g_ml, Host host);
  ~ManualPump() override;
  ManualPump(const ManualPump&) = delete;
  ManualPump& operator=(const ManualPump&) = delete;

  // Every balance reading of the station: the pump's only status.
  void on_reading(const BalanceReading& r);

  const std::string& name() const override { return config_.name; }
  DeviceState state() const override { return state_; }
  // The identity is the fixture's DUT block (nothing can be queried); protocol "operator".
  void connect(Callback<InstrumentIdentity> done) override;
  // The operator keys the rate in (the prompt carries it for a simulated operator's hands).
  void program(const PumpProgram& p, Callback<Unit> done) override;
  // The operator presses start and confirms at that moment: done then, so the test's t = 0 is
  // the start (the start-up graph shows the delay before the flow). The balance must then show
  // the flow within the start-up allowance plus the time the set rate needs to put the detection
  // threshold on it (flow_deadline()); if it does not, Host::fault. A plausibility check, not
  // the start.
  void start(Callback<Unit> done) override;
  void set_startup_allowance(Nanos allowance) { startup_allowance_ = allowance; }
  Nanos flow_deadline() const;
  double flow_threshold_g() const;
  double check_rate_ml_h() const;
  // The operator presses stop; done when the balance shows no flow. A pump never asked to start
  // is stopped already: no prompt. A stop while another is being confirmed on the balance joins
  // it; one while another still waits for the operator asks again (both callers get the answer);
  // a stop while a start is being confirmed ends that start (its caller gets a "superseded"
  // error).
  void stop(Callback<Unit> done) override;
  void status(Callback<PumpStatus> done) override;
  // No status to poll and no heartbeat: monitoring is the balance's.
  void start_monitoring(Nanos, std::function<void(const PumpStatus&)>, std::function<void(const DeviceError&)>) override {}
  void stop_monitoring() override {}
  // Nothing to leave: the operator works it ("" for the record).
  void disconnect(Callback<std::string> done) override;

 private:
  void ask(OperatorPrompt prompt, std::function<void()> confirmed, std::function<void(const DeviceError&)> declined);
  void watch(FlowWatch::Expect expect, Nanos timeout, std::function<void(std::optional<Nanos>)> done);
  void finish_watch(std::optional<Nanos> at);
  void cancel_watch();
  void finish_start(Outcome<Unit> r);
  void finish_stops(Outcome<Unit> r);
  DeviceError error(std::string message) const { return DeviceError{config_.name, std::move(message)}; }

  EventLoop& loop_;
  const PumpConfig& config_;
  double density_g_ml_;
  Host host_;
  DeviceState state_ = DeviceState::unconfigured;
  double rate_ml_h_ = 0.0;
  // Asked to start and not confirmed stopped since: it may be running (the flow may simply not
  // have shown yet), so a stop must ask.
  bool may_run_ = false;
  std::optional<BalanceReading> last_reading_;
  std::optional<FlowWatch> watch_;
  std::function<void(std::optional<Nanos>)> watch_done_;
  TimerId watch_timer_ = 0;
  Nanos watch_since_ = 0;
  Callback<Unit> pending_start_;
  std::vector<Callback<Unit>> pending_stops_;
  bool stop_watching_ = false;  // the pending stop was answered: the balance is being watched
  bool checking_start_ = false;  // the watch running is the start's plausibility check
  Nanos startup_allowance_ = kDefaultStartupAllowance;
  std::uint64_t operation_ = 0;  // a start or stop superseded by a later one ignores its answers
};

}  // namespace pumprig
