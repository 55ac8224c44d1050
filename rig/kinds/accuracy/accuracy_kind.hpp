#pragma once
// Accuracy (IEC 60601-2-24 start-up graph, trumpet curve, mean error) as a test kind.
#include "rig/kinds/test_kind.hpp"

namespace pumprig {

class AccuracyKind final : public TestKind {
 public:
  std::string_view name() const override { return "accuracy"; }
  std::shared_ptr<const AnalysisSpec> parse(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                            const Scenario& scenario) const override;
  AnalysedTest analyse(const StationRecord& station, const AnalysisSpec& spec, const Fixture& fixture,
                       const Scenario& scenario) const override;
  // The accuracy table is the terminal detail; the verdict line adds nothing.
  std::string summary(const TestResult&) const override { return ""; }
};

}  // namespace pumprig
