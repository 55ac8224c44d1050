#include "rig/kinds/suite_loading.hpp"

#include "rig/kinds/scenario_loading.hpp"

namespace pumprig {

std::vector<LoadedSuiteRun> load_suite_runs(const Suite& suite, const ParameterOverrides& command_line) {
  std::vector<ScenarioDeclaration> declarations;
  for (const SuiteEntry& e : suite.scenarios) {
    // Read once as written, for its id and the parameters it declares.
    const Scenario sc = load_scenario_file(e.path);
    declarations.push_back(ScenarioDeclaration{sc.id, sc.parameters, SourcePos{sc.source, 0, 0}});
  }
  std::vector<LoadedSuiteRun> out;
  for (SuiteRun& run : expand_suite(suite, declarations, command_line)) {
    Scenario sc = load_scenario_file(run.scenario_path, run.overrides);
    out.push_back(LoadedSuiteRun{std::move(run), std::move(sc)});
  }
  return out;
}

}  // namespace pumprig
