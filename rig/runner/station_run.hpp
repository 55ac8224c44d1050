#pragma once
// One station working through a scenario: connect and identify the instruments, stream balance
// readings, execute the steps in order, and always end in the safe state (pump stopped, out of
// safe mode, readings stopped) whether the steps finished, failed, or the run was aborted.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/bench/bench.hpp"
#include "rig/config/scenario.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/record/station_markers.hpp"
#include "rig/runner/manual_pump.hpp"
#include "rig/runner/operator.hpp"
#include "rig/runner/safety_supervisor.hpp"
#include "rig/runner/station_step.hpp"
#include "rig/runner/step_scope.hpp"

namespace pumprig {

struct RecordedReading {
  Nanos t_ns;  // loop time
  double mass_g;
  bool stable;
};

// Where a station's data goes; the runner connects this to the recorder.
struct StationSinks {
  EventSink event;
  // time_s relative to the test origin (pump start); readings before the start are negative.
  std::function<void(double time_s, const BalanceReading&)> sample;
  std::function<void(const std::string& instrument, const InstrumentIdentity&)> identity;
  // The rig I/O board's readings, time_s from the test origin like `sample`.
  std::function<void(double time_s, const IoReading&)> io_sample;
  // Every reading before the test origin is known, as it comes, timed from the recording start
  // (loop time): nothing is held only in memory. When the pump starts, the same readings also go
  // to `sample` / `io_sample` in test time.
  std::function<void(double loop_time_s, const BalanceReading&)> prestart_sample;
  std::function<void(double loop_time_s, const IoReading&)> prestart_io_sample;
  // Live displays: every reading as it arrives, in loop time (unset: nobody watches).
  std::function<void(const BalanceReading&)> live_reading;
  std::function<void(const IoReading&)> live_io;
};

// When the occlusion and free-flow steps happened (loop time): what the station's behaviour
// depends on (an alarm between occlusion and the end of collection is expected). The record
// carries the same moments as typed markers (rig/record/station_markers.hpp).
struct StationMarkers {
  std::optional<Nanos> occlude, alarm, release, collect_end, door_open, door_close;
};


// The station is its steps' host (StepHost): the steps reach it only through that interface.
class StationRun : private StepHost {
 public:
  StationRun(EventLoop& loop, StationRig& rig, const Scenario& scenario, double density_g_ml, Operator& op,
             StationSinks sinks, std::function<void()> on_done);
  StationRun(const StationRun&) = delete;
  StationRun& operator=(const StationRun&) = delete;

  void start();
  // Stops the steps and tears down to the safe state; safe to call at any time, more than once.
  void abort(const std::string& reason);

  const std::string& id() const { return rig_.config->id; }
  bool finished() const { return done_; }
  bool aborted() const { return aborted_; }
  const std::string& abort_reason() const { return abort_reason_; }
  // What a live display shows. Results are not computed from the station's memory but from
  // the record it streams (rig/session/recorded_results.hpp): checks, deviations and markers go
  // into events.jsonl as they happen, readings into the samples and I/O files.
  const LiveStationState& live() const override { return live_; }
  bool paused() const { return paused_; }
  // An operator's pause from the control channel: the station holds in the safe state and asks to
  // resume, as after a fault. Refused (the reason returned) unless the fixture's fault policy is
  // `pause`, or when the station is not running a step.
  std::optional<std::string> request_pause(const std::string& who);

 private:
  void connect_instruments();
  void begin_steps();
  void next_step();
  // StepHost: what the current step may use.
  const std::string& station_id() const override { return id(); }
  const StationConfig& station_config() const override { return *rig_.config; }
  EventLoop& loop() override { return loop_; }
  Balance& balance() override { return *rig_.balance; }
  Pump& pump() override { return *pump_; }
  IoBoard* io_board() override { return rig_.io.get(); }
  SafetySupervisor& safety() override { return safety_; }
  const StepScope& scope() const override { return step_; }
  nlohmann::json mark(Marker m) override;
  void step_done() override;
  void step_failed(const std::string& why) override;
  void start_pump(std::function<void()> then, std::optional<double> startup_allowance_s = std::nullopt) override;
  void stop_pump(std::function<void()> then) override;
  bool alarm_active() const override { return alarm_active_; }
  bool lost(const std::string& instrument) const override { return lost_.count(instrument) > 0; }
  double test_time_s() const override { return test_time_s(loop_.now()); }
  // An alarm while the line is occluded, the door open or a step waits for one is the
  // measurement; otherwise a fault (station_faults.cpp).
  void pump_alarm_seen(const std::string& source, const std::string& text, PumpAlarm kind = PumpAlarm::other);
  // The rig I/O board (station_io.cpp).
  void connect_io_board(std::function<void()> then);
  void on_io_reading(const IoReading& r);
  void ask_operator(OperatorPrompt prompt, std::function<void()> then) override;
  // The manual pump's prompts: recorded with their answers, and bounded by the teardown's prompt
  // timeout once the station tears down.
  void ask_for_pump(const OperatorPrompt& prompt, std::function<void(const OperatorAnswer&)> then);
  // Fault policy (station_faults.cpp).
  // `lost`: the instrument stopped answering (reported once per outage, until it answers again);
  // otherwise an alarm.
  void fault(const std::string& source, const std::string& what, bool lost);
  void instrument_back(const std::string& source);
  void pause_station(const std::string& why);
  LiveInstrument& live_instrument(const std::string& name, const char* role);
  void identified(const std::string& name, const char* role, const InstrumentIdentity& ident);
  void seen(const std::string& name, const char* role, Nanos t);
  void ask_to_resume(const std::string& why);
  void resume_after_pause();
  void stop_pump_for_pause(std::function<void()> then);
  std::unique_ptr<ManualPump> make_manual_pump_if_needed();
  SafetySupervisor::Host safety_host();
  // Voids the current step: its callbacks, timers and waits (the teardown and a pause).
  void abandon_step();
  void teardown();
  void ask_in_teardown(OperatorPrompt prompt, std::function<void(bool confirmed, std::string by)> then);
  void finish();
  void on_reading(const BalanceReading& r);
  void on_pump_status(const PumpStatus& s);
  BalanceReading pending_sample(std::size_t i) const;
  void event(EventKind kind, std::string message, nlohmann::json data = nlohmann::json::object()) override;
  // Sets a marker the analyses need to now and returns the event data that records it.
  nlohmann::json mark(Marker m, std::optional<Nanos>& slot);
  // On the samples file's time axis: from the pump start, or from the recording start before it.
  double test_time_s(Nanos t) const { return to_seconds(t - t0_.value_or(0)); }
  template <class T>
  std::function<void(Outcome<T>)> guarded(std::function<void(const T&)> ok);

  EventLoop& loop_;
  StationRig& rig_;
  const Scenario& scenario_;
  double density_g_ml_;
  Operator& operator_;
  StationSinks sinks_;
  std::function<void()> on_done_;

  // The scenario's steps as objects, one per step, and the one that is current (none between
  // steps, while paused and in the teardown).
  std::vector<std::unique_ptr<StationStep>> steps_;
  StationStep* current_ = nullptr;
  std::size_t step_index_ = 0;
  StepScope step_;  // what the current step left waiting runs only while that step is current
  std::optional<Nanos> t0_;
  std::vector<RecordedReading> readings_;  // for the live flow, and samples at the test start
  LiveStationState live_;
  bool pump_started_ = false;
  bool start_requested_ = false;  // a start sent (or asked of the operator) and not yet confirmed
  // The pump under test: the bench's remote pump, or a ManualPump the station makes for a pump
  // only the operator can work (the operator is its wire, the balance its status line).
  std::unique_ptr<ManualPump> manual_pump_;  // fed the balance readings: its status line
  Pump* pump_ = nullptr;
  // The interlocks, the line and door as last confirmed, and the teardown order. An alarm is
  // expected while the line is occluded, the door open, or a step waits for one: it is the
  // measurement then, not a fault.
  SafetySupervisor safety_;
  StationMarkers markers_;
  std::vector<IoReading> pending_io_;  // before the test origin: written when the pump starts
  bool alarm_active_ = false;  // the pump's alarm, by status or alarm sense, since the last start
  std::map<std::string, Nanos> lost_;  // instruments lost, since when
  bool paused_ = false;
  int pauses_ = 0;
  bool resume_pump_ = false;  // the pump ran when the station paused: restart it on resume
  TimerId pause_timer_ = 0;
  bool aborted_ = false;
  bool tearing_down_ = false;
  bool done_ = false;
  std::string abort_reason_;
};

}  // namespace pumprig
