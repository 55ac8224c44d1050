#pragma once
// The device-facing interface of a rig I/O board: the occluder, the pressure transducers, the
// water temperature and the pump's alarm input behind one link, with its own protection (an
// over-pressure trip and a host watchdog that open the occluder by themselves). The station
// depends on this interface only; `RigIoBoard` (rig/drivers/rigio) is the driver for ours, and
// tests put a fake behind it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "rig/core/outcome.hpp"
#include "rig/core/time.hpp"
#include "rig/devices/alarm_sense.hpp"
#include "rig/devices/identity.hpp"
#include "rig/devices/occluder.hpp"
#include "rig/devices/pressure_sensor.hpp"

namespace pumprig {

struct IoReading {
  Nanos t_ns = 0;                // host time of arrival
  std::uint32_t board_ms = 0;    // the board's own clock (wraps after 49 days)
  double pressure_mmhg = 0.0;    // transducer 1 (upstream), calibrated by the board
  std::optional<double> pressure2_mmhg;
  double temperature_c = 0.0;
  bool alarm = false;            // debounced pump alarm input
  bool occluder_closed = false;
  bool tripped = false;          // over-pressure (or sensor fault) trip latched
  bool watchdog_released = false;  // the board's watchdog opened the occluder since the last close
  bool sensor_fault = false;
};

// Linear calibration applied by the board: value = gain * nominal + offset.
struct IoCalibration {
  double offset = 0.0;  // mmHg for pressure, degC for temperature
  double gain = 1.0;
};

struct RigIoConfig {
  int pressure_channels = 1;  // 1 or 2
  IoCalibration pressure1;
  IoCalibration pressure2;
  IoCalibration temperature;
  double over_pressure_limit_mmhg = 1000.0;  // the board opens the occluder above this by itself
  Nanos watchdog_timeout = seconds(2);       // 0 disables the board's watchdog (not recommended)
  Nanos alarm_hold = milliseconds(1500);     // alarm input off-delay (longer than a blink's dark half)
};

enum class IoBoardEventKind { trip, watchdog_release, alarm_on, alarm_off, restarted };

struct IoBoardEvent {
  Nanos t_ns = 0;
  IoBoardEventKind kind = IoBoardEventKind::trip;
  double pressure_mmhg = 0.0;  // trip: the pressure that tripped it
  std::string detail;          // trip: "OVER" or "FAULT"
};

class IoBoard : public PressureSensor, public Occluder, public AlarmSense {
 public:
  template <class T>
  using Callback = std::function<void(Outcome<T>)>;

  ~IoBoard() override = default;
  // One name for all its faces (each of them declares one).
  const std::string& name() const override = 0;
  // Identify the board and start the heartbeat its watchdog needs.
  virtual void connect(Callback<InstrumentIdentity> done) = 0;
  // Calibration, the over-pressure trip and the watchdog, each confirmed by the board.
  virtual void configure(const RigIoConfig& config, Callback<Unit> done) = 0;
  // The full record stream at `period`; `on_fault` when it stops (and it is asked for again).
  virtual void start_streaming(Nanos period, std::function<void(const IoReading&)> on_reading,
                               std::function<void(const DeviceError&)> on_fault) = 0;
  virtual void stop_streaming() = 0;
  // No record within this many stream periods is a stale stream.
  virtual void set_stale_periods(int periods) = 0;
  // Trip, watchdog release, alarm changes, board restarts.
  virtual void on_board_event(std::function<void(const IoBoardEvent&)> fn) = 0;
  // Stop the stream and the heartbeat, release the occluder.
  virtual void disconnect(Callback<Unit> done) = 0;
};

}  // namespace pumprig
