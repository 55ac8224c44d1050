#include "rig/kinds/test_kind.hpp"

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"

namespace pumprig {

TestResult not_analysed(const std::string& id, std::string_view kind, const std::string& station, const char* method,
                        const std::string& note) {
  TestResult t{id, std::string(kind), station, method};
  t.verdict = Verdict::inconclusive;
  t.notes = {note};
  return t;
}

std::string test_id(std::string_view kind, const std::string& station) {
  std::string name(kind);
  for (char& c : name)
    if (c == '_') c = '-';
  return fmt::format("{}-{}", station, name);
}

}  // namespace pumprig
