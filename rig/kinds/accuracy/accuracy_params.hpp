#pragma once
// The accuracy analysis's parameters from a scenario's accuracy block: one mapping that the
// scenario loader checks with the analysis's own rules (check_params, integer nanoseconds), so a
// scenario that loads can be analysed, and that the analysis of a recorded run uses.
#include <optional>

#include "rig/analysis/accuracy.hpp"
#include "rig/kinds/accuracy/accuracy_spec.hpp"

namespace pumprig {

// What the accuracy block leaves to the run: the rate the pump was set to (when the block gives
// none), the fixture's fluid density (when the block gives none), the balance's polling period
// (none: the median interval of the readings), and the test duration (record and wait steps
// after start_pump).
struct AccuracyRunContext {
  double set_rate_ml_h = 0.0;
  double density_g_ml = 0.998;
  std::optional<double> polling_period_s;
  double test_duration_min = 0.0;
};

AccuracyParams accuracy_params(const AccuracySpec& block, const AccuracyRunContext& run);

}  // namespace pumprig
