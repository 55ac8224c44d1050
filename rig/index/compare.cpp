#include "rig/index/compare.hpp"

#include <algorithm>

namespace pumprig {

bool Comparison::any_moved() const {
  return std::any_of(rows.begin(), rows.end(), [](const MetricComparison& r) { return r.moved; });
}

Comparison compare_metrics(const std::vector<RunMetric>& a, const std::vector<RunMetric>& b,
                           const std::map<std::string, MetricTolerance>& tolerances) {
  Comparison c;
  auto row_of = [&](const RunMetric& m) -> MetricComparison& {
    for (auto& r : c.rows)
      if (r.test_id == m.test_id && r.metric == m.metric) return r;
    MetricComparison r;
    r.test_id = m.test_id;
    r.metric = m.metric;
    if (auto it = tolerances.find(m.metric); it != tolerances.end()) r.tolerance = it->second;
    c.rows.push_back(std::move(r));
    return c.rows.back();
  };
  for (const auto& m : a) row_of(m).a = m.value;
  for (const auto& m : b) row_of(m).b = m.value;
  for (auto& r : c.rows) {
    if (!r.tolerance) continue;
    r.moved = !(r.a && r.b) || !r.tolerance->allows(*r.a, *r.b);
  }
  return c;
}

}  // namespace pumprig
