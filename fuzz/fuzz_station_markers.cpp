// The typed markers an analysis reads back from events.jsonl (pumprig analyze RUN_DIR on a folder
// anyone may have edited): each line of the input is an event; objects are given to
// read_station_markers for station-1. A forged or damaged marker must end in
// std::invalid_argument naming its line, nothing else; what is read must be a time or nothing.
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.hpp"
#include "rig/record/station_markers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  std::string_view text = in.rest_text();
  std::vector<nlohmann::json> events;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) events.push_back(std::move(j));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  try {
    const RecordedMarkers m = read_station_markers(events, "station-1");
    for (const auto* t : {&m.occlude_s, &m.release_s, &m.alarm_s, &m.collect_end_s, &m.door_open_s, &m.door_close_s})
      if (*t) fuzz::require(!std::isnan(**t), "a marker time is a number");
  } catch (const std::invalid_argument& e) {
    fuzz::require(std::string_view(e.what()).rfind("line ", 0) == 0, "a bad marker names its line");
  }
  for (const char* name : {"occlude", "alarm", "door_open", "nonsense", ""}) {
    if (const auto marker = parse_marker(name)) fuzz::require(std::string_view(to_string(*marker)) == name, "names round-trip");
  }
  return 0;
}
