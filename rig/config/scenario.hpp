#pragma once
// A scenario is data: a list of steps (operator prompts, tare, set/start/stop the pump, record,
// wait) plus the analyses to run and their acceptance limits. Loaded from YAML (schema
// pumprig.scenario/1); "${name}" in any value is replaced by the text of parameters.name.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rig/config/config_error.hpp"
#include "rig/config/pump_class.hpp"
#include "rig/config/regression.hpp"

namespace pumprig {

inline constexpr const char* kScenarioSchema = "pumprig.scenario/1";

enum class StepKind { prompt, tare, zero, check_weight, set_pump, start_pump, stop_pump, record, wait };

const char* to_string(StepKind k);
// Step names as written in YAML, in enum order.
const std::vector<std::string>& step_kind_names();

struct Step {
  StepKind kind = StepKind::prompt;
  SourcePos where;
  std::string text;    // prompt
  std::string action;  // prompt: what the operator is asked to do ("place_check_weight"), may be empty
  std::optional<double> rate_ml_h;  // set_pump
  std::optional<double> volume_ml;  // set_pump: volume to infuse; none = until stopped
  double duration_s = 0;            // record, wait
  double mass_g = 0;                // check_weight: reference mass
  double tolerance_g = 0;           // check_weight: allowed |reading - mass|
  SourcePos rate_where, volume_where;  // where the values were written, for validation errors
};

struct AccuracyAnalysisConfig {
  std::optional<double> rate_ml_h;  // the loader fills it from set_pump when not written
  double sample_interval_s = 30;
  double period_start_min = 60, period_end_min = 120;  // analysis period T2, minutes after start_pump
  std::vector<double> windows_min{2, 5, 11, 19, 31};   // observation windows P
  std::optional<double> density_g_ml;                  // none = the fixture's fluid density
  double evaporation_mg_h = 0;
  double startup_tolerance_pct = 5;
  std::optional<double> mean_error_limit_pct;          // |A| <= limit
  std::vector<std::pair<double, double>> trumpet_limits_pct;  // (window min, limit %), ascending window
  SourcePos where;
};

struct Scenario {
  std::string source, text, id, title;
  std::vector<PumpClass> applies_to;
  SourcePos applies_to_where;
  std::map<std::string, std::string> parameters;  // as written
  std::vector<Step> steps;
  std::optional<AccuracyAnalysisConfig> accuracy;
  std::optional<RegressionConfig> regression;  // tolerances for `pumprig compare`

  // Sum of record and wait durations.
  double total_duration_s() const;
  // Record and wait durations from the first start_pump to the next stop_pump (or the end):
  // how long the pump delivers into the vessel; analysis times count from that start_pump.
  double infusion_duration_s() const;
  bool applies_to_class(PumpClass c) const;
};

// Throws ConfigError (file:line:col) for any schema violation; std::runtime_error naming the
// path when the file cannot be read.
Scenario load_scenario_file(const std::string& path);
Scenario load_scenario_text(const std::string& yaml_text, const std::string& source_name);

}  // namespace pumprig
