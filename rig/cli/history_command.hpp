#pragma once
// `pumprig history [--scenario S] [--pump SERIAL] [--runs DIR | --index PATH]`: the runs in the index.
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

struct HistoryCommandOptions {
  std::string runs_dir = "runs";
  std::string index_path;  // empty: <runs_dir>/index.sqlite
  std::string scenario, pump_serial;  // empty: any
};
int run_history(const HistoryCommandOptions& o, std::ostream& out, std::ostream& err);

void add_history_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
