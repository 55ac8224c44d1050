#include "reports/conditions_blocks.hpp"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "reports/report_values.hpp"

namespace pumprig::reports {

namespace {

using nlohmann::json;

constexpr double kMmHgPerHPa = 0.7500616827041697;

Cell not_stated(const std::string& what = "not stated") { return Cell{what, Tone::warn}; }

// "0.01 mg" from grams: the unit a balance's data sheet uses for the size.
std::string mass_text(double g) {
  // 6 significant digits: 0.01 mg stays "0.01", not "0.010000000000000002".
  if (g < 1e-6) return fmt::format("{:.6g} µg", g * 1e6);
  if (g < 1) return fmt::format("{:.6g} mg", g * 1e3);
  return fmt::format("{:.6g} g", g);
}

Cell syringe_cell(const json& syringe) {
  const auto volume = number(syringe, "volume_ml");
  const auto diameter = number(syringe, "inner_diameter_mm");
  std::string s = text(syringe, "brand", "");
  if (volume) s += fmt::format("{}{:g} ml", s.empty() ? "" : " ", *volume);
  if (diameter) s += fmt::format(", {:g} mm", *diameter);
  return s.empty() ? not_stated() : Cell{s};
}

Cell balance_cell(const json& balance) {
  const json& m = field(balance, "metrology");
  std::vector<std::string> parts;
  bool missing = false;
  if (auto d = number(m, "readability_g")) parts.push_back("readability " + mass_text(*d));
  else missing = true, parts.push_back("readability not stated");
  if (auto s = number(m, "repeatability_g")) parts.push_back("repeatability " + mass_text(*s) + " (s)");
  else missing = true, parts.push_back("repeatability not stated");
  const auto u = number(m, "calibration_uncertainty_g"), load = number(m, "calibration_load_g");
  if (u && load) parts.push_back(fmt::format("calibration U = {} (k = 2) at {}", mass_text(*u), mass_text(*load)));
  else missing = true, parts.push_back("calibration uncertainty not stated");
  const std::string due = text(balance, "calibration_due", "");
  parts.push_back(due.empty() ? "calibration due not stated" : "calibration due " + due);
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
  return Cell{s, missing || due.empty() ? Tone::warn : Tone::normal};
}

Cell transducer_cell(const json& t) {
  std::string s = fmt::format("offset {:g} mmHg, gain {:g}", number(t, "offset_mmhg").value_or(0), number(t, "gain").value_or(1));
  const auto u = number(t, "uncertainty_mmhg");
  s += u ? fmt::format("; U = {:g} mmHg (k = 2)", *u) : std::string("; uncertainty not stated");
  const std::string due = text(t, "calibration_due", "");
  s += due.empty() ? "; calibration due not stated" : "; calibration due " + due;
  return Cell{s, !u || due.empty() ? Tone::warn : Tone::normal};
}

Cell fluid_cell(const json& fluid) {
  std::string s = text(fluid, "name", "");
  if (s.empty()) s = "fluid not named";
  if (auto d = number(fluid, "density_g_ml")) s += fmt::format(", density {:g} g/ml", *d);
  if (auto t = number(fluid, "temperature_c")) {
    s += fmt::format(" at {:g} °C", *t);
    if (auto u = number(fluid, "temperature_uncertainty_c")) s += fmt::format(" (u = {:g} °C)", *u);
  } else {
    s += ", temperature not stated (the density is taken for 15 to 30 °C)";
  }
  if (auto e = number(fluid, "evaporation_uncertainty_mg_h")) s += fmt::format("; evaporation u = {:g} mg/h", *e);
  return Cell{s, text(fluid, "name", "").empty() ? Tone::warn : Tone::normal};
}

Cell ambient_cell(const json& a) {
  const auto t = number(a, "temperature_c"), h = number(a, "humidity_pct"), p = number(a, "pressure_hpa");
  if (!t && !h && !p) return not_stated("not stated (give ambient: in the fixture, --condition ambient.*, or ambient: ask)");
  std::string s = t ? fmt::format("{:.1f} °C", *t) : "temperature not stated";
  s += h ? fmt::format(", {:.0f} % relative humidity", *h) : ", humidity not stated";
  s += p ? fmt::format(", {:.0f} hPa", *p) : ", air pressure not stated";
  if (const std::string src = text(a, "source", ""); !src.empty()) s += " (" + src + ")";
  return Cell{s, t && h && p ? Tone::normal : Tone::warn};
}

}  // namespace

std::vector<Block> conditions_blocks(const json& run_json) {
  const json& conditions = field(run_json, "conditions");
  if (!conditions.is_object()) return {};
  std::vector<Block> out;
  out.push_back(Heading{2, "Test conditions"});
  out.push_back(KeyValues{{{"Fluid", fluid_cell(field(conditions, "fluid"))},
                           {"Ambient (room)", ambient_cell(field(conditions, "ambient"))}}});
  Table tab{{"Station", "Item", "As run"}, {0.8, 1.2, 4.0}, {}, true};
  const json& stations = field(run_json, "stations");
  if (stations.is_array())
    for (const auto& st : stations) {
      const std::string id = text(st, "id", "");
      const json& setup = field(st, "test_set_up");
      if (const json& syringe = field(setup, "syringe"); syringe.is_object()) {
        tab.rows.push_back({Cell{id}, Cell{"Syringe"}, syringe_cell(syringe)});
        const std::string lot = text(syringe, "lot", "");
        tab.rows.push_back({Cell{id}, Cell{"Syringe lot"}, lot.empty() ? not_stated() : Cell{lot}});
      }
      if (const json& reservoir = field(setup, "reservoir"); reservoir.is_object()) {
        const auto v = number(reservoir, "volume_ml");
        tab.rows.push_back({Cell{id}, Cell{"Reservoir"}, v ? Cell{fmt::format("{:g} ml", *v)} : not_stated()});
      }
      if (const json& set = field(setup, "administration_set"); set.is_object()) {
        const std::string name = text(set, "name", ""), lot = text(set, "lot", "");
        tab.rows.push_back({Cell{id}, Cell{"Administration set"}, name.empty() ? not_stated() : Cell{name}});
        tab.rows.push_back({Cell{id}, Cell{"Set lot"}, lot.empty() ? not_stated() : Cell{lot}});
      }
      if (const json& balance = field(st, "balance"); balance.is_object() && field(balance, "metrology").is_object())
        tab.rows.push_back({Cell{id}, Cell{"Balance " + text(balance, "name", "")}, balance_cell(balance)});
      const json& transducers = field(field(st, "io_board"), "transducers");
      if (transducers.is_array())
        for (const auto& t : transducers)
          tab.rows.push_back({Cell{id}, Cell{"Pressure transducer (" + text(t, "port", "") + ")"}, transducer_cell(t)});
    }
  if (!tab.rows.empty()) out.push_back(std::move(tab));
  return out;
}

}  // namespace pumprig::reports
