#include "rig/record/json_file.hpp"

#include <fstream>
#include <sstream>

namespace pumprig {

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  try {
    return nlohmann::json::parse(s.str());
  } catch (const nlohmann::json::parse_error&) {
    return std::nullopt;
  }
}


}  // namespace pumprig
