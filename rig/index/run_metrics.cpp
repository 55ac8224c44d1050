#include "rig/index/run_metrics.hpp"

#include <fmt/format.h>

namespace pumprig {

std::vector<RunMetric> metrics_from_result(const nlohmann::json& result) {
  std::vector<RunMetric> out;
  if (!result.is_object() || !result.contains("tests") || !result["tests"].is_array()) return out;
  for (const auto& test : result["tests"]) {
    if (!test.is_object()) continue;
    const std::string id = test.value("id", std::string("test"));
    const std::string station = test.contains("station") && test["station"].is_string() ? test["station"].get<std::string>() : "";
    for (const auto& [key, value] : test.items())
      if (value.is_number()) out.push_back(RunMetric{id, station, key, value.get<double>()});
    if (test.contains("trumpet") && test["trumpet"].is_array()) {
      for (const auto& w : test["trumpet"]) {
        if (!w.is_object() || !w.contains("window_min") || !w["window_min"].is_number()) continue;
        const std::string prefix = fmt::format("trumpet_{}min_", w["window_min"].get<double>());
        for (const char* field : {"ep_max_pct", "ep_min_pct"})
          if (w.contains(field) && w[field].is_number())
            out.push_back(RunMetric{id, station, prefix + field, w[field].get<double>()});
      }
    }
  }
  return out;
}

}  // namespace pumprig
