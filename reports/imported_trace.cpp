#include "reports/imported_trace.hpp"

#include "rig/record/csv_format.hpp"
#include "rig/record/csv_readings.hpp"

namespace pumprig::reports {

namespace {

std::string text_of(const nlohmann::json& j, const char* key, const std::string& fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// One character as result.json writes it ("," ";" "\t"); nullopt (detect, as the analysis did
// before it recorded the format) otherwise.
std::optional<char> char_of(const nlohmann::json& j, const char* key) {
  const std::string s = text_of(j, key, "");
  return s.size() == 1 ? std::optional<char>(s[0]) : std::nullopt;
}

}  // namespace

Trace read_imported_trace(const std::filesystem::path& path, const nlohmann::json& source) {
  CsvReadOptions o;
  o.time_column = text_of(source, "time_column", o.time_column);
  o.mass_column = text_of(source, "mass_column", o.mass_column);
  o.stable_column = text_of(source, "stable_column", o.stable_column);
  const std::string unit = text_of(source, "time_unit", "s");
  if (unit == "formatted") {
    o.time_unit = TimeUnit::formatted;
    o.time_format = text_of(source, "time_format", "");
  } else if (const auto u = parse_time_unit(unit)) {
    o.time_unit = *u;
  }
  o.delimiter = char_of(source, "delimiter");
  o.decimal = char_of(source, "decimal");
  o.unterminated_last_line = UnterminatedLastLine::kept_when_complete;
  Trace t;
  t.header = {"time_s", "mass_g"};
  auto& time = t.columns["time_s"];
  auto& mass = t.columns["mass_g"];
  try {
    const CsvReadings r = read_readings_csv(path.string(), o);
    for (const auto& m : r.readings) {
      time.push_back(m.t_s);
      mass.push_back(m.mass_g);
    }
    t.rows = r.readings.size();
    t.notes = r.notes;
  } catch (const CsvError& e) {
    t.notes.push_back(e.what());
  }
  return t;
}

}  // namespace pumprig::reports
