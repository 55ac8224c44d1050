#pragma once
// Regression comparison: the metrics of a reference run (A: an earlier run or a baseline) and a
// candidate run (B) side by side, with the tolerances the scenario declares.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rig/config/regression.hpp"
#include "rig/index/run_metrics.hpp"

namespace pumprig {

struct MetricComparison {
  std::string test_id, metric;
  std::optional<double> a, b;        // missing on a side: the metric is not in that run
  std::optional<MetricTolerance> tolerance;
  bool moved = false;                // beyond the tolerance (or missing on one side with a tolerance)
  std::optional<double> difference() const { return a && b ? std::optional<double>(*b - *a) : std::nullopt; }
};

struct Comparison {
  std::vector<MetricComparison> rows;  // A's order, then metrics only B has
  bool any_moved() const;
};

// Metrics are matched by test id and metric name; a tolerance applies to its metric in every
// test. A metric with a tolerance that one run lacks counts as moved (a result disappeared).
Comparison compare_metrics(const std::vector<RunMetric>& a, const std::vector<RunMetric>& b,
                           const std::map<std::string, MetricTolerance>& tolerances);

}  // namespace pumprig
