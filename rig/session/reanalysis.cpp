#include "rig/session/reanalysis.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "rig/kinds/scenario_loading.hpp"
#include "rig/record/json_file.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

namespace {

// run.json's `scenario` or `fixture` object: {"source", "text", ...}.
const nlohmann::json& recorded_config(const RunFolderContents& record, const char* key) {
  const auto it = record.run.find(key);
  if (it == record.run.end() || !it->is_object() || !it->contains("text") || !(*it)["text"].is_string())
    throw std::runtime_error(fmt::format("{}: holds no {} text: not a run folder recorded by `pumprig run` (for a CSV of "
                                         "readings use `pumprig analyze --input FILE --rate RATE`)",
                                         (record.dir / run_files::kRunJson).string(), key));
  return *it;
}

std::string source_of(const nlohmann::json& config) {
  const auto it = config.find("source");
  return it != config.end() && it->is_string() ? it->get<std::string>() : std::string("run.json");
}

Fixture recorded_fixture(const RunFolderContents& record) {
  const nlohmann::json& f = recorded_config(record, "fixture");
  Fixture fixture = load_fixture_text(f["text"].get<std::string>(), source_of(f) + " (as recorded in run.json)");
  if (const auto it = f.find("dut_overrides"); it != f.end() && it->is_array() && !it->empty())
    apply_dut_overrides(fixture, it->get<std::vector<std::string>>());
  return fixture;
}

// The parameters the run was given from outside, as recorded: the text alone has the defaults.
ParameterOverrides recorded_overrides(const nlohmann::json& s) {
  ParameterOverrides out;
  const auto names = s.find("overridden_parameters");
  const auto values = s.find("parameters");
  if (names == s.end() || !names->is_array() || values == s.end() || !values->is_object()) return out;
  for (const auto& n : *names) {
    if (!n.is_string()) continue;
    const auto v = values->find(n.get<std::string>());
    if (v == values->end() || !v->is_string()) continue;
    out.push_back(ParameterOverride{n.get<std::string>(), v->get<std::string>(),
                                    "run.json scenario.parameters." + n.get<std::string>(), {}});
  }
  return out;
}

Scenario recorded_scenario(const RunFolderContents& record) {
  const nlohmann::json& s = recorded_config(record, "scenario");
  return load_scenario_text(s["text"].get<std::string>(), source_of(s) + " (as recorded in run.json)", recorded_overrides(s));
}

}  // namespace

Reanalysis reanalyse_run_folder(const std::filesystem::path& dir) {
  const RunFolderContents record = load_run_folder(dir);
  const Fixture fixture = recorded_fixture(record);
  const Scenario scenario = recorded_scenario(record);

  Reanalysis out;
  out.stations = analyse_recorded_run(record, fixture, scenario);
  out.run_id = string_field(record.run, "run_id", dir.filename().string());
  out.scenario_title = scenario.title;
  out.fixture_name = fixture.name;
  out.run_status = record.status_label();
  out.notes = record.notes;

  // The run is aborted when a station ended aborted, or the recording says so (a recording error,
  // or a run that never finished).
  const bool aborted = record.status == RunStatus::aborted || out.stations.any_aborted();
  std::string reason = aborted_stations_reason(out.stations);
  if (reason.empty() && aborted)
    reason = record.interrupted ? std::string("the recording was interrupted before the run finished")
                                : record.run.value("end_reason", std::string("the run was aborted"));
  const RunIdentity identity{out.run_id, parse_provenance(string_field(record.run, "provenance")).value_or(Provenance::real),
                             record.run.value("seed", nlohmann::json())};
  out.result = run_result_document(identity, fixture, scenario, aborted, out.stations);
  out.verdict = run_verdict(&out.result, aborted, reason);
  return out;
}

}  // namespace pumprig
