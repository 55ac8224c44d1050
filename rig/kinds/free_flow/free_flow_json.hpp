#pragma once
// One entry of result.json's "tests" for a free flow test (keys documented in rig/analysis/README.md).
#include <string>

#include <nlohmann/json.hpp>

#include "rig/analysis/free_flow.hpp"

namespace pumprig {

nlohmann::json free_flow_result_to_json(const FreeFlowResult& result, std::string id, std::string station);

}  // namespace pumprig
