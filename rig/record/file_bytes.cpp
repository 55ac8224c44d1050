#include "rig/record/file_bytes.hpp"

#include <fstream>
#include <sstream>

namespace pumprig {

std::optional<std::string> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace pumprig
