#include "rig/kinds/accuracy/accuracy_kind.hpp"

#include <sstream>

#include <fmt/format.h>

#include "rig/analysis/water_density.hpp"
#include "rig/kinds/accuracy/accuracy_json.hpp"
#include "rig/kinds/accuracy/accuracy_params.hpp"
#include "rig/kinds/accuracy/accuracy_spec.hpp"
#include "rig/kinds/accuracy/accuracy_table.hpp"
#include "rig/kinds/measurement_conditions.hpp"

namespace pumprig {

std::shared_ptr<const AnalysisSpec> AccuracyKind::parse(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                                        const Scenario& scenario) const {
  return read_accuracy_block(ctx, block, scenario);
}

AnalysedTest AccuracyKind::analyse(const StationRecord& st, const AnalysisSpec& spec, const Fixture& fixture,
                                   const Scenario& scenario) const {
  const auto& block = dynamic_cast<const AccuracySpec&>(spec);
  const std::string id = test_id(name(), st.id);
  if (!st.started()) return {not_analysed(id, name(), st.id, kIecMethod, "the pump was never started: no accuracy data"), ""};
  const StationConfig& cfg = *fixture.find_station(st.id);
  AccuracyRunContext run;
  run.set_rate_ml_h = st.set_rate_ml_h();
  run.density_g_ml = fixture.density_g_ml;
  if (cfg.balance.reading_interval_s > 0) run.polling_period_s = cfg.balance.reading_interval_s;
  run.test_duration_min = scenario.infusion_duration_s() / 60.0;
  AccuracyParams params = accuracy_params(block, run);
  params.decision_rule = scenario.decision_rule;
  params.conditions = measurement_conditions(fixture, cfg, st);
  // The rig I/O board logs the water temperature: unless the scenario gives a density, the
  // density comes from the mean temperature over the analysis period.
  if (!block.density_g_ml && !st.io.temperatures.empty()) {
    if (const auto t = mean_temperature_c(st.io.temperatures, params.period_start_min * 60.0, params.period_end_min * 60.0);
        t && *t >= 0 && *t <= 40)
      params.water_temperature_c = *t;
  }
  try {
    const AccuracyResult r = analyze_accuracy(st.readings, params);
    std::ostringstream table;
    print_accuracy_table(table, r, fmt::format("Accuracy, station {}", st.id));
    return {accuracy_test_result(r, id, st.id), table.str()};
  } catch (const std::invalid_argument& e) {
    return {not_analysed(id, name(), st.id, kIecMethod, std::string("analysis not possible: ") + e.what()), ""};
  }
}

}  // namespace pumprig
