#pragma once
// The inputs of a station's uncertainty budgets, from the fixture as run (the balance's
// readability, repeatability and certificate, the transducer's calibration, the fluid's
// temperature and evaporation) and the record (the check weight it weighed, how the alarm was
// looked for). One function for every test kind, so all budgets of a run rest on the same inputs.
#include <string>

#include "rig/analysis/uncertainty.hpp"
#include "rig/config/fixture.hpp"
#include "rig/kinds/station_record.hpp"

namespace pumprig {

MeasurementConditions measurement_conditions(const Fixture& fixture, const StationConfig& station, const StationRecord& record);

}  // namespace pumprig
