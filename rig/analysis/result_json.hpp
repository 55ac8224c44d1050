#pragma once
// result.json, schema "pumprig.result/1": the stable document other tools read. The field list
// is documented in rig/analysis/README.md; add fields, never rename or remove them without
// bumping the schema. Each test kind serialises its own tests (rig/kinds/<kind>/<kind>_json.*);
// the checks and the document's frame are the same for all.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/checks.hpp"

namespace pumprig {

inline constexpr const char* kResultSchema = "pumprig.result/1";

// A value, or null when there is none.
template <class T>
nlohmann::json json_or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// "checks": [{"name", "quantity", "unit", ["window_min",] "value", "limit", "comparison", "verdict"}], the
// same for every kind; readers take the quantity and window from their fields, not from the name.
nlohmann::json checks_to_json(const std::vector<Check>& checks);

// The keys every entry of "tests" has: first {"id", "kind", "station", "method"}, then the kind's
// own, and last {"checks", "verdict", "notes"}.
nlohmann::json test_json(std::string id, std::string_view kind, std::string station, std::string_view method);
void finish_test_json(nlohmann::json& test, const std::vector<Check>& checks, Verdict verdict,
                      const std::vector<std::string>& notes);

// The whole document: {"schema", "run", "tests"}.
nlohmann::json make_result_document(nlohmann::json run, std::vector<nlohmann::json> tests);

}  // namespace pumprig
