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

// The stations of `fixture` that `scenario` runs on (their pump class is in applies_to).
std::vector<const StationConfig*> stations_for(const Scenario& scenario, const Fixture& fixture);

}  // namespace pumprig
