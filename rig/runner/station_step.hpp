#pragma once
// A scenario step as an object: what it is called on the progress line and in the record, what it
// does when it becomes the station's current step, and how it reacts to what the station sees
// while it is current (a balance reading, an I/O board reading, a pump alarm). A step reaches its
// station only through StepHost; everything it leaves waiting is bound to the host's StepScope,
// so finishing, failing, pausing or tearing down voids it at once. One class per kind of step in
// rig/runner/steps/, made by make_station_step (one line per kind).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/core/event_kind.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/core/outcome.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/devices/pump.hpp"
#include "rig/record/station_markers.hpp"
#include "rig/runner/operator.hpp"
#include "rig/runner/safety_supervisor.hpp"
#include "rig/runner/step_scope.hpp"

namespace pumprig {

// What a live display shows of a station, and what a step may read of it.
// One instrument of a station as a live display shows it.
struct LiveInstrument {
  std::string name;                   // as the fixture names it
  std::string role;                   // "balance", "pump", "I/O board"
  std::string identity;               // "Mettler Toledo XPR205 serial SIM-B0001"; empty until identified
  bool connected = false;             // identified, and not lost since
  std::optional<Nanos> last_seen_ns;  // its last reading or status (loop time)
};

struct LiveStationState {
  std::string step;          // "record 2 h"
  int step_index = 0;        // 1-based, 0 before the first step
  int step_count = 0;
  Nanos step_started_ns = 0;
  Nanos step_duration_ns = 0;  // record and wait steps; 0 for the others
  std::optional<BalanceReading> last_reading;
  double flow_ml_h = 0.0;    // over the last 30 s of readings
  bool pump_running = false;
  std::optional<double> pressure_mmhg;  // the rig I/O board's upstream transducer, when fitted
  std::optional<Nanos> pressure_at_ns;  // when that pressure was read
  bool occluder_closed = false;         // as the board reports it
  bool alarm_sensed = false;            // the board's pump-alarm input
  double set_rate_ml_h = 0.0;           // the rate the last set-pump step programmed
  double density_g_ml = 1.0;            // of the station's fluid: mass to volume
  std::optional<Nanos> test_origin_ns;  // t = 0 of the test (the pump start), once known
  std::vector<LiveInstrument> instruments;
  std::vector<std::string> steps;       // every step's description, in order
};

// What a step may use of its station.
class StepHost {
 public:
  virtual ~StepHost() = default;
  virtual const std::string& station_id() const = 0;
  virtual const StationConfig& station_config() const = 0;
  virtual EventLoop& loop() = 0;
  virtual Balance& balance() = 0;
  virtual Pump& pump() = 0;
  virtual IoBoard* io_board() = 0;  // null when the station has none
  virtual SafetySupervisor& safety() = 0;
  // What the step leaves waiting is bound to this scope (see guarded below).
  virtual const StepScope& scope() const = 0;

  virtual void event(EventKind kind, std::string message, nlohmann::json data = nlohmann::json::object()) = 0;
  // Asks the operator; `then` runs on a confirmation while this step is current; a decline fails it.
  virtual void ask_operator(OperatorPrompt prompt, std::function<void()> then) = 0;
  // Sets a marker the analyses need to now and returns the event data that records it.
  virtual nlohmann::json mark(Marker m) = 0;
  // The step's end: the next step starts, or the station aborts naming the step and `why`.
  virtual void step_done() = 0;
  virtual void step_failed(const std::string& why) = 0;

  // The pump with the station's bookkeeping: the start sets the test origin (t = 0) and writes
  // the readings taken before it in test time; the stop acknowledges an alarm.
  // `startup_allowance_s`: the step's key, for a pump worked by the operator (none: the default).
  virtual void start_pump(std::function<void()> then, std::optional<double> startup_allowance_s = std::nullopt) = 0;
  virtual void stop_pump(std::function<void()> then) = 0;

  // What the station knows now.
  virtual const LiveStationState& live() const = 0;
  virtual bool alarm_active() const = 0;          // the pump's alarm, by status or alarm sense, since the last start
  virtual bool lost(const std::string& instrument) const = 0;  // stopped answering and not back
  virtual double test_time_s() const = 0;         // now, on the samples file's time axis
};

class StationStep {
 public:
  virtual ~StationStep() = default;
  // "record 2 h", "check weight 50 g".
  virtual std::string describe() const = 0;
  // What the step's `step` event records besides its index and line (the set rate, for the
  // analyses).
  virtual void add_step_data(StepHost&, nlohmann::json&) const {}
  // The step becomes current (again, when it repeats after a pause): it ends by calling the
  // host's step_done or step_failed, at once or later.
  virtual void run(StepHost& host) = 0;
  // The station stops the step before its end (a pause, the teardown): cancel its timers.
  virtual void abandon(StepHost&) {}
  // What the station sees while the step is current.
  virtual void on_reading(StepHost&, const BalanceReading&) {}
  virtual void on_io_reading(StepHost&, const IoReading&) {}
  virtual void on_alarm(StepHost&) {}
  // Whether a pump alarm now is what the step waits for (the measurement, not a fault).
  virtual bool expects_alarm() const { return false; }
};

// The step object for a scenario step (which must outlive it).
std::unique_ptr<StationStep> make_station_step(const Step& step);

// A driver callback bound to the current step: a failure fails the step; a reply that comes after
// the step ended is dropped.
template <class T>
std::function<void(Outcome<T>)> guarded(StepHost& host, std::function<void(const T&)> ok) {
  return host.scope().bind([&host, ok = std::move(ok)](Outcome<T> r) {
    if (!r) {
      host.step_failed(r.error().what());
      return;
    }
    ok(r.value());
  });
}

}  // namespace pumprig
