#pragma once
// Reads a rig I/O board's `simulation:` block from the fixture (ConfigError at file:line:col for
// unknown keys and bad values). The board's physics (valve, pressures, temperature, the pump's
// alarm lamp) belong to the station world; this block only describes the board itself.
#include <string>
#include <vector>

#include "hardware/sim/rigio_sim.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

// Keys: serial (must start with SIM-), pressure_span, adc_noise (counts), alarm_blink (Hz).
SimRigIoOptions rigio_sim_options(const IoBoardConfig& board);
const std::vector<std::string>& io_board_simulation_keys();

}  // namespace pumprig::sim
