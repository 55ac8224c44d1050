#pragma once
// A whole JSON file from a run folder, or nothing when it is missing or does not parse: the
// callers (index, compare) describe what is absent in their own terms.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rig/core/json_fields.hpp"

namespace pumprig {

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path);

// string_field: rig/core/json_fields.hpp (kept reachable from here for its readers).

}  // namespace pumprig
