#pragma once
// result.json's tests, typed, and their JSON in one place: a test's frame (id, kind, station,
// method; checks, verdict, notes, deviations), its checks and the faults its station carried on
// through. The document around them (the run block, the stations) is rig/record/run_result.hpp.
// The field list is documented in rig/analysis/README.md; add fields, never rename or remove them
// without bumping the schema. Each test kind writes its own fields (rig/kinds/<kind>/<kind>_json.*).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/uncertainty.hpp"

namespace pumprig {

// Schema 2: a check may be centred on a nominal value (a check weight's limit is a number with
// its nominal beside it, where schema 1 wrote the text "100 g +- 0.01 g"). The readers take both.
inline constexpr const char* kResultSchema = "pumprig.result/2";
inline constexpr const char* kResultSchemaV1 = "pumprig.result/1";

// A value, or null when there is none.
template <class T>
nlohmann::json json_or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// {"name", "quantity", "unit", ["window_min",] "value", "limit", "comparison", "verdict"}, the same
// for every kind and station check; a check centred on a nominal adds "nominal" and the deviation
// in its unit ("deviation_g" for a check weight, as records have always written it). Readers take
// the quantity and window from their fields, not from the name.
nlohmann::json check_to_json(const Check& check);
nlohmann::json checks_to_json(const std::vector<Check>& checks);
// Reads a check as any version wrote it, forgiving what a reader can: a verdict that is missing
// or unknown is inconclusive, a missing value is none. Schema 1's check-weight limit text
// ("100 g +- 0.01 g") becomes nominal 100 and limit 0.01.
Check check_from_json(const nlohmann::json& j);

// {"standard", "expanded", "k", "unit", "budget": [{"source", "input", "distribution", "standard"}]}:
// what result.json writes beside a value X as "X_uncertainty". The reader never throws: a damaged
// entry reads as nullopt (no uncertainty known), never as zero.
nlohmann::json uncertainty_to_json(const Uncertainty& u);
std::optional<Uncertainty> uncertainty_from_json(const nlohmann::json& j);
// Writes "<key>_uncertainty" into `fields` when there is a budget.
void put_uncertainty(nlohmann::json& fields, const std::string& key, const std::optional<Uncertainty>& u);

// A fault the station carried on through (policy continue or pause): the test's numbers cannot be
// trusted.
struct Deviation {
  std::optional<double> t_s;  // test time of the fault
  std::string source;         // the instrument
  std::string what;
  std::string policy;         // the station's fault policy ("continue", "pause")
};
nlohmann::json deviation_to_json(const Deviation& d);
Deviation deviation_from_json(const nlohmann::json& j);

// One entry of result.json's "tests".
struct TestResult {
  std::string id, kind, station, method;
  // The kind's own keys (rig/analysis/README.md), as its serialiser wrote them; the frame's keys
  // never appear here.
  nlohmann::json fields = nlohmann::json::object();
  std::vector<Check> checks;
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> notes;
  std::vector<Deviation> deviations;  // written only when there are any

  // A kind's field, or null.
  const nlohmann::json& field(const char* key) const;
};

// Keys {"id", "kind", "station", "method"}, the kind's fields, then {"checks", "verdict", "notes"}
// and, when the station carried on through faults, "deviations".
nlohmann::json to_json(const TestResult& test);
// Never throws: what is missing or of the wrong type reads as empty (a verdict as inconclusive),
// so a damaged result can never read as a pass.
TestResult test_result_from_json(const nlohmann::json& j);

}  // namespace pumprig
