#include "hardware/sim/simulated_bench.hpp"

#include <stdexcept>

#include "hardware/sim/random.hpp"

namespace pumprig::sim {

SimulatedBench::SimulatedBench(const Fixture& fixture, std::uint64_t run_seed) {
  for (const auto& st : fixture.stations) {
    auto s = std::make_unique<Station>();
    s->config = sim_station_config(st, fixture.density_g_ml);
    s->world = std::make_unique<StationWorld>(s->config.world, derive_seed(run_seed, st.id));
    stations_.emplace(st.id, std::move(s));
  }
}

SimulatedBench::~SimulatedBench() {
  // Instruments before the link ends they talk through.
  for (auto& [id, s] : stations_) {
    s->balance.reset();
    s->pump.reset();
  }
}

SimulatedBench::Station& SimulatedBench::station(const std::string& id) {
  auto it = stations_.find(id);
  if (it == stations_.end()) throw std::out_of_range("no simulated station '" + id + "'");
  return *it->second;
}

StationWorld* SimulatedBench::world(const std::string& id) { return station(id).world.get(); }
SimMtsicsBalance* SimulatedBench::balance(const std::string& id) { return station(id).balance.get(); }
SimNe1000Pump* SimulatedBench::pump(const std::string& id) { return station(id).pump.get(); }

std::unique_ptr<Link> SimulatedBench::connect(EventLoop& loop, const StationConfig& cfg, InstrumentRole role,
                                              const SerialSettings& settings) {
  Station& s = station(cfg.id);
  if (role == InstrumentRole::balance) {
    auto pair = make_sim_link_pair(loop, settings, cfg.balance.name);
    s.balance_end = std::move(pair.instrument);
    s.balance = std::make_unique<SimMtsicsBalance>(loop, *s.balance_end, *s.world, s.config.balance_identity,
                                                   s.config.balance_options);
    return std::move(pair.host);
  }
  // A manual pump (a clinical volumetric pump, or any pump run operator-in-the-loop) has no wire:
  // only the simulated operator drives its world, through the front panel. Bench never asks.
  if (cfg.pump.driver == "manual")
    throw std::logic_error(cfg.pump.name + ": a manual pump has no connection to simulate");
  auto pair = make_sim_link_pair(loop, settings, cfg.pump.name);
  s.pump_end = std::move(pair.instrument);
  SimNe1000Options opts;
  opts.address = cfg.pump.address;
  if (!cfg.pump.dut.firmware.empty()) opts.identity.firmware = cfg.pump.dut.firmware;
  if (!cfg.pump.dut.serial.empty()) opts.identity.serial = cfg.pump.dut.serial;
  if (cfg.pump.syringe_diameter_mm) opts.diameter_mm = *cfg.pump.syringe_diameter_mm;
  s.pump = std::make_unique<SimNe1000Pump>(*s.pump_end, loop, *s.world, opts);
  return std::move(pair.host);
}

}  // namespace pumprig::sim
