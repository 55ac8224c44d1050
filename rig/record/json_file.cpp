#include "rig/record/json_file.hpp"

#include "rig/record/file_bytes.hpp"

namespace pumprig {

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path) {
  const auto bytes = read_file_bytes(path);
  if (!bytes) return std::nullopt;
  try {
    return nlohmann::json::parse(*bytes);
  } catch (const nlohmann::json::parse_error&) {
    return std::nullopt;
  }
}

}  // namespace pumprig
