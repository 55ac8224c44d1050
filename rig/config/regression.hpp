#pragma once
// The optional `regression:` block of a scenario: how far a metric may move between a run and
// its reference (another run or a baseline) before `pumprig compare` calls it a regression.
//
//   regression:
//     tolerances: { mean_error_pct: 0.5, time_to_alarm_s: 10 % }
//
// A bare number is absolute, in the metric's own unit (the unit its name ends in); "N %" is
// relative to the reference value. Metrics without a tolerance are judged against the two runs'
// uncertainties instead (rig/index/compare.hpp).
#include <map>
#include <optional>
#include <string>

#include "rig/config/config_error.hpp"

namespace YAML {
class Node;
}

namespace pumprig {

struct MetricTolerance {
  double value = 0;       // >= 0
  bool relative = false;  // value is a percentage of the reference
  SourcePos where;
  // The largest |candidate - reference| the tolerance allows.
  double allowed_move(double reference) const;
  // Whether going from `reference` to `value` stays within the tolerance.
  bool allows(double reference, double candidate) const;
  std::string text() const;  // "0.5", "10 %"
};

struct RegressionConfig {
  std::map<std::string, MetricTolerance> tolerances;  // by metric name
};

namespace yaml_reader {
struct Context;
struct Value;
}  // namespace yaml_reader

// Reads the block (a map with `tolerances`). Throws ConfigError at the offending value.
RegressionConfig read_regression(const yaml_reader::Context& ctx, const yaml_reader::Value& v);

// Only the regression block of a scenario text (e.g. the one recorded in run.json), without
// checking the rest of the scenario against today's schema. nullopt when it has none. Throws
// ConfigError when the block itself is malformed.
std::optional<RegressionConfig> regression_from_scenario_text(const std::string& yaml_text, const std::string& source_name);

}  // namespace pumprig
