#include "rig/index/compare.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace pumprig {

std::string_view to_string(MetricJudgement j) {
  switch (j) {
    case MetricJudgement::tolerance: return "tolerance";
    case MetricJudgement::uncertainty: return "uncertainty";
    case MetricJudgement::unjudgeable: return "unjudgeable";
    case MetricJudgement::shown: return "shown";
  }
  return "shown";
}

std::string MetricComparison::limit_text() const {
  if (judgement == MetricJudgement::tolerance) return tolerance->text();
  if (judgement == MetricJudgement::uncertainty && allowed) return fmt::format("U {:.3g}", *allowed);
  return "-";
}

std::string MetricComparison::status_text() const {
  switch (judgement) {
    case MetricJudgement::tolerance:
    case MetricJudgement::uncertainty: return moved ? "MOVED" : "ok";
    case MetricJudgement::unjudgeable: return "CANNOT JUDGE";
    case MetricJudgement::shown: return "";
  }
  return "";
}

bool Comparison::any_moved() const {
  return std::any_of(rows.begin(), rows.end(), [](const MetricComparison& r) { return r.moved; });
}

std::size_t Comparison::count(MetricJudgement j) const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [j](const MetricComparison& r) { return r.judgement == j; }));
}

namespace {

void judge(MetricComparison& r) {
  if (r.tolerance) {
    r.judgement = MetricJudgement::tolerance;
    if (r.a) r.allowed = r.tolerance->allowed_move(*r.a);
    r.moved = !(r.a && r.b) || !r.tolerance->allows(*r.a, *r.b);
    return;
  }
  if (!r.ua && !r.ub) return;  // shown only
  if (!(r.a && r.b)) {         // a result with an uncertainty appeared or disappeared
    r.judgement = MetricJudgement::uncertainty;
    r.moved = true;
    return;
  }
  if (!(r.ua && r.ub)) {
    r.judgement = MetricJudgement::unjudgeable;
    return;
  }
  r.judgement = MetricJudgement::uncertainty;
  r.allowed = std::hypot(*r.ua, *r.ub);
  r.moved = !(std::abs(*r.b - *r.a) <= *r.allowed);
}

}  // namespace

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
  for (const auto& m : a) {
    auto& r = row_of(m);
    r.a = m.value;
    r.ua = m.expanded_uncertainty;
  }
  for (const auto& m : b) {
    auto& r = row_of(m);
    r.b = m.value;
    r.ub = m.expanded_uncertainty;
  }
  for (auto& r : c.rows) judge(r);
  return c;
}

}  // namespace pumprig
