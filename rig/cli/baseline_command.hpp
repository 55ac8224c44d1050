#pragma once
// `pumprig baseline set|list|show|rm`: named reference runs for `compare --baseline NAME`. A
// baseline is a run that passed: `set` refuses anything else unless --force, and says what it
// replaces.
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace pumprig {

int run_baseline_set(const std::string& name, const std::string& run, const std::string& index_path,
                     std::ostream& out, std::ostream& err, bool force = false);
// json: one JSON document (schemas pumprig.baselines/1 and pumprig.baseline/1) instead of text.
int run_baseline_list(const std::string& index_path, std::ostream& out, std::ostream& err, bool json = false);
int run_baseline_show(const std::string& name, const std::string& index_path, std::ostream& out, std::ostream& err,
                      bool json = false);
int run_baseline_rm(const std::string& name, const std::string& index_path, std::ostream& out, std::ostream& err);

void add_baseline_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
