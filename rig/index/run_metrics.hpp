#pragma once
// The key metrics of a run, as the run index stores them and `pumprig compare` compares them:
// one per test and metric, taken from result.json. Every numeric top-level field of a test is
// a metric (mean_error_pct, mean_flow_ml_h, startup_delay_min, and whatever later analyses add:
// time_to_alarm_s, bolus_ml, volume_ml, ...), plus each trumpet window's
// trumpet_<P>min_ep_max_pct and trumpet_<P>min_ep_min_pct (the names of the checks).
// Booleans and nulls are not metrics.
//
// A metric carries its expanded uncertainty when the result states one beside it
// (`<metric>_uncertainty.expanded`, k = 2): compare judges a metric that has no declared
// tolerance against the two runs' uncertainties.
#include <optional>
#include <string>
#include <vector>

#include "rig/record/run_result.hpp"

namespace pumprig {

struct RunMetric {
  std::string test_id;   // "station-1-accuracy"
  std::string station;   // "" when the test names none
  std::string metric;    // "mean_error_pct"
  double value = 0;
  std::optional<double> expanded_uncertainty;  // U (k = 2), in the metric's unit; nullopt: none stated
  bool operator==(const RunMetric&) const = default;
};

// In result order: tests as listed, fields by name, trumpet windows after the fields.
std::vector<RunMetric> metrics_from_result(const RunResult& result);

}  // namespace pumprig
