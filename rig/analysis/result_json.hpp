#pragma once
// result.json, schema "pumprig.result/1": the stable document other tools read. The field list
// is documented in rig/analysis/README.md; add fields, never rename or remove them without
// bumping the schema.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/accuracy.hpp"
#include "rig/analysis/checks.hpp"
#include "rig/analysis/free_flow.hpp"
#include "rig/analysis/occlusion.hpp"

namespace pumprig {

inline constexpr const char* kResultSchema = "pumprig.result/1";

std::string to_string(GapKind kind);

// One entry of "tests" for an accuracy test.
nlohmann::json accuracy_result_to_json(const AccuracyResult& result, std::string id, std::string station);

// One entry of "tests" for an occlusion test (kind "occlusion").
nlohmann::json occlusion_result_to_json(const OcclusionResult& result, std::string id, std::string station);

// One entry of "tests" for a free-flow test (kind "free_flow").
nlohmann::json free_flow_result_to_json(const FreeFlowResult& result, std::string id, std::string station);

// "checks": [{"name", "quantity", "unit", ["window_min",] "value", "limit", "comparison", "verdict"}], the
// same for every kind; readers take the quantity and window from their fields, not from the name.
nlohmann::json checks_to_json(const std::vector<Check>& checks);

// The whole document: {"schema", "run", "tests"}.
nlohmann::json make_result_document(nlohmann::json run, std::vector<nlohmann::json> tests);

}  // namespace pumprig
