#include "rig/index/run_metrics.hpp"

#include <fmt/format.h>

namespace pumprig {

std::vector<RunMetric> metrics_from_result(const RunResult& result) {
  std::vector<RunMetric> out;
  for (const auto& test : result.tests) {
    const std::string id = test.id.empty() ? std::string("test") : test.id;
    for (const auto& [key, value] : test.fields.items())
      if (value.is_number()) out.push_back(RunMetric{id, test.station, key, value.get<double>()});
    const nlohmann::json& trumpet = test.field("trumpet");
    if (!trumpet.is_array()) continue;
    for (const auto& w : trumpet) {
      if (!w.is_object() || !w.contains("window_min") || !w["window_min"].is_number()) continue;
      const std::string prefix = fmt::format("trumpet_{}min_", w["window_min"].get<double>());
      for (const char* field : {"ep_max_pct", "ep_min_pct"})
        if (w.contains(field) && w[field].is_number())
          out.push_back(RunMetric{id, test.station, prefix + field, w[field].get<double>()});
    }
  }
  return out;
}

}  // namespace pumprig
