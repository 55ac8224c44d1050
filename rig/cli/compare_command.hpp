#pragma once
// `pumprig compare RUN_A RUN_B` or `pumprig compare RUN --baseline NAME`: metrics side by side;
// exit 1 when one moved beyond the scenario's regression tolerance, 0 otherwise, 2 for bad input.
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

struct CompareCommandOptions {
  std::vector<std::string> runs;  // A B, or one run with a baseline
  std::string baseline;           // compare runs[0] with this baseline
  std::string runs_dir = "runs";
  std::string index_path;         // empty: <runs_dir>/index.sqlite
  std::string scenario_path;      // tolerances from this scenario instead of the one B ran
  bool force = false;             // compare runs of different scenarios or fixtures all the same
};
int run_compare(const CompareCommandOptions& o, std::ostream& out, std::ostream& err);

void add_compare_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
