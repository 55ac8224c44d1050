#pragma once
// Reads a station's `simulation:` blocks from the fixture into the simulated world's config, with
// the fixture's own strictness: unknown keys (did-you-mean), bad units and impossible values are
// ConfigError at file:line:col, before anything moves.
#include "hardware/sim/mtsics_sim.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

struct SimStationConfig {
  WorldConfig world;
  SimBalanceIdentity balance_identity;
  SimMtsicsOptions balance_options;
};

SimStationConfig sim_station_config(const StationConfig& station, double fluid_density_g_ml);

// The keys each block accepts, for the fixture documentation and did-you-mean.
const std::vector<std::string>& balance_simulation_keys();
const std::vector<std::string>& pump_simulation_keys();

}  // namespace pumprig::sim
