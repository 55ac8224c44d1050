#pragma once
// Free flow (volume and peak flow with the pump's door open under a head height) as a test kind.
#include <optional>

#include "rig/kinds/test_kind.hpp"

namespace pumprig {

struct FreeFlowSpec final : AnalysisSpec {
  double head_height_cm = 0;
  std::optional<double> volume_limit_ml;
  std::optional<double> peak_flow_limit_ml_h;
  std::optional<double> density_g_ml;  // none = the fixture's fluid density
};

class FreeFlowKind final : public TestKind {
 public:
  std::string_view name() const override { return "free_flow"; }
  std::shared_ptr<const AnalysisSpec> parse(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                            const Scenario& scenario) const override;
  AnalysedTest analyse(const StationRecord& station, const AnalysisSpec& spec, const Fixture& fixture,
                       const Scenario& scenario) const override;
  std::string summary(const TestResult& test) const override;
};

}  // namespace pumprig
