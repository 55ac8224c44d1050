#include "rig/analysis/result_json.hpp"

#include <optional>

namespace pumprig {

nlohmann::json checks_to_json(const std::vector<Check>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : checks) {
    nlohmann::json check = {{"name", c.name},
                            {"quantity", c.measurand.quantity},
                            {"unit", c.measurand.unit},
                            {"value", json_or_null(c.value)},
                            {"limit", c.limit},
                            {"comparison", to_string(c.comparison)},
                            {"verdict", std::string(to_string(c.verdict))}};
    if (c.measurand.window_min) check["window_min"] = *c.measurand.window_min;
    out.push_back(std::move(check));
  }
  return out;
}

nlohmann::json test_json(std::string id, std::string_view kind, std::string station, std::string_view method) {
  return {{"id", std::move(id)}, {"kind", std::string(kind)}, {"station", std::move(station)}, {"method", std::string(method)}};
}

void finish_test_json(nlohmann::json& test, const std::vector<Check>& checks, Verdict verdict,
                      const std::vector<std::string>& notes) {
  test["checks"] = checks_to_json(checks);
  test["verdict"] = std::string(to_string(verdict));
  test["notes"] = notes;
}

nlohmann::json make_result_document(nlohmann::json run, std::vector<nlohmann::json> tests) {
  nlohmann::json doc = nlohmann::json::object();
  doc["schema"] = kResultSchema;
  doc["run"] = std::move(run);
  doc["tests"] = nlohmann::json(std::move(tests));
  return doc;
}

}  // namespace pumprig
