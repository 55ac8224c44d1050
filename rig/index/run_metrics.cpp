#include "rig/index/run_metrics.hpp"

#include <cmath>

#include <fmt/format.h>

namespace pumprig {
namespace {

// `<field>_uncertainty.expanded` of the object that holds the field, when it is a finite number.
std::optional<double> expanded_beside(const nlohmann::json& holder, const std::string& field) {
  const auto it = holder.find(field + "_uncertainty");
  if (it == holder.end() || !it->is_object()) return std::nullopt;
  const auto u = it->find("expanded");
  if (u == it->end() || !u->is_number()) return std::nullopt;
  const double v = u->get<double>();
  return std::isfinite(v) && v >= 0 ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

std::vector<RunMetric> metrics_from_result(const RunResult& result) {
  std::vector<RunMetric> out;
  for (const auto& test : result.tests) {
    const std::string id = test.id.empty() ? std::string("test") : test.id;
    for (const auto& [key, value] : test.fields.items())
      if (value.is_number())
        out.push_back(RunMetric{id, test.station, key, value.get<double>(), expanded_beside(test.fields, key)});
    const nlohmann::json& trumpet = test.field("trumpet");
    if (!trumpet.is_array()) continue;
    for (const auto& w : trumpet) {
      if (!w.is_object() || !w.contains("window_min") || !w["window_min"].is_number()) continue;
      const std::string prefix = fmt::format("trumpet_{}min_", w["window_min"].get<double>());
      for (const char* field : {"ep_max_pct", "ep_min_pct"})
        if (w.contains(field) && w[field].is_number())
          out.push_back(RunMetric{id, test.station, prefix + field, w[field].get<double>(), expanded_beside(w, field)});
    }
  }
  return out;
}

}  // namespace pumprig
