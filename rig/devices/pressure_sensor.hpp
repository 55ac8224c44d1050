#pragma once
// The device-facing interface of a pressure source (the rig I/O board's transducers; later a
// Modbus transmitter). Readings arrive on the event loop; a source that stops delivering reports
// it through on_fault so the controller can release the occluder on stale data.
#include <functional>
#include <optional>
#include <string>

#include "rig/core/outcome.hpp"
#include "rig/core/time.hpp"

namespace pumprig {

struct PressureReading {
  Nanos t_ns = 0;                        // host time of arrival
  double pressure_mmhg = 0.0;            // first (upstream) transducer, gauge
  std::optional<double> pressure2_mmhg;  // second (downstream) transducer, when fitted
  bool sensor_fault = false;             // a transducer reads outside its valid signal range
};

class PressureSensor {
 public:
  virtual ~PressureSensor() = default;
  virtual const std::string& name() const = 0;
  // Readings every `period`; on_fault fires when they go stale or cannot be had (the source keeps
  // trying). Calling it again replaces the callbacks.
  virtual void start_pressure(Nanos period, std::function<void(const PressureReading&)> on_reading,
                              std::function<void(const DeviceError&)> on_fault) = 0;
  virtual void stop_pressure() = 0;
};

}  // namespace pumprig
