#include "reports/test_section.hpp"

namespace pumprig::reports {

const TestSection* find_test_section(std::string_view kind) {
  // One line per test kind with a layout of its own.
  static const TestSection sections[] = {
      {"accuracy", write_accuracy_section, false},
      {"occlusion", write_occlusion_section, true},
      {"free_flow", write_free_flow_section, false},
  };
  for (const auto& s : sections)
    if (s.kind == kind) return &s;
  return nullptr;
}

}  // namespace pumprig::reports
