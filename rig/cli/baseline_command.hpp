#pragma once
// `pumprig baseline set NAME RUN`: name a run as the reference for `compare --baseline NAME`.
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

int run_baseline_set(const std::string& name, const std::string& run, const std::string& index_path,
                     std::ostream& out, std::ostream& err);

void add_baseline_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
