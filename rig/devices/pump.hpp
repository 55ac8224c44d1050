#pragma once
// The device-facing interface of a pump under test that accepts remote control.
#include <functional>
#include <optional>
#include <string>

#include "rig/core/outcome.hpp"
#include "rig/core/time.hpp"
#include "rig/devices/identity.hpp"
#include "rig/devices/lifecycle.hpp"

namespace pumprig {

enum class PumpState { stopped, infusing, withdrawing, paused, purging, alarm, unknown };

const char* to_string(PumpState s);

// What a pump's alarm is about, whatever the pump calls it (each driver maps its own codes).
enum class PumpAlarm { none, occlusion, stall, reset, comms_timeout, program_error, door_open, empty, other };

// "occlusion", "stall", "reset", "comms timeout", "program error", "door open", "empty", "other"; "" for none.
const char* to_string(PumpAlarm a);

struct PumpStatus {
  Nanos t_ns = 0;
  PumpState state = PumpState::unknown;
  PumpAlarm alarm = PumpAlarm::none;    // set with state == alarm
  std::string alarm_text;               // the pump's own words for it ("program phase out of range")
  std::optional<double> dispensed_ml;   // when the pump reports it
};

struct PumpProgram {
  double rate_ml_h = 0.0;
  std::optional<double> syringe_diameter_mm;  // syringe pumps
  std::optional<double> volume_ml;            // volume to infuse; none = until stopped
};

class Pump {
 public:
  template <class T>
  using Callback = std::function<void(Outcome<T>)>;

  virtual ~Pump() = default;
  virtual const std::string& name() const = 0;
  // unconfigured until connect() succeeds; active while started. program() needs configured,
  // start() needs configured with the pump's safety in force (its safe-mode heartbeat running,
  // where the pump has one): otherwise both are refused without a byte sent (lifecycle.hpp).
  virtual DeviceState state() const = 0;
  // Identify (and on pumps that have it, enter safe mode with its heartbeat).
  virtual void connect(Callback<InstrumentIdentity> done) = 0;
  virtual void program(const PumpProgram& p, Callback<Unit> done) = 0;
  virtual void start(Callback<Unit> done) = 0;
  virtual void stop(Callback<Unit> done) = 0;
  virtual void status(Callback<PumpStatus> done) = 0;
  // Periodic status polls (they double as the safe-mode heartbeat); alarms arrive through
  // on_status with state == alarm.
  virtual void start_monitoring(Nanos period, std::function<void(const PumpStatus&)> on_status,
                                std::function<void(const DeviceError&)> on_fault) = 0;
  virtual void stop_monitoring() = 0;
  // Last words before the run ends: stop and leave safe mode so the pump does not alarm later.
  // `done` gets what the pump was left in, in words for the record ("left remote safe mode"),
  // or "" when there is nothing to add to the stop.
  virtual void disconnect(Callback<std::string> done) = 0;
};

}  // namespace pumprig
