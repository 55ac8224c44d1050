#pragma once
// What one station recorded, read back from the run folder: the readings and I/O-board stream on
// the samples file's time axis (test time once the pump started, recording time before), the
// typed markers, how the station ended, its fault deviations and check-weight results. Every test
// kind analyses this, never the live station.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/analysis/mass_reading.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/record/io_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/station_markers.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

struct StationRecord {
  std::string id;
  std::vector<MassReading> readings;
  IoReadings io;
  RecordedMarkers markers;
  RunStatus status = RunStatus::aborted;
  std::string reason = "the recording ended before the station finished (the run was interrupted)";
  std::vector<Deviation> deviations;  // faults the station carried on through
  std::vector<Check> checks;          // its check-weight checks
  std::vector<std::string> notes;  // what reading the record forgave (a torn last line)
  bool started() const { return markers.test_origin_s.has_value(); }
  double set_rate_ml_h() const { return markers.set_rate_ml_h.value_or(0.0); }
};

// Whether the station left any event in the record (a station that never ran has none).
bool has_events_of(const RunFolderContents& record, const std::string& station);

// Throws CsvError or std::invalid_argument (naming the file and line) on a record that cannot be
// read.
StationRecord read_station_record(const RunFolderContents& record, const std::string& station);

}  // namespace pumprig
