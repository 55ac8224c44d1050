#pragma once
// The accuracy block of a scenario (IEC 60601-2-24 start-up graph, trumpet curve, mean error).
#include <optional>
#include <utility>
#include <vector>

#include "rig/config/scenario.hpp"

namespace pumprig {

struct AccuracySpec final : AnalysisSpec {
  std::optional<double> rate_ml_h;  // the loader fills it from set_pump when not written
  double sample_interval_s = 30;
  double period_start_min = 60, period_end_min = 120;  // analysis period T2, minutes after start_pump
  std::vector<double> windows_min{2, 5, 11, 19, 31};   // observation windows P
  std::optional<double> density_g_ml;                  // none = the fixture's fluid density
  double evaporation_mg_h = 0;
  double startup_tolerance_pct = 5;
  std::optional<double> mean_error_limit_pct;          // |A| <= limit
  std::vector<std::pair<double, double>> trumpet_limits_pct;  // (window min, limit %), ascending window
  bool rate_written = false;  // `rate:` in the block (else it is the set_pump rate)
  SourcePos rate_where;       // its key, for the linter

  AnalysisAssumptions assumptions() const override {
    AnalysisAssumptions a;
    if (rate_written) a.rate_ml_h = rate_ml_h;
    a.rate_where = rate_where;
    a.period_start_min = period_start_min;
    a.period_end_min = period_end_min;
    return a;
  }
};

// Reads and validates the block (file:line:col), with the analysis's own parameter rules.
std::shared_ptr<const AnalysisSpec> read_accuracy_block(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                                        const Scenario& scenario);

}  // namespace pumprig
