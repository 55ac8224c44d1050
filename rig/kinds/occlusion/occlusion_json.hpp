#pragma once
// One entry of result.json's "tests" for an occlusion test (keys documented in rig/analysis/README.md).
#include <string>

#include <nlohmann/json.hpp>

#include "rig/analysis/occlusion.hpp"

namespace pumprig {

nlohmann::json occlusion_result_to_json(const OcclusionResult& result, std::string id, std::string station);

}  // namespace pumprig
