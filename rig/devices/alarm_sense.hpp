#pragma once
// The device-facing interface of a sensor that watches the pump's alarm (lamp or sounder), for
// pumps that cannot report their alarms over a wire. Debouncing (a blinking lamp is one alarm)
// is the sensor's job.
#include <functional>
#include <optional>
#include <string>

#include "rig/core/time.hpp"

namespace pumprig {

struct AlarmChange {
  Nanos t_ns = 0;  // host time the change was reported
  bool active = false;
};

class AlarmSense {
 public:
  virtual ~AlarmSense() = default;
  virtual const std::string& name() const = 0;
  // Called on every change of the debounced alarm state; empty function to stop.
  virtual void watch_alarm(std::function<void(const AlarmChange&)> on_change) = 0;
  // The last state reported; none before the sensor has said anything.
  virtual std::optional<bool> alarm_active() const = 0;
};

}  // namespace pumprig
