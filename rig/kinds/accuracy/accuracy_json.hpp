#pragma once
// One entry of result.json's "tests" for an accuracy test (keys documented in rig/analysis/README.md).
#include <string>

#include "rig/analysis/result_json.hpp"
#include "rig/analysis/accuracy.hpp"

namespace pumprig {

std::string to_string(GapKind kind);

TestResult accuracy_test_result(const AccuracyResult& result, std::string id, std::string station);

}  // namespace pumprig
