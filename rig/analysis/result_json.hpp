#pragma once
// result.json, schema "pumprig.result/1": the stable document other tools read. The field list
// is documented in rig/analysis/README.md; add fields, never rename or remove them without
// bumping the schema.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/accuracy.hpp"

namespace pumprig {

inline constexpr const char* kResultSchema = "pumprig.result/1";

std::string to_string(GapKind kind);

// One entry of "tests" for an accuracy test.
nlohmann::json accuracy_result_to_json(const AccuracyResult& result, std::string id, std::string station);

// The whole document: {"schema", "run", "tests"}.
nlohmann::json make_result_document(nlohmann::json run, std::vector<nlohmann::json> tests);

}  // namespace pumprig
