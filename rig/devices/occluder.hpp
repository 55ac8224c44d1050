#pragma once
// The device-facing interface of the occluder (the valve or stopcock that closes the line to the
// vessel for occlusion tests). The safe state is released (open).
#include <functional>
#include <optional>
#include <string>

#include "rig/core/outcome.hpp"
#include "rig/devices/lifecycle.hpp"

namespace pumprig {

class Occluder {
 public:
  template <class T>
  using Callback = std::function<void(Outcome<T>)>;

  virtual ~Occluder() = default;
  virtual const std::string& name() const = 0;
  // configured once the device's own protection is set (the I/O board's trip limit and watchdog);
  // active while occluded. occlude() before that is refused; release() never is (lifecycle.hpp).
  virtual DeviceState state() const = 0;
  // Completes when the device confirms the new state; an occluder that refuses (an over-pressure
  // trip is latched) answers with a DeviceError saying why.
  virtual void occlude(Callback<Unit> done) = 0;
  virtual void release(Callback<Unit> done) = 0;
  // The last state the device reported (it may open by itself: trip, watchdog); none before any.
  virtual std::optional<bool> occluded() const = 0;
};

}  // namespace pumprig
