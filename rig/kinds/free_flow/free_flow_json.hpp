#pragma once
// One entry of result.json's "tests" for a free flow test (keys documented in rig/analysis/README.md).
#include <string>

#include "rig/analysis/result_json.hpp"
#include "rig/analysis/free_flow.hpp"

namespace pumprig {

TestResult free_flow_test_result(const FreeFlowResult& result, std::string id, std::string station);

}  // namespace pumprig
