#include "hardware/sim/simulated_bench.hpp"

#include <stdexcept>

#include "rig/drivers/registry.hpp"

namespace pumprig::sim {

SimulatedBench::SimulatedBench(const Fixture& fixture, std::uint64_t run_seed) {
  for (const auto& st : fixture.stations)
    stations_.emplace(st.id, std::make_unique<SimulatedStation>(st, fixture.density_g_ml, run_seed));
}

SimulatedBench::~SimulatedBench() = default;

SimulatedStation& SimulatedBench::station(const std::string& id) {
  auto it = stations_.find(id);
  if (it == stations_.end()) throw std::out_of_range("no simulated station '" + id + "'");
  return *it->second;
}

std::vector<std::string> SimulatedBench::station_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, _] : stations_) ids.push_back(id);
  return ids;
}

StationWorld* SimulatedBench::world(const std::string& id) { return &station(id).world(); }
SimMtsicsBalance* SimulatedBench::balance(const std::string& id) { return station(id).balance(); }
SimNe1000Pump* SimulatedBench::pump(const std::string& id) { return station(id).pump(); }

std::unique_ptr<Link> SimulatedBench::connect(EventLoop& loop, const StationConfig& cfg, InstrumentRole role,
                                              const SerialSettings& settings) {
  // A manual pump (a clinical volumetric pump, or any pump run operator-in-the-loop) has no wire:
  // only the simulated operator drives its world, through the front panel. Bench never asks.
  if (role == InstrumentRole::pump && !driver_needs_link(cfg.pump.driver, DriverRole::pump))
    throw std::logic_error(cfg.pump.name + ": a manual pump has no connection to simulate");
  SimulatedStation& s = station(cfg.id);
  auto pair = make_sim_link_pair(loop, settings, instrument_name(cfg, role));
  s.serve(loop, role, std::move(pair.instrument));
  return std::move(pair.host);
}

}  // namespace pumprig::sim
