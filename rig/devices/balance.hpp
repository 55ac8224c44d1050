#pragma once
// The device-facing interface of a balance. Calls are asynchronous: the callback runs later on the
// event loop, exactly once, with a value or a DeviceError naming the instrument.
#include <functional>
#include <optional>
#include <string>

#include "rig/core/outcome.hpp"
#include "rig/core/time.hpp"
#include "rig/devices/identity.hpp"
#include "rig/devices/lifecycle.hpp"

namespace pumprig {

enum class WeightStatus { ok, overload, underload, error };

struct BalanceReading {
  Nanos t_ns = 0;       // host timestamp when the line arrived (balances send no time)
  double mass_g = 0.0;  // meaningful when status == ok
  bool stable = false;  // MT-SICS 'S' vs 'D'; dynamic readings are kept and flagged
  WeightStatus status = WeightStatus::ok;
};

class Balance {
 public:
  template <class T>
  using Callback = std::function<void(Outcome<T>)>;

  virtual ~Balance() = default;
  virtual const std::string& name() const = 0;
  // unconfigured until connect() succeeds, then configured (a balance has no active state).
  // Nothing a balance is asked can move the line or the pump, so its commands are not refused
  // by state: the run connects first anyway, and tests may read a balance they did not identify.
  virtual DeviceState state() const = 0;
  // Reset, then read model, firmware and serial number.
  virtual void connect(Callback<InstrumentIdentity> done) = 0;
  // Tare when stable; yields the tare weight in grams.
  virtual void tare(Callback<double> done) = 0;
  virtual void zero(Callback<Unit> done) = 0;
  // One stable weight (MT-SICS S), e.g. for a check weight.
  virtual void read_stable(Callback<BalanceReading> done) = 0;
  // Periodic readings at `period` (SI polling); period 0 means the balance's own stream (SIR).
  // `on_fault` fires when readings could not be had after the retries (the stream goes on trying).
  virtual void start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                              std::function<void(const DeviceError&)> on_fault) = 0;
  virtual void stop_readings() = 0;
  // The weighing capacity in grams when the balance told it at connect; none otherwise.
  virtual std::optional<double> capacity_g() const { return std::nullopt; }
};

}  // namespace pumprig
