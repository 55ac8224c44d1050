#pragma once
// The administration set (and the syringe's own give) between plunger and outlet: a compliance C
// in series with a resistance R. Volume the plunger pushes is first stored (pressure = stored/C)
// and flows out at pressure/R, so the outflow is the plunger displacement through a first-order
// lag with tau = R * C. Between events the solution is exact: the stored volume decays as
// exp(-t/tau) and each plunger step adds to it.
#include "hardware/sim/world/constant_flow.hpp"
#include "hardware/sim/world/flow_train.hpp"
#include "hardware/sim/world/step_train.hpp"
#include "hardware/sim/world/world_config.hpp"

namespace pumprig::sim {

class LineModel {
 public:
  LineModel(const LineConfig& line, double syringe_compliance_ml_per_mmhg);

  // For later occlusion work: an occluder or a kinked line raises R at the current time.
  void set_resistance_mmhg_per_ml_h(double r);
  double resistance_mmhg_per_ml_h() const { return resistance_; }
  double compliance_ml_per_mmhg() const { return compliance_; }
  // Time constant used for integration; a floor of 1 us stands in for "no lag" (C or R zero).
  double tau_s() const;

  double stored_ml() const { return stored_ml_; }
  double outflow_ml() const { return outflow_ml_; }  // cumulative, out of the outlet
  double outflow_rate_ml_h() const { return stored_ml_ / tau_s() * 3600.0; }
  double pressure_mmhg() const { return resistance_ * outflow_rate_ml_h(); }

  struct State {
    double stored_ml = 0.0;
    double outflow_ml = 0.0;
  };
  State preview(double dt_s, const StepTrain& input) const;   // syringe: plunger steps
  State preview(double dt_s, const FlowTrain& input) const;   // peristaltic: continuous flow
  State preview(double dt_s, const ConstantFlow& input) const;  // free flow from the bag
  void commit(const State& s) {
    stored_ml_ = s.stored_ml;
    outflow_ml_ = s.outflow_ml;
  }
  // A plunger jump (stiction release, end of travel) goes into storage first.
  void inject(double ml) { stored_ml_ += ml; }

 private:
  template <class Input>
  State response(double dt_s, const Input& input) const;

  double compliance_;
  double resistance_;
  double stored_ml_ = 0.0;
  double outflow_ml_ = 0.0;
};

}  // namespace pumprig::sim
