#include "rig/kinds/accuracy/accuracy_params.hpp"

namespace pumprig {

AccuracyParams accuracy_params(const AccuracySpec& a, const AccuracyRunContext& run) {
  AccuracyParams p;
  p.rate_ml_h = a.rate_ml_h.value_or(run.set_rate_ml_h);
  p.sample_interval_s = a.sample_interval_s;
  p.period_start_min = a.period_start_min;
  p.period_end_min = a.period_end_min;
  p.windows_min = a.windows_min;
  p.density_g_ml = a.density_g_ml.value_or(run.density_g_ml);
  p.evaporation_mg_h = a.evaporation_mg_h;
  p.startup_tolerance_pct = a.startup_tolerance_pct;
  p.polling_period_s = run.polling_period_s;
  p.test_duration_min = run.test_duration_min;
  p.limits.mean_error_pct = a.mean_error_limit_pct;
  p.limit_source = a.limit_source;
  for (const auto& [window, limit] : a.trumpet_limits_pct) p.limits.trumpet.push_back(TrumpetLimit{window, limit, -limit});
  return p;
}

}  // namespace pumprig
