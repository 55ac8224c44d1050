#pragma once
// `pumprig history [--scenario S] [--pump SERIAL] [--instrument SERIAL] [--runs DIR | --index PATH] [--json]`:
// the runs in the index, as a table or one JSON document (schema pumprig.history/1).
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
  std::string instrument_serial;      // a balance or I/O board; empty: any
  bool json = false;
};
int run_history(const HistoryCommandOptions& o, std::ostream& out, std::ostream& err);

void add_history_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
