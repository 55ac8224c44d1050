#include "rig/kinds/registry.hpp"

#include "rig/kinds/accuracy/accuracy_kind.hpp"
#include "rig/kinds/free_flow/free_flow_kind.hpp"
#include "rig/kinds/occlusion/occlusion_kind.hpp"

namespace pumprig {

const std::vector<const TestKind*>& test_kinds() {
  // One line per kind.
  static const AccuracyKind accuracy;
  static const OcclusionKind occlusion;
  static const FreeFlowKind free_flow;
  static const std::vector<const TestKind*> kinds{&accuracy, &occlusion, &free_flow};
  return kinds;
}

const TestKind* find_test_kind(std::string_view name) {
  for (const TestKind* k : test_kinds())
    if (k->name() == name) return k;
  return nullptr;
}

const std::vector<AnalysisBlockParser>& analysis_block_parsers() {
  static const std::vector<AnalysisBlockParser> parsers = [] {
    std::vector<AnalysisBlockParser> out;
    for (const TestKind* k : test_kinds())
      out.push_back({std::string(k->name()), [k](const yaml_reader::Context& ctx, const yaml_reader::Value& v, const Scenario& sc) {
                       return k->parse(ctx, v, sc);
                     }});
    return out;
  }();
  return parsers;
}

}  // namespace pumprig
