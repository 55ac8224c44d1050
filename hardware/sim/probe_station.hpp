#pragma once
// The simulated station `pumprig probe sim: --driver D` talks to: driver D against its own
// simulator, in process. Taken from the embedded bench: its first station whose instrument of
// D's role already speaks D; else the first station that has an instrument of that role, with
// that instrument switched to D (the physical world stays the same, only the simulator on the
// wire changes). So a new driver is probed against its own simulator, never another's.
#include <string_view>

#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

// Throws std::invalid_argument when no simulator speaks `driver` in `role`, or the fixture has
// no station with an instrument of that role.
StationConfig probe_station(const Fixture& fixture, std::string_view driver, InstrumentRole role);

}  // namespace pumprig::sim
