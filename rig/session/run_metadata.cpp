#include "rig/session/run_metadata.hpp"
#include "rig/record/run_status.hpp"

#include <string>

#include <fmt/format.h>

#include "rig/core/os_identity.hpp"
#include "rig/session/build_info.hpp"

namespace pumprig {

namespace {

nlohmann::json dut_json(const DutIdentity& d) {
  return {{"manufacturer", d.manufacturer}, {"model", d.model}, {"serial", d.serial}, {"firmware", d.firmware}};
}

// An optional number, or null: the record says "not stated" rather than leaving a key out.
nlohmann::json number_or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json pump_conditions(const PumpConfig& p) {
  nlohmann::json j = nlohmann::json::object();
  if (p.pump_class == PumpClass::syringe)
    j["syringe"] = {{"brand", p.syringe_brand}, {"volume_ml", number_or_null(p.syringe_volume_ml)},
                    {"inner_diameter_mm", number_or_null(p.syringe_diameter_mm)}, {"lot", p.syringe_lot}};
  else
    j["reservoir"] = {{"volume_ml", number_or_null(p.reservoir_volume_ml)}};
  j["administration_set"] = {{"name", p.set_name}, {"lot", p.set_lot}};
  return j;
}

nlohmann::json balance_metrology(const BalanceConfig& b) {
  return {{"readability_g", number_or_null(b.readability_g)},
          {"repeatability_g", number_or_null(b.repeatability_g)},
          {"calibration_uncertainty_g", number_or_null(b.calibration_uncertainty_g)},
          {"calibration_load_g", number_or_null(b.calibration_load_g)}};
}

nlohmann::json transducers_json(const IoBoardConfig& io) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : io.transducers)
    out.push_back({{"port", t.port}, {"offset_mmhg", t.offset_mmhg}, {"gain", t.gain}, {"calibration_due", t.calibration_due},
                   {"uncertainty_mmhg", number_or_null(t.uncertainty_mmhg)}});
  return out;
}

// The test conditions as run: fluid and room (IEC 60601-2-24 test conditions; the report's
// "Test conditions" table reads them from here).
nlohmann::json conditions_json(const Fixture& f) {
  const AmbientConditions& a = f.ambient;
  return {{"fluid", {{"name", f.fluid_name}, {"density_g_ml", f.density_g_ml}, {"temperature_c", number_or_null(f.temperature_c)},
                     {"temperature_uncertainty_c", number_or_null(f.temperature_uncertainty_c)},
                     {"evaporation_uncertainty_mg_h", number_or_null(f.evaporation_uncertainty_mg_h)}}},
          {"ambient", {{"temperature_c", number_or_null(a.temperature_c)}, {"humidity_pct", number_or_null(a.humidity_pct)},
                       {"pressure_hpa", a.pressure_mmhg ? nlohmann::json(*a.pressure_mmhg / 0.7500616827041697) : nlohmann::json(nullptr)},
                       {"source", a.source}}},
          {"overrides", f.condition_overrides}};
}

// The parameters given from outside (--param, a suite's set): their values are in `parameters`,
// and a reanalysis applies them to the recorded text again.
nlohmann::json overridden_names(const Scenario& scenario) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& o : scenario.overrides) names.push_back(o.name);
  return names;
}

}  // namespace

nlohmann::json run_metadata(const Fixture& fixture, const Scenario& scenario, const RunConditions& c, const Operator& op) {
  nlohmann::json stations = nlohmann::json::array();
  for (const auto& st : fixture.stations) {
    stations.push_back({{"id", st.id},
                        {"pump_class", to_string(st.pump.pump_class)},
                        {"pump_under_test", dut_json(st.pump.dut)},
                        {"balance", {{"name", st.balance.name}, {"connection", st.balance.connection_text},
                                     {"calibration_due", st.balance.calibration_due},
                                     {"metrology", balance_metrology(st.balance)}}},
                        {"pump", {{"name", st.pump.name}, {"driver", st.pump.driver}, {"connection", st.pump.connection_text}}},
                        {"test_set_up", pump_conditions(st.pump)},
                        {"on_fault", std::string(to_string(st.on_fault))}});
    if (st.io_board)
      stations.back()["io_board"] = {{"name", st.io_board->name},
                                     {"driver", st.io_board->driver},
                                     {"connection", st.io_board->connection_text},
                                     {"calibration_due", st.io_board->calibration_due},
                                     {"over_pressure_limit_mmhg", st.io_board->over_pressure_limit_mmhg},
                                     {"transducers", transducers_json(*st.io_board)}};
  }
  return {{"software", {{"name", "pumprig"}, {"version", PUMPRIG_VERSION}}},
          {"software_version", std::string(kSoftwareVersion)},
          {"source_revision", std::string(source_revision())},
          {"user", current_user_name()},
          {"host", host_name()},
          {"accepted_deviations", c.accepted_deviations},
          {"provenance", to_string(c.simulated ? Provenance::simulated : Provenance::real)},
          {"scenario", {{"id", scenario.id}, {"title", scenario.title}, {"source", scenario.source}, {"text", scenario.text},
                        {"parameters", scenario.parameters}, {"overridden_parameters", overridden_names(scenario)}}},
          {"fixture", {{"name", fixture.name}, {"source", fixture.source}, {"text", fixture.text},
                       {"dut_overrides", fixture.dut_overrides}, {"condition_overrides", fixture.condition_overrides}}},
          {"conditions", conditions_json(fixture)},
          {"seed", c.seed},
          {"clock", c.virtual_time ? "virtual" : fmt::format("real time x{}", c.speed)},
          {"operator", {{"name", fixture.operator_name}, {"answered_by", op.describe()}, {"simulated", op.simulated()}}},
          {"stations", stations},
          {"instruments", nlohmann::json::object()}};
}

}  // namespace pumprig
