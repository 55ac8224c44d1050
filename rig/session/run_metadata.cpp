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

}  // namespace

nlohmann::json run_metadata(const Fixture& fixture, const Scenario& scenario, const RunConditions& c, const Operator& op) {
  nlohmann::json stations = nlohmann::json::array();
  for (const auto& st : fixture.stations) {
    stations.push_back({{"id", st.id},
                        {"pump_class", to_string(st.pump.pump_class)},
                        {"pump_under_test", dut_json(st.pump.dut)},
                        {"balance", {{"name", st.balance.name}, {"connection", st.balance.connection_text},
                                     {"calibration_due", st.balance.calibration_due}}},
                        {"pump", {{"name", st.pump.name}, {"driver", st.pump.driver}, {"connection", st.pump.connection_text}}},
                        {"on_fault", std::string(to_string(st.on_fault))}});
    if (st.io_board)
      stations.back()["io_board"] = {{"name", st.io_board->name},
                                     {"driver", st.io_board->driver},
                                     {"connection", st.io_board->connection_text},
                                     {"calibration_due", st.io_board->calibration_due},
                                     {"over_pressure_limit_mmhg", st.io_board->over_pressure_limit_mmhg}};
  }
  return {{"software", {{"name", "pumprig"}, {"version", PUMPRIG_VERSION}}},
          {"software_version", std::string(kSoftwareVersion)},
          {"source_revision", std::string(source_revision())},
          {"user", current_user_name()},
          {"host", host_name()},
          {"accepted_deviations", c.accepted_deviations},
          {"provenance", to_string(c.simulated ? Provenance::simulated : Provenance::real)},
          {"scenario", {{"id", scenario.id}, {"title", scenario.title}, {"source", scenario.source}, {"text", scenario.text}}},
          {"fixture", {{"name", fixture.name}, {"source", fixture.source}, {"text", fixture.text},
                       {"dut_overrides", fixture.dut_overrides}}},
          {"seed", c.seed},
          {"clock", c.virtual_time ? "virtual" : fmt::format("real time x{}", c.speed)},
          {"operator", {{"name", fixture.operator_name}, {"answered_by", op.describe()}, {"simulated", op.simulated()}}},
          {"stations", stations},
          {"instruments", nlohmann::json::object()}};
}

}  // namespace pumprig
