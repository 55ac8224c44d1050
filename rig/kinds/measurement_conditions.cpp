#include "rig/kinds/measurement_conditions.hpp"

namespace pumprig {

namespace {

StatedValue from_fixture(double value, const std::string& key) { return StatedValue{value, "fixture " + key}; }

}  // namespace

MeasurementConditions measurement_conditions(const Fixture& fixture, const StationConfig& station, const StationRecord& record) {
  MeasurementConditions c;
  const BalanceConfig& b = station.balance;
  if (b.readability_g) c.readability_g = from_fixture(*b.readability_g, b.name + ".readability");
  if (b.repeatability_g) c.repeatability_g = from_fixture(*b.repeatability_g, b.name + ".repeatability");
  if (b.calibration_uncertainty_g && b.calibration_load_g) {
    c.calibration_uncertainty_g = from_fixture(*b.calibration_uncertainty_g, b.name + ".calibration_uncertainty");
    c.calibration_load_g = b.calibration_load_g;
  }
  // The check weight the station weighed and passed: its tolerance bounds the span error.
  for (const auto& check : record.checks)
    if (check.measurand.quantity == "check_weight_g" && check.verdict == Verdict::pass && check.nominal) {
      c.check_weight_g = *check.nominal;
      c.check_weight_tolerance_g = check.limit;
      break;
    }
  c.temperature_c = fixture.temperature_c;
  if (fixture.temperature_uncertainty_c) c.temperature_uncertainty_c = from_fixture(*fixture.temperature_uncertainty_c, "fluid.temperature_uncertainty");
  if (fixture.evaporation_uncertainty_mg_h)
    c.evaporation_uncertainty_mg_h = from_fixture(*fixture.evaporation_uncertainty_mg_h, "fluid.evaporation_uncertainty");
  if (station.io_board) {
    for (const auto& t : station.io_board->transducers)
      if (t.port == "upstream" && t.uncertainty_mmhg)
        c.pressure_uncertainty_mmhg = from_fixture(*t.uncertainty_mmhg, station.io_board->name + " upstream transducer uncertainty");
  }
  // The alarm is seen when it is polled: the pump's status poll, or the board's alarm-sense stream.
  const std::string& source = record.markers.alarm_source;
  if (source == "pump")
    c.alarm_poll_period_s = from_fixture(station.pump.status_interval_s, station.pump.name + ".status_interval");
  else if (source == "alarm_sense" && station.io_board)
    c.alarm_poll_period_s = from_fixture(station.io_board->stream_interval_s, station.io_board->name + ".stream_interval");
  return c;
}

}  // namespace pumprig
