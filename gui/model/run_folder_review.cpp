#include "gui/model/run_folder_review.hpp"


#include <limits>

#include <fmt/format.h>

#include "rig/record/csv_readings.hpp"
#include "rig/record/io_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_verdict.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig::gui {

using nlohmann::json;

void load_run_folder_into(const std::filesystem::path& dir, LiveRun& run) {
  const RunFolderContents folder = load_run_folder(dir);
  std::lock_guard lock(run.mutex);
  run.run = {{"run_id", folder.run.value("run_id", dir.filename().string())},
             {"run_dir", dir.string()},
             {"fixture", folder.run.contains("fixture") && folder.run["fixture"].is_object() ? folder.run["fixture"].value("name", "") : ""},
             {"scenario", folder.run.contains("scenario") && folder.run["scenario"].is_object() ? folder.run["scenario"].value("title", "") : ""},
             {"simulated", false},
             {"virtual_time", true}};
  run.stations.clear();
  run.events.clear();
  run.connection_status = fmt::format("reviewing {} ({})", dir.string(), folder.status_label());
  run.connected = false;
  std::map<std::string, double> t0;  // loop time of each station's pump start
  for (const json& e : folder.events) {
    if (!e.is_object()) continue;
    const std::string source = e.value("source", "");
    if (e.contains("data") && e["data"].is_object() && e["data"].contains("t0_s") && e["data"]["t0_s"].is_number())
      t0.emplace(source, e["data"]["t0_s"].get<double>());
    run.events.push_back(EventView{e.value("t_s", 0.0), e.value("kind", ""), "", source, e.value("message", "")});
  }
  for (const auto& [station, path] : folder.samples) {
    StationView view;
    view.id = station;
    view.state = {{"density_g_ml", 0.9982}, {"step", folder.status_label()}};
    const double shift = t0.count(station) ? t0[station] : 0.0;
    const CsvReadings readings = read_readings_csv(path.string());
    // Flow from the first reading on, as this review has always drawn it.
    for (const auto& r : readings.readings) view.add_mass(r.t_s + shift, r.mass_g, -std::numeric_limits<double>::infinity());
    if (auto io = folder.io_samples.find(station); io != folder.io_samples.end())
      for (const auto& p : read_io_csv(io->second.string()).pressures) view.pressure_mmhg.append(p.t_s + shift, p.pressure_mmhg);
    if (!view.mass_g.empty()) run.t_s = std::max(run.t_s, view.mass_g.time_range().hi);
    run.stations.push_back(std::move(view));
  }
  if (folder.result) {
    json tests = json::array();
    for (const auto& t : folder.result->tests)
      tests.push_back({{"id", t.id}, {"station", t.station}, {"kind", t.kind}, {"verdict", fmt::format("{}", to_string(t.verdict))}});
    const RunVerdict verdict = run_verdict(folder);
    run.finished = {{"run_dir", dir.string()}, {"verdict", ascii_upper(to_string(verdict.outcome))}, {"reason", verdict.reason}, {"tests", tests}};
  }
}

}  // namespace pumprig::gui
