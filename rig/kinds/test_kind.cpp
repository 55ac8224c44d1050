#include "rig/kinds/test_kind.hpp"

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"

namespace pumprig {

nlohmann::json not_analysed(const std::string& id, std::string_view kind, const std::string& station, const char* method,
                            const std::string& note) {
  nlohmann::json t = test_json(id, kind, station, method);
  t["verdict"] = "inconclusive";
  t["notes"] = {note};
  return t;
}

std::string test_id(std::string_view kind, const std::string& station) {
  std::string name(kind);
  for (char& c : name)
    if (c == '_') c = '-';
  return fmt::format("{}-{}", station, name);
}

}  // namespace pumprig
