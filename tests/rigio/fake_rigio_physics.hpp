#pragma once
// A tiny stand-in for the station world as the I/O board sees it: pressures the test sets, and a
// line that pressurises at a set rate while the occluder is closed (and is back at its base
// pressure as soon as it opens).
#include "hardware/sim/world_views.hpp"

namespace pumprig::test {

struct FakeRigIoPhysics final : sim::RigIoPhysics {
  bool closed = false;
  Nanos closed_since = 0;
  double base_mmhg = 20.0;
  double downstream_mmhg = 5.0;
  double rise_mmhg_per_s = 0.0;  // while occluded
  double temperature_c = 22.0;
  bool alarm = false;
  int valve_changes = 0;

  void set_occluder_closed(Nanos t, bool c) override {
    if (c != closed) ++valve_changes;
    if (c && !closed) closed_since = t;
    closed = c;
  }
  bool occluder_closed(Nanos) override { return closed; }
  double transducer_pressure_mmhg(Nanos t, sim::PressurePort port) override {
    if (port == sim::PressurePort::downstream) return downstream_mmhg;
    return base_mmhg + (closed ? rise_mmhg_per_s * to_seconds(t - closed_since) : 0.0);
  }
  double water_temperature_c(Nanos) override { return temperature_c; }
  bool pump_alarm_indicator(Nanos) override { return alarm; }
};

}  // namespace pumprig::test
