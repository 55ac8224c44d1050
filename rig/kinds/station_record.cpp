#include "rig/kinds/station_record.hpp"

#include <fmt/format.h>

#include "rig/core/event_kind.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/json_file.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {

namespace {

// The test-time file once the pump started; before that (or when it never started) the pre-start
// file, whose recording time is then the same axis.
const std::filesystem::path* stream_of(const std::map<std::string, std::filesystem::path>& test_files,
                                       const std::map<std::string, std::filesystem::path>& prestart_files,
                                       const std::string& station, bool started) {
  if (auto it = test_files.find(station); it != test_files.end()) return &it->second;
  if (started) return nullptr;
  if (auto it = prestart_files.find(station); it != prestart_files.end()) return &it->second;
  return nullptr;
}

}  // namespace

bool has_events_of(const RunFolderContents& record, const std::string& station) {
  for (const auto& e : record.events)
    if (e.is_object() && e.value("source", nlohmann::json()) == station) return true;
  return false;
}

StationRecord read_station_record(const RunFolderContents& record, const std::string& station) {
  StationRecord s;
  s.id = station;
  try {
    s.markers = read_station_markers(record.events, station);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}, {}", (record.dir / run_files::kEvents).string(), e.what()));
  }
  if (const auto* path = stream_of(record.samples, record.prestart_samples, station, s.started())) {
    CsvReadings samples = read_readings_csv(path->string());
    s.readings = std::move(samples.readings);
    s.notes = std::move(samples.notes);
  }
  if (const auto* path = stream_of(record.io_samples, record.prestart_io_samples, station, s.started())) {
    s.io = read_io_csv(path->string());
    s.notes.insert(s.notes.end(), s.io.notes.begin(), s.io.notes.end());
  }
  for (const auto& e : record.events) {
    if (!e.is_object() || e.value("source", nlohmann::json()) != station) continue;
    const std::optional<EventKind> kind = parse_event_kind(string_field(e, "kind"));
    const nlohmann::json data = e.value("data", nlohmann::json::object());
    if (!kind || !data.is_object()) continue;
    if (*kind == EventKind::station && data.contains("status")) {
      s.status = ended_as(string_field(data, "status"));
      s.reason = string_field(data, "reason");
    } else if (*kind == EventKind::fault && data.contains("deviation")) {
      s.deviations.push_back(deviation_from_json(data["deviation"]));
    } else if (*kind == EventKind::check_weight && data.contains("name") && data.contains("verdict")) {
      s.checks.push_back(check_from_json(data));
    }
  }
  return s;
}

}  // namespace pumprig
