#pragma once
// A whole JSON file from a run folder, or nothing when it is missing or does not parse: the
// callers (index, compare) describe what is absent in their own terms.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pumprig {

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path);

// The string at `key` of a JSON object, or `fallback` when `j` is no object, the key is missing
// or its value is not a string (records read back may be damaged or from another version).
std::string string_field(const nlohmann::json& j, const char* key, std::string fallback = {});

}  // namespace pumprig
