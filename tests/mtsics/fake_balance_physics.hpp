#pragma once
// A tiny stand-in for the station world: a load the test sets by hand, or a script of time.
#include <functional>

#include "hardware/sim/world_views.hpp"

namespace pumprig::test {

struct FakeBalancePhysics final : sim::BalancePhysics {
  sim::BalanceView view{0.0, 4, true, false, false};
  std::function<sim::BalanceView(Nanos)> script;  // when set, it decides the view
  double capacity = 220.0;
  Nanos last_t = -1;
  bool went_backwards = false;
  int reads = 0;

  sim::BalanceView read_balance(Nanos t) override {
    if (t < last_t) went_backwards = true;  // the world only moves forward
    last_t = t;
    ++reads;
    return script ? script(t) : view;
  }
  double capacity_g() const override { return capacity; }

  void set(double gross_g, bool stable = true) {
    view.displayed_g = gross_g;
    view.stable = stable;
    view.overload = view.underload = false;
  }
};

}  // namespace pumprig::test
