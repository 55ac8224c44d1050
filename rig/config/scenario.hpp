#pragma once
// A scenario is data: a list of steps (operator prompts, tare, set/start/stop the pump, record,
// wait) plus the analyses to run and their acceptance limits, each read by its test kind
// (rig/kinds/). Loaded from YAML (schema pumprig.scenario/1); "${name}" in any value is replaced
// by the text of parameters.name, which `--param` or a suite's matrix may override
// (rig/config/scenario_parameters.hpp).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rig/analysis/checks.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/pump_class.hpp"
#include "rig/config/regression.hpp"
#include "rig/config/scenario_parameters.hpp"

namespace pumprig {

inline constexpr const char* kScenarioSchema = "pumprig.scenario/1";

enum class StepKind {
  prompt, tare, zero, check_weight, set_pump, start_pump, stop_pump, record, wait,
  // Occlusion and free flow (need the station's rig I/O board, except the door steps).
  occlude, release, wait_until, open_door, close_door, collect
};

const char* to_string(StepKind k);
// Step names as written in YAML, in enum order.
const std::vector<std::string>& step_kind_names();

// What a wait_until step waits for.
enum class WaitKind { pump_alarm, alarm_sense, pressure_above, pressure_below, mass_change };
const std::vector<std::string>& wait_kind_names();  // as written in YAML, in enum order
const char* to_string(WaitKind k);

struct WaitCondition {
  WaitKind kind = WaitKind::pump_alarm;
  double value = 0;  // mmHg for pressure_above/below, g (absolute change) for mass_change
};

// The pump's occlusion alarm threshold setting (front panel).
enum class OcclusionLevel { low, medium, high };
const std::vector<std::string>& occlusion_level_names();
const char* to_string(OcclusionLevel l);

struct Step {
  StepKind kind = StepKind::prompt;
  SourcePos where;
  std::string text;    // prompt
  std::string action;  // prompt: what the operator is asked to do ("place_check_weight"), may be empty
  std::optional<double> rate_ml_h;  // set_pump
  std::optional<double> volume_ml;  // set_pump: volume to infuse; none = until stopped
  double duration_s = 0;            // record, wait; collect: its length (or, with a pressure end, its limit)
  std::optional<OcclusionLevel> occlusion_level;  // set_pump
  std::optional<WaitCondition> condition;         // wait_until
  double timeout_s = 0;                           // wait_until
  std::optional<double> until_pressure_below_mmhg;  // collect: ends when the pressure has decayed
  double settle_s = 0;                            // collect: then a stable balance reading after this
  double mass_g = 0;                // check_weight: reference mass
  double tolerance_g = 0;           // check_weight: allowed |reading - mass|
  // start_pump: how long a pump worked by the operator may take from its start to delivering
  // (a syringe's slack, a volumetric pump's priming) before the missing flow is a fault.
  std::optional<double> startup_allowance_s;
  SourcePos rate_where, volume_where, mass_where;  // where the values were written, for validation errors
};

// What an analysis block assumes about the steps, for the linter (rig/config/scenario_lint.hpp),
// which checks it against them without knowing the kinds.
struct AnalysisAssumptions {
  // The rate written in the block (`rate:`), which the results are judged against.
  std::optional<double> rate_ml_h;
  SourcePos rate_where;
  // When the pump must be running at that rate: during [period_start_min, period_end_min] after
  // the first start_pump (accuracy), or when the line is occluded (occlusion).
  enum class RateAt { analysis_period, occlusion } rate_at = RateAt::analysis_period;
  double period_start_min = 0, period_end_min = 0;
  // The longest time to the occlusion alarm that passes: the wait for the alarm must allow it.
  std::optional<double> time_to_alarm_limit_s;
  SourcePos time_to_alarm_where;
};

// One block under `analysis:`, as a test kind read it (rig/kinds/<kind>/). The scenario holds
// them without knowing the kinds: each kind's analysis downcasts its own spec.
struct AnalysisSpec {
  virtual ~AnalysisSpec() = default;
  virtual AnalysisAssumptions assumptions() const { return {}; }
  std::string kind;  // the key under analysis:, and the tests' "kind" in result.json
  SourcePos where;
  // `limits: { source: "manufacturer's stated accuracy, IFU rev C", ... }`: where the limits come
  // from (the standard sets none of them); "" when the scenario does not say.
  std::string limit_source;
};

struct Scenario {
  std::string source, text, id, title;
  std::vector<PumpClass> applies_to;
  SourcePos applies_to_where;
  // In force: as written in `parameters:`, or as given from outside (`overrides`).
  std::map<std::string, std::string> parameters;
  ParameterOverrides overrides;  // --param or a suite's matrix, in the order given
  std::vector<Step> steps;
  // The analyses to run on every station, in the order of the registered test kinds.
  std::vector<std::shared_ptr<const AnalysisSpec>> analyses;
  std::optional<RegressionConfig> regression;  // tolerances for `pumprig compare`
  // How a result near its limit is judged against its uncertainty (rig/analysis/checks.hpp).
  DecisionRule decision_rule = DecisionRule::simple;

  // Sum of record and wait durations.
  double total_duration_s() const;
  // Record and wait durations from the first start_pump to the next stop_pump (or the end):
  // how long the pump delivers into the vessel; analysis times count from that start_pump.
  double infusion_duration_s() const;
  bool applies_to_class(PumpClass c) const;
  // Steps that need a rig I/O board on the station (occlude, release, pressure conditions, a
  // collect that ends on pressure).
  bool needs_io_board() const;
  // The first analysis of the given spec type, or null.
  template <class Spec>
  const Spec* analysis() const {
    for (const auto& a : analyses)
      if (const auto* s = dynamic_cast<const Spec*>(a.get())) return s;
    return nullptr;
  }
};

// "duration=2 h, rate=5 ml/h (given)": the parameters in force, those given from outside marked;
// "" when the scenario declares none. For the console and the report's header.
std::string parameters_in_force(const Scenario& scenario);
// Whether a parameter's value was given from outside (--param, a suite's set).
bool parameter_overridden(const Scenario& scenario, const std::string& name);

namespace yaml_reader {
struct Context;
struct Value;
}  // namespace yaml_reader

// How one test kind reads its block under `analysis:`, given the scenario read so far (its
// steps): it throws ConfigError at the offending key.
struct AnalysisBlockParser {
  std::string name;
  std::function<std::shared_ptr<const AnalysisSpec>(const yaml_reader::Context&, const yaml_reader::Value&, const Scenario&)>
      parse;
};

// Throws ConfigError (file:line:col) for any schema violation; std::runtime_error naming the
// path when the file cannot be read. `analyses` are the blocks allowed under `analysis:`; the
// registered test kinds' readers are passed by load_scenario_file (rig/kinds/scenario_loading.hpp),
// which is what callers use. `overrides` replace declared parameters before any "${name}" is read;
// one the file does not declare is an error (check_overrides_declared).
Scenario read_scenario_file(const std::string& path, const std::vector<AnalysisBlockParser>& analyses,
                            const ParameterOverrides& overrides = {});
Scenario read_scenario_text(const std::string& yaml_text, const std::string& source_name,
                            const std::vector<AnalysisBlockParser>& analyses, const ParameterOverrides& overrides = {});

}  // namespace pumprig
