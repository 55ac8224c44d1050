#pragma once
// One entry of result.json's "tests" for an occlusion test (keys documented in rig/analysis/README.md).
#include <string>

#include "rig/analysis/result_json.hpp"
#include "rig/analysis/occlusion.hpp"

namespace pumprig {

TestResult occlusion_test_result(const OcclusionResult& result, std::string id, std::string station);

}  // namespace pumprig
