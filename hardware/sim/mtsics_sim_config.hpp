#pragma once
// Reads what a station's balance `simulation:` block says about the simulated MT-SICS balance
// itself (who it says it is, how long it waits for stability, how often its display updates), as
// opposed to the world it weighs (sim_world_config.*). ConfigError at file:line:col.
#include "hardware/sim/mtsics_sim.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/simulation_params.hpp"

namespace pumprig::sim {

// Keys: model, serial (must start with SIM-), firmware, software_number (I5), stable_timeout,
// update_rate (display updates per second, kMinUpdateRateHz to kMaxUpdateRateHz, and no more
// than the balance's line can carry at its baud rate).
void read_mtsics_simulation(const SimulationParams& p, const pumprig::BalanceConfig& balance, SimBalanceIdentity& identity,
                            SimMtsicsOptions& options);

}  // namespace pumprig::sim
