#pragma once
// Regression comparison: the metrics of a reference run (A: an earlier run or a baseline) and a
// candidate run (B) side by side, each judged so that a comparison cannot pass silently:
//
//   - a metric with a tolerance the scenario declares is held to that tolerance;
//   - a metric without one, which both runs state with an expanded uncertainty, is held to the
//     combined expanded uncertainty of the difference, U = sqrt(U_A^2 + U_B^2) (both k = 2; the
//     runs are taken as independent, which overstates U when they share a balance, so a move
//     beyond it is a real one);
//   - a metric without a tolerance that only one run states an uncertainty for cannot be judged
//     (an old run recorded before results carried budgets): compare names it and exits 4;
//   - a metric with neither (a count, a set point, a time stamp) is shown, not judged.
// A judged metric that one run lacks counts as moved: a result disappeared or appeared.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/config/regression.hpp"
#include "rig/index/run_metrics.hpp"

namespace pumprig {

enum class MetricJudgement {
  tolerance,    // held to the declared tolerance
  uncertainty,  // held to the combined expanded uncertainty
  unjudgeable,  // should be judged (an uncertainty on one side) but cannot be
  shown,        // neither tolerance nor uncertainty: information only
};
std::string_view to_string(MetricJudgement j);

struct MetricComparison {
  std::string test_id, metric;
  std::optional<double> a, b;          // missing on a side: the metric is not in that run
  std::optional<double> ua, ub;        // expanded uncertainties (k = 2) stated by each run
  std::optional<MetricTolerance> tolerance;
  MetricJudgement judgement = MetricJudgement::shown;
  std::optional<double> allowed;       // the largest |B - A| that is not a move, when judged
  bool moved = false;                  // beyond what is allowed, or missing on one side while judged
  std::optional<double> difference() const { return a && b ? std::optional<double>(*b - *a) : std::nullopt; }
  std::string limit_text() const;      // "0.5", "10 %", "U 0.0175", "-"
  std::string status_text() const;     // "ok", "MOVED", "CANNOT JUDGE", ""
};

struct Comparison {
  std::vector<MetricComparison> rows;  // A's order, then metrics only B has
  bool any_moved() const;
  std::size_t count(MetricJudgement j) const;
  std::size_t judged() const { return count(MetricJudgement::tolerance) + count(MetricJudgement::uncertainty); }
};

// Metrics are matched by test id and metric name; a tolerance applies to its metric in every test.
Comparison compare_metrics(const std::vector<RunMetric>& a, const std::vector<RunMetric>& b,
                           const std::map<std::string, MetricTolerance>& tolerances);

}  // namespace pumprig
