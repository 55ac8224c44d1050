#include "rig/kinds/test_kind.hpp"

#include <fmt/format.h>

namespace pumprig {

nlohmann::json not_analysed(const std::string& id, std::string_view kind, const std::string& station, const char* method,
                            const std::string& note) {
  return {{"id", id}, {"kind", std::string(kind)}, {"station", station}, {"method", method}, {"verdict", "inconclusive"}, {"notes", {note}}};
}

std::string test_id(std::string_view kind, const std::string& station) {
  std::string name(kind);
  for (char& c : name)
    if (c == '_') c = '-';
  return fmt::format("{}-{}", station, name);
}

}  // namespace pumprig
