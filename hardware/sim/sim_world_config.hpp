#pragma once
// Reads a station's `simulation:` blocks from the fixture into the simulated world's config, with
// the fixture's own strictness: unknown keys (did-you-mean), bad units and impossible values are
// ConfigError at file:line:col, before anything moves.
#include "hardware/sim/mtsics_sim.hpp"
#include "hardware/sim/sartorius_sim.hpp"
#include "hardware/sim/world/world_config.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

struct SimStationConfig {
  WorldConfig world;
  SimBalanceIdentity balance_identity;
  SimMtsicsOptions balance_options;
  // The same balance block for a balance with `driver: sartorius` (auto_print and id_field are
  // its menu settings; auto print follows `reading_interval: stream` unless the block says).
  SimSartoriusIdentity sartorius_identity;
  SimSartoriusOptions sartorius_options;
};

// Reads the balance block, and the pump block by the pump's class: a syringe pump gets the
// lead-screw drive, a volumetric pump (PumpConfig::pump_class) the peristaltic mechanism with the
// fixture's reservoir volume as the bag's content. A key of the other class is a ConfigError.
SimStationConfig sim_station_config(const StationConfig& station, double fluid_density_g_ml);

// The keys each block accepts, for the fixture documentation and did-you-mean.
const std::vector<std::string>& balance_simulation_keys();
const std::vector<std::string>& pump_simulation_keys();             // syringe pumps
const std::vector<std::string>& volumetric_pump_simulation_keys();  // volumetric (peristaltic) pumps
const std::vector<std::string>& pump_simulation_keys(PumpClass pump_class);

}  // namespace pumprig::sim
