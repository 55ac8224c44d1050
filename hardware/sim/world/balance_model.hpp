#pragma once
// The balance's own behaviour between the true load and its display: the weighing cell settles
// to a load change as a first-order lag (exact between events, including the response to a line
// whose outflow is itself a lagged plunger staircase), then each reading adds drift and noise,
// rounds to the resolution and applies the stability criterion, overload and underload.
#include "hardware/sim/random.hpp"
#include "hardware/sim/world/constant_flow.hpp"
#include "hardware/sim/world/flow_train.hpp"
#include "hardware/sim/world/step_train.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "hardware/sim/world_views.hpp"

namespace pumprig::sim {

class BalanceModel {
 public:
  explicit BalanceModel(const BalanceConfig& config);

  double capacity_g() const { return config_.capacity_g; }
  int decimals() const { return decimals_; }
  double settling_tau_s() const;

  // Settled (noise-free, undrifted) value after dt seconds from `settled_g`, when the load on
  // the pan is  m(s) = load_g - evaporation_g_s * s + fluid_g_per_ml * (outflow(s) - outflow(0))
  // and the line's outflow comes from `line_stored_ml` now plus `train` through the line lag.
  // fluid_g_per_ml is 0 when fluid reaches the vessel only as drops (handled as load steps).
  double settle(double settled_g, double dt_s, double load_g, double evaporation_g_s, double fluid_g_per_ml,
                double line_stored_ml, double line_tau_s, const StepTrain& train) const;
  // The same when the pump's input is a continuous (peristaltic) flow.
  double settle(double settled_g, double dt_s, double load_g, double evaporation_g_s, double fluid_g_per_ml,
                double line_stored_ml, double line_tau_s, const FlowTrain& train) const;
  // The same when the bag drains by gravity at a constant flow.
  double settle(double settled_g, double dt_s, double load_g, double evaporation_g_s, double fluid_g_per_ml,
                double line_stored_ml, double line_tau_s, const ConstantFlow& train) const;

  // One reading at t_s. `settled_rate_g_s` is the settled value's rate of change, which the
  // stability criterion weighs against the band. Draws exactly one normal deviate.
  BalanceView read(double t_s, double settled_g, double settled_rate_g_s, Random& rng) const;

 private:
  template <class Input>
  double response(double settled_g, double dt_s, double load_g, double evaporation_g_s, double fluid_g_per_ml,
                  double line_stored_ml, double line_tau_s, const Input& train) const;

  BalanceConfig config_;
  int decimals_;
};

}  // namespace pumprig::sim
