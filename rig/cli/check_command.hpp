#pragma once
// `pumprig check [--fixture F] [SCENARIO|SUITE] [--dut ...] [--condition ...] [--accept-deviation
// calibration]`: every check a run makes before anything moves, without opening a port: the
// fixture (and the overrides), each scenario against it (pump classes, rates, volumes, --dut
// stations), and the calibration due dates against today. Exit 0 when a run would start, 2 with
// the file:line:col or the instrument otherwise.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

struct CheckOptions {
  std::optional<std::string> fixture_path;  // none: the embedded simulated bench
  std::optional<std::string> scenario_path; // a scenario or a suite; none: the fixture alone
  std::vector<std::string> dut, conditions, accept_deviations;
  std::vector<std::string> params;          // --param NAME=VALUE
  std::string today;                        // YYYY-MM-DD (UTC); empty: today
  bool json = false;                        // one JSON document (schema pumprig.check/1) instead of text
};
int run_check(const CheckOptions& o, std::ostream& out, std::ostream& err);

void add_check_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
