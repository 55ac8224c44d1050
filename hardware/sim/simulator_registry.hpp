#pragma once
// The simulator of every driver that talks over a link, one line each: what a simulated station
// builds on the instrument end of a link when the in-process bench or pumprig-sim serves an
// instrument of that driver. The drivers themselves are registered in rig/drivers/registry; this
// table is the simulated world's half, kept here because the controller never depends on it.
#include <memory>
#include <string_view>
#include <vector>

#include "rig/bench/bench.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

class SimulatedStation;

struct SimulatorEntry {
  std::string_view driver;  // the driver a client of this simulator speaks ("mtsics")
  InstrumentRole role;
  std::string_view simulates;  // "a Mettler Toledo balance (MT-SICS)", for messages
  void (*serve)(SimulatedStation& station, EventLoop& loop, std::unique_ptr<Link> instrument_end);
};

const std::vector<SimulatorEntry>& simulator_registry();
// Null when no simulator speaks that driver in that role.
const SimulatorEntry* find_simulator(std::string_view driver, InstrumentRole role);

}  // namespace pumprig::sim
