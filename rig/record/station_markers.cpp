#include "rig/record/station_markers.hpp"

#include <array>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace pumprig {

namespace {

constexpr std::array<std::pair<Marker, const char*>, 8> kNames{{
    {Marker::test_origin, "test_origin"},
    {Marker::set_pump, "set_pump"},
    {Marker::occlude, "occlude"},
    {Marker::release, "release"},
    {Marker::alarm, "alarm"},
    {Marker::collect_end, "collect_end"},
    {Marker::door_open, "door_open"},
    {Marker::door_close, "door_close"},
}};

struct BadMarker : std::invalid_argument {
  BadMarker(std::size_t line, const std::string& what)
      : std::invalid_argument(fmt::format("line {}: {}", line, what)) {}
};

double number(const nlohmann::json& data, const char* key, std::size_t line, const std::string& marker) {
  const auto it = data.find(key);
  if (it == data.end() || !it->is_number())
    throw BadMarker(line, fmt::format("marker \"{}\" has no number \"{}\"", marker, key));
  return it->get<double>();
}

std::string text(const nlohmann::json& data, const char* key, std::size_t line, const std::string& marker) {
  const auto it = data.find(key);
  if (it == data.end() || !it->is_string())
    throw BadMarker(line, fmt::format("marker \"{}\" has no text \"{}\"", marker, key));
  return it->get<std::string>();
}

}  // namespace

const char* to_string(Marker m) {
  for (const auto& [marker, name] : kNames)
    if (marker == m) return name;
  return "?";
}

std::optional<Marker> parse_marker(std::string_view name) {
  for (const auto& [marker, n] : kNames)
    if (name == n) return marker;
  return std::nullopt;
}

nlohmann::json marker_data(Marker m, double t_test_s) { return {{"marker", to_string(m)}, {"t_test_s", t_test_s}}; }

RecordedMarkers read_station_markers(const std::vector<nlohmann::json>& events, const std::string& station) {
  RecordedMarkers out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const nlohmann::json& e = events[i];
    if (!e.is_object() || e.value("source", nlohmann::json()) != station) continue;
    const auto data = e.find("data");
    if (data == e.end() || !data->is_object() || !data->contains("marker")) continue;
    const std::size_t line = i + 1;
    const nlohmann::json& name_json = (*data)["marker"];
    const std::string name = name_json.is_string() ? name_json.get<std::string>() : name_json.dump();
    const auto marker = parse_marker(name);
    if (!marker) throw BadMarker(line, fmt::format("unknown marker \"{}\"", name));
    const double t = number(*data, "t_test_s", line, name);
    switch (*marker) {
      case Marker::test_origin:
        if (!out.test_origin_s) out.test_origin_s = number(e, "t_s", line, name);
        break;
      case Marker::set_pump:
        out.set_rate_ml_h = number(*data, "rate_ml_h", line, name);
        if (data->contains("occlusion_level")) out.occlusion_level = text(*data, "occlusion_level", line, name);
        break;
      case Marker::occlude: out.occlude_s = t; break;
      case Marker::release: out.release_s = t; break;
      case Marker::alarm:
        out.alarm_s = t;
        out.alarm_source = text(*data, "source", line, name);
        break;
      case Marker::collect_end:
        out.collect_end_s = t;
        out.collect_end_criterion = text(*data, "criterion", line, name);
        break;
      case Marker::door_open: out.door_open_s = t; break;
      case Marker::door_close: out.door_close_s = t; break;
    }
  }
  return out;
}

}  // namespace pumprig
