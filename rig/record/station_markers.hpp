#pragma once
// The moments and settings a station's analyses need (when the line was occluded, the alarm, the
// door...), recorded as typed fields in the `data` of the events that mark them:
//   {"marker": NAME, "t_test_s": T, ...fields of that marker}
// T lies on the time axis of the station's samples file: test time from the pump start, or
// recording time when the pump had not started yet. It is written exactly (JSON numbers
// round-trip), so an analysis from the record sees the very numbers the station saw. The runner
// writes markers with marker_data(); analyses read them back with read_station_markers().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pumprig {

enum class Marker {
  test_origin,  // the pump started: test time t = 0 (first start only)
  set_pump,     // "rate_ml_h", and "occlusion_level" when the step sets one
  occlude,      // the occluder closed the line
  release,      // the line was released (the step, or the safety release of an occluded line)
  alarm,        // the first expected pump alarm: "source" is "pump" or "alarm_sense"
  collect_end,  // the bolus collection ended: "criterion"
  door_open,
  door_close,
};

const char* to_string(Marker m);
std::optional<Marker> parse_marker(std::string_view name);

// {"marker": NAME, "t_test_s": t_test_s}; the caller adds the marker's own fields.
nlohmann::json marker_data(Marker m, double t_test_s);

// A station's markers as its events recorded them. A marker recorded twice (the line occluded
// twice) keeps the last time, as the station did; settings keep the last value given.
struct RecordedMarkers {
  std::optional<double> test_origin_s;  // recording time of the pump start
  std::optional<double> occlude_s, release_s, alarm_s, collect_end_s, door_open_s, door_close_s;  // test time
  std::string alarm_source;           // "pump" or "alarm_sense"
  std::string collect_end_criterion;  // "pressure below 10 mmHg, then 1 min to settle"
  std::string occlusion_level;        // as the set_pump step set it; empty when none
  std::optional<double> set_rate_ml_h;
};

// From events.jsonl lines (objects with "source" and "data"); events of other sources are
// ignored. Throws std::invalid_argument ("line N: ...", N counting the events) when a marker's fields are not of
// the expected types (a forged or damaged record), never guesses.
RecordedMarkers read_station_markers(const std::vector<nlohmann::json>& events, const std::string& station);

}  // namespace pumprig
