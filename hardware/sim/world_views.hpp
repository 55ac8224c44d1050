#pragma once
// The two faces of a station's simulated physical world that simulated instruments see. The
// MT-SICS balance simulator reads the balance view; the NE-1000 simulator drives the pump
// mechanism. Both are implemented by the station world (hardware/sim/world/), so instruments stay
// protocol-faithful views onto one shared physics.
#include <string>

#include "rig/core/time.hpp"

namespace pumprig::sim {

struct BalanceView {
  double displayed_g = 0.0;  // gross load as the balance shows it: noise, settling, drift, rounded to resolution
  int decimals = 4;          // digits after the point in grams (0.1 mg -> 4, 0.01 mg -> 5)
  bool stable = false;       // the balance's own stability criterion over its settling window
  bool overload = false;
  bool underload = false;
};

class BalancePhysics {
 public:
  virtual ~BalancePhysics() = default;
  // Advances the world to `t` (monotonic; per event, not on a fixed step) and reads the balance.
  virtual BalanceView read_balance(Nanos t) = 0;
  virtual double capacity_g() const = 0;
};

enum class PumpDirection { infuse, withdraw };

class PumpMechanism {
 public:
  virtual ~PumpMechanism() = default;
  virtual void set_syringe_diameter_mm(Nanos t, double mm) = 0;
  virtual double syringe_diameter_mm() const = 0;
  virtual void set_rate_ml_h(Nanos t, double rate_ml_h) = 0;  // set while running takes effect at t
  virtual void set_direction(Nanos t, PumpDirection d) = 0;
  virtual void start(Nanos t) = 0;
  virtual void stop(Nanos t) = 0;
  // Running means the motor turns: false after stop(), a stall, or an empty syringe.
  virtual bool motor_running(Nanos t) = 0;
  virtual bool stalled(Nanos t) = 0;
  // Volume the motor has pushed (what the pump itself would report as dispensed), ml.
  virtual double motor_volume_ml(Nanos t) = 0;
  // Power loss and similar: the world forgets the program and stops.
  virtual void power_cycle(Nanos t) = 0;
  // True while the mechanism has stopped itself on its own occlusion alarm (stalled() is true
  // then too) until stop() acknowledges it or start() restarts. The motor has already stopped, so
  // a wire simulator ends its run without stopping it again. Mechanisms without detection: never.
  virtual bool occlusion_alarm(Nanos) { return false; }
};

// The face the rig I/O board simulator sees: the occluder valve it drives, the pressure
// transducers and the water temperature sensor it reads, and the pump's alarm indicator that its
// light/sound sensor watches. Values are the physical truth at the sensor; the board's simulated
// hardware layer turns them into ADC counts and input levels, and the firmware logic does the rest.
enum class PressurePort { upstream = 0, downstream = 1 };  // upstream: between pump and occluder

class RigIoPhysics {
 public:
  virtual ~RigIoPhysics() = default;
  virtual void set_occluder_closed(Nanos t, bool closed) = 0;
  virtual bool occluder_closed(Nanos t) = 0;
  // Gauge pressure at the transducer port, mmHg.
  virtual double transducer_pressure_mmhg(Nanos t, PressurePort port) = 0;
  virtual double water_temperature_c(Nanos t) = 0;
  // True while the pump under test shows or sounds an alarm (steady; a blinking lamp is the
  // board's concern, not the world's).
  virtual bool pump_alarm_indicator(Nanos t) = 0;
};

}  // namespace pumprig::sim
