#pragma once
// The collecting vessel on the balance pan: its own mass (with initial water and oil film), the
// fluid received, evaporation at a constant mass rate, and whatever an operator has placed on
// the pan (a check weight). A negative load stands for lifting the pan or the vessel.
#include "hardware/sim/world/world_config.hpp"

namespace pumprig::sim {

class Vessel {
 public:
  explicit Vessel(const VesselConfig& config)
      : initial_g_(config.initial_mass_g),
        density_g_ml_(config.density_g_ml),
        evaporation_g_s_(
            (config.oil_layer ? config.evaporation_with_oil_mg_h : config.evaporation_open_mg_h) / 1000.0 /
            3600.0) {}

  double density_g_ml() const { return density_g_ml_; }
  double evaporation_g_s() const { return evaporation_g_s_; }
  double evaporated_g(double t_s) const { return evaporation_g_s_ * t_s; }
  double extra_load_g() const { return extra_load_g_; }
  void place_load(double g) { extra_load_g_ += g; }
  void remove_load() { extra_load_g_ = 0.0; }

  // Everything on the pan at t_s given the fluid received so far.
  double mass_g(double t_s, double fluid_ml) const {
    return initial_g_ + extra_load_g_ + density_g_ml_ * fluid_ml - evaporated_g(t_s);
  }

 private:
  double initial_g_;
  double density_g_ml_;
  double evaporation_g_s_;
  double extra_load_g_ = 0.0;
};

}  // namespace pumprig::sim
