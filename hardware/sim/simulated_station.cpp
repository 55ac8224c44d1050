#include "hardware/sim/simulated_station.hpp"

#include "hardware/sim/random.hpp"

namespace pumprig::sim {

SimulatedStation::SimulatedStation(const StationConfig& station, double fluid_density_g_ml, std::uint64_t run_seed)
    : id_(station.id), config_(sim_station_config(station, fluid_density_g_ml)) {
  const PumpConfig& p = station.pump;
  pump_options_.address = p.address;
  if (!p.dut.firmware.empty()) pump_options_.identity.firmware = p.dut.firmware;
  if (!p.dut.serial.empty()) pump_options_.identity.serial = p.dut.serial;
  if (p.syringe_diameter_mm) pump_options_.diameter_mm = *p.syringe_diameter_mm;
  world_ = std::make_unique<StationWorld>(config_.world, derive_seed(run_seed, station.id));
}

SimulatedStation::~SimulatedStation() {
  // Instruments before the link ends they talk through.
  balance_.reset();
  pump_.reset();
}

SimMtsicsBalance& SimulatedStation::serve_balance(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  balance_.reset();
  balance_end_ = std::move(instrument_end);
  balance_ = std::make_unique<SimMtsicsBalance>(loop, *balance_end_, *world_, config_.balance_identity,
                                                config_.balance_options);
  return *balance_;
}

SimNe1000Pump& SimulatedStation::serve_pump(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  pump_.reset();
  pump_end_ = std::move(instrument_end);
  pump_ = std::make_unique<SimNe1000Pump>(*pump_end_, loop, *world_, pump_options_);
  return *pump_;
}

}  // namespace pumprig::sim
