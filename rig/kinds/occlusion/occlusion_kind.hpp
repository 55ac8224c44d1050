#pragma once
// Occlusion (time to the occlusion alarm, pressure at the alarm, bolus after release) as a test
// kind.
#include <optional>

#include "rig/kinds/test_kind.hpp"

namespace pumprig {

struct OcclusionSpec final : AnalysisSpec {
  std::optional<double> rate_ml_h;  // default: the set_pump rate
  std::optional<double> time_to_alarm_limit_s;
  std::optional<double> alarm_pressure_limit_mmhg;
  std::optional<double> peak_pressure_limit_mmhg;
  std::optional<double> bolus_limit_ml;
  std::optional<double> density_g_ml;  // none = the fixture's fluid density
  SourcePos rate_where, time_to_alarm_where;  // the keys, for the linter

  AnalysisAssumptions assumptions() const override {
    AnalysisAssumptions a;
    a.rate_ml_h = rate_ml_h;
    a.rate_where = rate_where;
    a.rate_at = AnalysisAssumptions::RateAt::occlusion;
    a.time_to_alarm_limit_s = time_to_alarm_limit_s;
    a.time_to_alarm_where = time_to_alarm_where;
    return a;
  }
};

class OcclusionKind final : public TestKind {
 public:
  std::string_view name() const override { return "occlusion"; }
  std::shared_ptr<const AnalysisSpec> parse(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                            const Scenario& scenario) const override;
  AnalysedTest analyse(const StationRecord& station, const AnalysisSpec& spec, const Fixture& fixture,
                       const Scenario& scenario) const override;
  std::string summary(const TestResult& test) const override;
};

}  // namespace pumprig
