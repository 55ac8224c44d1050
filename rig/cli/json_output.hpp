#pragma once
// `--json` on the CLI's commands: exactly one JSON document on stdout, whatever happened, so a CI
// pipeline can parse it without looking at the exit code first. A refused request is a document
// too: {"schema": ..., "error": "...", "exit_code": 2}. Every document names its schema
// (docs/schemas/<name>.schema.json) and carries the exit code the command returns.
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pumprig {

// The schema names of the --json documents (docs/schemas/<name>.schema.json), one list for the
// commands that print them and for the error document of a bad option.
namespace json_schema {
inline constexpr const char* kCompare = "pumprig.compare/1";
inline constexpr const char* kHistory = "pumprig.history/1";
inline constexpr const char* kVerify = "pumprig.verify/1";
inline constexpr const char* kPorts = "pumprig.ports/1";
inline constexpr const char* kCheck = "pumprig.check/1";
inline constexpr const char* kBaselines = "pumprig.baselines/1";
inline constexpr const char* kBaseline = "pumprig.baseline/1";
inline constexpr const char* kSuiteSummary = "pumprig.suite-summary/1";
}  // namespace json_schema

// Pretty-printed with a final newline; text that is not valid UTF-8 (a file name, a reply) is
// written with replacement characters instead of failing.
void print_json_document(std::ostream& out, const nlohmann::json& doc);

nlohmann::json json_error_document(const std::string& schema, const std::string& message, int exit_code);

// The schema of the --json document of the command these arguments (argv without the program)
// name: "pumprig.compare/1" for compare, "pumprig.baselines/1" for baseline list, ...; for a bad
// option the parser refused before the command ran.
std::string json_schema_of_command(const std::vector<std::string>& args);

}  // namespace pumprig
