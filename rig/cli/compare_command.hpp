#pragma once
// `pumprig compare RUN_A RUN_B` or `pumprig compare RUN --baseline NAME`: metrics side by side,
// judged as rig/index/compare.hpp says. Exit 1 when a metric moved beyond its tolerance or the
// combined uncertainty, 4 when a metric cannot be judged or none was, 2 for bad input or a refused
// pair (other scenario or fixture without --force), 0 otherwise.
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
  bool json = false;              // one JSON document on stdout instead of the table
};
int run_compare(const CompareCommandOptions& o, std::ostream& out, std::ostream& err);

void add_compare_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
