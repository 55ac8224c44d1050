#include "hardware/sim/world/line_model.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::sim {

namespace {
constexpr double kMinTauS = 1e-6;
}

LineModel::LineModel(const LineConfig& line, double syringe_compliance_ml_per_mmhg)
    : compliance_(line.compliance_ml_per_mmhg + syringe_compliance_ml_per_mmhg),
      resistance_(line.resistance_mmhg_per_ml_h) {}

void LineModel::set_resistance_mmhg_per_ml_h(double r) {
  if (std::isfinite(r) && r >= 0.0) resistance_ = r;
}

double LineModel::tau_s() const { return std::max(kMinTauS, resistance_ * compliance_ * 3600.0); }

// Any input the line sees only through its total and its exponentially weighted sum.
template <class Input>
LineModel::State LineModel::response(double dt_s, const Input& input) const {
  const double tau = tau_s();
  State s;
  s.stored_ml = stored_ml_ * std::exp(-dt_s / tau) + input.weighted_ml(tau);
  // Conservation: whatever the pump pushed and the line no longer holds has left it.
  s.outflow_ml = outflow_ml_ + input.total_ml + stored_ml_ - s.stored_ml;
  return s;
}

LineModel::State LineModel::preview(double dt_s, const StepTrain& input) const { return response(dt_s, input); }
LineModel::State LineModel::preview(double dt_s, const FlowTrain& input) const { return response(dt_s, input); }
LineModel::State LineModel::preview(double dt_s, const ConstantFlow& input) const { return response(dt_s, input); }

}  // namespace pumprig::sim
