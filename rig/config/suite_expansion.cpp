#include "rig/config/suite_expansion.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace pumprig {

namespace {

// The --param values this scenario declares (the others are for other scenarios of the suite).
ParameterOverrides applicable(const ParameterOverrides& command_line, const ScenarioDeclaration& d) {
  ParameterOverrides out;
  for (const auto& o : command_line)
    if (d.parameters.count(o.name)) out.push_back(o);
  return out;
}

}  // namespace

std::vector<SuiteRun> expand_suite(const Suite& suite, const std::vector<ScenarioDeclaration>& declarations,
                                   const ParameterOverrides& command_line) {
  if (declarations.size() != suite.scenarios.size())
    throw std::logic_error("expand_suite: one declaration per suite entry");
  std::vector<SuiteRun> runs;
  std::set<std::string> used;  // --param names some scenario declares
  for (std::size_t i = 0; i < suite.scenarios.size(); ++i) {
    const SuiteEntry& e = suite.scenarios[i];
    const ScenarioDeclaration& d = declarations[i];
    const ParameterOverrides given = applicable(command_line, d);
    for (const auto& o : given) used.insert(o.name);
    const std::vector<ParameterOverrides> sets = e.parameter_sets.empty() ? std::vector<ParameterOverrides>{{}} : e.parameter_sets;
    std::vector<std::string> names;  // of this entry's runs, to refuse two that would share a folder
    for (const ParameterOverrides& set : sets) {
      check_overrides_declared(set, d.parameters, d.parameters_where);
      ParameterOverrides all = given;
      for (const auto& o : set) {
        if (std::any_of(given.begin(), given.end(), [&](const ParameterOverride& g) { return g.name == o.name; }))
          throw ConfigError(o.where, "parameter '" + o.name + "' is given both here and by --param: drop one");
        all.push_back(o);
      }
      SuiteRun run{e.path, e.where, run_display_id(d.id, all), run_file_name(d.id, all), all};
      if (!set.empty()) {
        if (const auto same = std::find(names.begin(), names.end(), run.file_name); same != names.end())
          throw ConfigError(set.front().where, "the parameter set " + parameters_display(set) + " repeats an earlier one of this entry (both run as '" +
                                                   run.file_name + "')");
        names.push_back(run.file_name);
      }
      runs.push_back(std::move(run));
    }
  }
  // A scenario listed twice (a repeat, or two files with one id) runs twice: the later run's
  // folder gets "-2", "-3", so no run finds its folder taken after the earlier ones have run.
  std::map<std::string, int> seen;
  for (auto& run : runs)
    if (const int n = ++seen[run.file_name]; n > 1) {
      run.file_name += "-" + std::to_string(n);
      run.display_id += " #" + std::to_string(n);
    }
  for (const auto& o : command_line) {
    if (used.count(o.name)) continue;
    std::set<std::string> all;
    for (const auto& d : declarations)
      for (const auto& [name, _] : d.parameters) all.insert(name);
    const std::vector<std::string> names(all.begin(), all.end());
    throw std::invalid_argument(o.origin + ": no scenario of suite " + suite.source + " declares a parameter '" + o.name + "'" +
                                did_you_mean_suffix(o.name, names) +
                                (names.empty() ? std::string(" (none has parameters)") : "; they declare " + quoted_list(names, "and")));
  }
  return runs;
}

}  // namespace pumprig
