#include "rig/cli/history_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/session/exit_codes.hpp"
#include "rig/index/run_index.hpp"

namespace pumprig {

int run_history(const HistoryCommandOptions& o, std::ostream& out, std::ostream& err) {
  const std::filesystem::path index_path =
      o.index_path.empty() ? std::filesystem::path(o.runs_dir) / kIndexFile : std::filesystem::path(o.index_path);
  HistoryFilter f;
  if (!o.scenario.empty()) f.scenario_id = o.scenario;
  if (!o.pump_serial.empty()) f.pump_serial = o.pump_serial;
  std::vector<IndexedRun> runs;
  try {
    runs = RunIndex::open_existing(index_path).list(f);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
  out << fmt::format("{:<44} {:<22} {:<20} {:<14} {:<9} {:<12} {:>9}  {:<12}  {}\n", "run", "start (UTC)", "scenario", "pump serial",
                     "status", "verdict", "A %", "manifest", "operator");
  for (const auto& r : runs) {
    // With --pump, the row is that pump's: its serial and the mean error of its station (a bench
    // runs several pumps at once); otherwise every pump and the first station's mean error.
    std::string serials, station;
    for (const auto& p : r.pumps) {
      if (!o.pump_serial.empty() && p.serial != o.pump_serial) continue;
      serials += (serials.empty() ? "" : ",") + p.serial;
      if (station.empty()) station = p.station;
    }
    if (o.pump_serial.empty()) station.clear();
    std::string mean_error = "-";
    for (const auto& m : r.metrics)
      if (m.metric == "mean_error_pct" && (station.empty() || m.station == station)) {
        mean_error = fmt::format("{:+.3f}", m.value);
        break;
      }
    const std::string manifest = r.manifest_digest.substr(0, 12) + (r.signed_ ? " signed" : "");
    out << fmt::format("{:<44} {:<22} {:<20} {:<14} {:<9} {:<12} {:>9}  {:<12}  {}\n", r.id, r.start_utc.substr(0, 19),
                       r.scenario_id, serials, r.status, r.verdict.empty() ? "-" : r.verdict, mean_error, manifest,
                       r.operator_name.empty() ? "-" : r.operator_name + (r.user.empty() ? "" : " (" + r.user + "@" + r.host + ")"));
  }
  out << fmt::format("{} run{}\n", runs.size(), runs.size() == 1 ? "" : "s");
  return kExitPass;
}

void add_history_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<HistoryCommandOptions>();
  CLI::App* cmd = app.add_subcommand("history", "List the runs in the run index");
  cmd->add_option("--scenario", o->scenario, "Only runs of this scenario id");
  cmd->add_option("--pump", o->pump_serial, "Only runs of the pump with this serial number");
  auto* runs = cmd->add_option("--runs", o->runs_dir, "Runs folder holding index.sqlite")->capture_default_str();
  cmd->add_option("--index", o->index_path, "Run index file")->excludes(runs);
  cmd->callback([o, &exit_code] { exit_code = run_history(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
