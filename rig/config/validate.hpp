#pragma once
// Checks that need both files: does this scenario fit the pumps on this bench? Run before a run
// starts, so a test never fails two hours in because the syringe ran dry.
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"

namespace pumprig {

// Throws ConfigError at the offending scenario position when no station's pump class is one the
// scenario applies to, when a set_pump rate is outside a station's pump range, or when the
// scenario would deliver (set volume, or rate x running time summed over the scenario) more than
// a station's syringe or reservoir holds. Stations whose class the scenario does not apply to
// are not checked (they do not run it).
void validate_scenario_for_fixture(const Scenario& scenario, const Fixture& fixture);

// Throws std::invalid_argument when a --dut override (fixture.dut_overrides) names a station the
// scenario does not run on: the identity would go into the record of a pump that never ran.
void check_dut_overrides_apply(const Scenario& scenario, const Fixture& fixture);
// The same for --condition overrides (fixture.condition_overrides) naming a station, and a
// syringe_lot when no station the scenario runs on has a syringe.
void check_condition_overrides_apply(const Scenario& scenario, const Fixture& fixture);

// An instrument of the stations the scenario runs on whose calibration fell due before `today`
// (YYYY-MM-DD, UTC): its readings cannot be traced to a valid calibration. Simulated instruments
// count too (their calibration_due is part of the bench as written).
struct OverdueCalibration {
  std::string station, instrument, due;
  std::string text() const;  // "station-1 balance-1: calibration was due 2020-01-01"
};
std::vector<OverdueCalibration> overdue_calibrations(const Scenario& scenario, const Fixture& fixture, const std::string& today);
// The same over every station of the fixture (a bench checked without a scenario).
std::vector<OverdueCalibration> overdue_calibrations(const Fixture& fixture, const std::string& today);

// Deviations an operator may accept for a run (`--accept-deviation KIND`): each is recorded in
// run.json and carried on every report page.
const std::vector<std::string>& acceptable_deviations();  // {"calibration"}

// Throws std::invalid_argument (exit 2, before anything moves) when an instrument is overdue and
// the deviation "calibration" is not accepted; an unknown deviation kind is refused the same way.
// Returns what was accepted, as sentences for the record.
std::vector<std::string> check_calibrations(const Scenario& scenario, const Fixture& fixture, const std::string& today,
                                            const std::vector<std::string>& accepted);

// The stations of `fixture` that `scenario` runs on (their pump class is in applies_to).
std::vector<const StationConfig*> stations_for(const Scenario& scenario, const Fixture& fixture);
// Leaves in `fixture` only the stations `scenario` runs on. A run assembles, records and reports
// just those: a station the scenario does not use is never opened (another test may be using it),
// and its instruments appear nowhere in the run's record.
void keep_stations_for(const Scenario& scenario, Fixture& fixture);

}  // namespace pumprig
