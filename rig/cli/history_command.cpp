#include "rig/cli/history_command.hpp"
#include "rig/core/fixed_text.hpp"

#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/cli/index_json.hpp"
#include "rig/cli/json_output.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/index/run_index.hpp"

namespace pumprig {
namespace {

const std::string kSchema = json_schema::kHistory;

// With a pump serial, that pump's mean error: the one of its own station (a bench runs several
// pumps at once); otherwise the first station's.
std::optional<double> mean_error_of(const IndexedRun& r, const std::string& pump_serial) {
  std::string station;
  if (!pump_serial.empty())
    for (const auto& p : r.pumps)
      if (p.serial == pump_serial) {
        station = p.station;
        break;
      }
  for (const auto& m : r.metrics)
    if (m.metric == "mean_error_pct" && (station.empty() || m.station == station)) return m.value;
  return std::nullopt;
}

}  // namespace

int run_history(const HistoryCommandOptions& o, std::ostream& out, std::ostream& err) {
  const std::filesystem::path index_path =
      o.index_path.empty() ? std::filesystem::path(o.runs_dir) / kIndexFile : std::filesystem::path(o.index_path);
  HistoryFilter f;
  if (!o.scenario.empty()) f.scenario_id = o.scenario;
  if (!o.pump_serial.empty()) f.pump_serial = o.pump_serial;
  if (!o.instrument_serial.empty()) f.instrument_serial = o.instrument_serial;
  std::vector<IndexedRun> runs;
  try {
    runs = RunIndex::open_existing(index_path).list(f);
  } catch (const std::exception& e) {
    if (o.json) print_json_document(out, json_error_document(kSchema, e.what(), kExitUsage));
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : runs) {
      auto j = indexed_run_json(r, true);
      const auto a = mean_error_of(r, o.pump_serial);
      j["mean_error_pct"] = a ? nlohmann::json(*a) : nlohmann::json(nullptr);
      list.push_back(std::move(j));
    }
    nlohmann::json filter{{"scenario", o.scenario.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.scenario)},
                          {"pump", o.pump_serial.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.pump_serial)},
                          {"instrument", o.instrument_serial.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.instrument_serial)}};
    print_json_document(out, nlohmann::json{{"schema", kSchema}, {"index", index_path.string()}, {"filter", filter},
                                            {"runs", list}, {"exit_code", kExitPass}});
    return kExitPass;
  }
  out << fmt::format("{:<44} {:<22} {:<20} {:<14} {:<9} {:<12} {:>9}  {:<12}  {}\n", "run", "start (UTC)", "scenario", "pump serial",
                     "status", "verdict", "A %", "manifest", "operator");
  for (const auto& r : runs) {
    std::string serials;
    for (const auto& p : r.pumps)
      if (o.pump_serial.empty() || p.serial == o.pump_serial) serials += (serials.empty() ? "" : ",") + p.serial;
    const auto a = mean_error_of(r, o.pump_serial);
    const std::string mean_error = a ? signed_fixed_text(*a, 3) : "-";
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
  cmd->add_option("--instrument", o->instrument_serial, "Only runs that used the balance or I/O board with this serial number");
  cmd->add_flag("--json", o->json, "Print one JSON document (schema pumprig.history/1) instead of the table");
  auto* runs = cmd->add_option("--runs", o->runs_dir, "Runs folder holding index.sqlite")->capture_default_str();
  cmd->add_option("--index", o->index_path, "Run index file")->excludes(runs);
  cmd->callback([o, &exit_code] { exit_code = run_history(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
