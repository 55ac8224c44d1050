#include "rig/record/run_result.hpp"

#include "rig/record/json_file.hpp"

namespace pumprig {

namespace {

using nlohmann::json;

std::optional<std::string> optional_text(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

constexpr const char* kTypedRunKeys[] = {"id",       "scenario", "fixture",           "provenance",       "status",
                                         "seed",     "stations", "stations_finished", "stations_aborted"};

bool is_typed_run_key(const std::string& key) {
  for (const char* k : kTypedRunKeys)
    if (key == k) return true;
  return false;
}

json station_to_json(const StationOutcome& s) {
  json deviations = json::array();
  for (const auto& d : s.deviations) deviations.push_back(deviation_to_json(d));
  return {{"id", s.id},
          {"status", to_string(s.status)},
          {"reason", s.reason},
          {"policy", s.policy},
          {"deviations", std::move(deviations)},
          {"checks", checks_to_json(s.checks)}};
}

StationOutcome station_from_json(const json& j) {
  StationOutcome s;
  if (!j.is_object()) return s;
  s.id = string_field(j, "id");
  s.status = ended_as(string_field(j, "status"));
  s.reason = string_field(j, "reason");
  s.policy = string_field(j, "policy");
  if (const auto it = j.find("deviations"); it != j.end() && it->is_array())
    for (const auto& d : *it) s.deviations.push_back(deviation_from_json(d));
  if (const auto it = j.find("checks"); it != j.end() && it->is_array())
    for (const auto& c : *it) s.checks.push_back(check_from_json(c));
  return s;
}

}  // namespace

const std::vector<StationOutcome>& RunSummary::station_list() const {
  static const std::vector<StationOutcome> none;
  return stations ? *stations : none;
}

std::vector<std::string> RunSummary::ids_with_status(RunStatus s) const {
  std::vector<std::string> ids;
  for (const auto& st : station_list())
    if (st.status == s) ids.push_back(st.id);
  return ids;
}

json to_json(const RunSummary& run) {
  json j = run.other.is_object() ? run.other : json::object();
  if (run.id) j["id"] = *run.id;
  if (run.scenario) j["scenario"] = *run.scenario;
  if (run.fixture) j["fixture"] = *run.fixture;
  if (run.provenance) j["provenance"] = to_string(*run.provenance);
  if (run.status) j["status"] = to_string(*run.status);
  if (run.seed) j["seed"] = *run.seed;
  if (run.stations) {
    json stations = json::array();
    for (const auto& s : *run.stations) stations.push_back(station_to_json(s));
    j["stations"] = std::move(stations);
    j["stations_finished"] = run.ids_with_status(RunStatus::finished);
    j["stations_aborted"] = run.ids_with_status(RunStatus::aborted);
  }
  return j;
}

json to_json(const RunResult& result) {
  json tests = json::array();
  for (const auto& t : result.tests) tests.push_back(to_json(t));
  json doc = json::object();
  doc["schema"] = result.schema;
  doc["run"] = to_json(result.run);
  doc["tests"] = std::move(tests);
  return doc;
}

std::optional<RunResult> run_result_from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  RunResult r;
  r.schema = optional_text(j, "schema").value_or("");
  if (const auto run = j.find("run"); run != j.end() && run->is_object()) {
    RunSummary& s = r.run;
    s.id = optional_text(*run, "id");
    s.scenario = optional_text(*run, "scenario");
    s.fixture = optional_text(*run, "fixture");
    if (const auto p = optional_text(*run, "provenance")) s.provenance = parse_provenance(*p);
    if (const auto st = optional_text(*run, "status")) s.status = ended_as(*st);
    if (const auto it = run->find("seed"); it != run->end()) s.seed = *it;
    if (const auto it = run->find("stations"); it != run->end() && it->is_array()) {
      s.stations.emplace();
      for (const auto& st : *it) s.stations->push_back(station_from_json(st));
    }
    for (const auto& [key, value] : run->items())
      if (!is_typed_run_key(key)) s.other[key] = value;
  }
  if (const auto tests = j.find("tests"); tests != j.end() && tests->is_array())
    for (const auto& t : *tests) r.tests.push_back(test_result_from_json(t));
  return r;
}

std::optional<RunResult> read_run_result(const std::filesystem::path& path) {
  const auto doc = read_json_file(path);
  return doc ? run_result_from_json(*doc) : std::nullopt;
}

}  // namespace pumprig
