#include "hardware/sim/simulated_station.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "hardware/sim/random.hpp"
#include "hardware/sim/simulator_registry.hpp"
#include "hardware/sim/rigio_sim_config.hpp"

namespace pumprig::sim {

SimulatedStation::SimulatedStation(const StationConfig& station, double fluid_density_g_ml, std::uint64_t run_seed)
    : id_(station.id),
      drivers_{station.balance.driver, station.pump.driver, station.io_board ? station.io_board->driver : std::string()},
      config_(sim_station_config(station, fluid_density_g_ml)) {
  const PumpConfig& p = station.pump;
  pump_options_.address = p.address;
  if (!p.dut.firmware.empty()) pump_options_.identity.firmware = *(pump_firmware_ = p.dut.firmware);
  if (!p.dut.serial.empty()) pump_options_.identity.serial = *(pump_serial_ = p.dut.serial);
  if (p.syringe_diameter_mm) pump_options_.diameter_mm = *p.syringe_diameter_mm;
  world_ = std::make_unique<StationWorld>(config_.world, derive_seed(run_seed, station.id));
  if (station.io_board) io_options_ = rigio_sim_options(*station.io_board);
  io_options_.seed = derive_seed(run_seed, station.id + "/io");
}

SimulatedStation::~SimulatedStation() {
  // Instruments before the link ends they talk through.
  io_.reset();
  balance_.reset();
  sartorius_.reset();
  pump_.reset();
  harvard_pump_.reset();
}

SimMtsicsBalance& SimulatedStation::serve_balance(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  balance_.reset();
  sartorius_.reset();
  balance_end_ = std::move(instrument_end);
  balance_ = std::make_unique<SimMtsicsBalance>(loop, *balance_end_, *world_, config_.balance_identity,
                                                config_.balance_options);
  return *balance_;
}

SimSartoriusBalance& SimulatedStation::serve_sartorius_balance(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  balance_.reset();
  sartorius_.reset();
  balance_end_ = std::move(instrument_end);
  sartorius_ = std::make_unique<SimSartoriusBalance>(loop, *balance_end_, *world_, config_.sartorius_identity,
                                                     config_.sartorius_options);
  return *sartorius_;
}

SimNe1000Pump& SimulatedStation::serve_pump(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  pump_.reset();
  harvard_pump_.reset();
  pump_end_ = std::move(instrument_end);
  pump_ = std::make_unique<SimNe1000Pump>(*pump_end_, loop, *world_, pump_options_);
  return *pump_;
}

SimHarvardPump& SimulatedStation::serve_harvard_pump(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  pump_.reset();
  harvard_pump_.reset();
  pump_end_ = std::move(instrument_end);
  // The fixture's pump block as the NE-1000 reads it, with the Harvard's own identity defaults.
  SimHarvardOptions o;
  o.address = pump_options_.address;
  o.diameter_mm = pump_options_.diameter_mm;
  if (pump_firmware_) o.identity.firmware = *pump_firmware_;
  if (pump_serial_) o.identity.serial = *pump_serial_;
  harvard_pump_ = std::make_unique<SimHarvardPump>(*pump_end_, loop, *world_, o);
  return *harvard_pump_;
}

}  // namespace pumprig::sim

namespace pumprig::sim {

SimRigIoBoard& SimulatedStation::serve_io_board(EventLoop& loop, std::unique_ptr<Link> instrument_end) {
  io_.reset();
  io_end_ = std::move(instrument_end);
  io_ = std::make_unique<SimRigIoBoard>(loop, *io_end_, *world_, io_options_);
  return *io_;
}

void SimulatedStation::serve(EventLoop& loop, InstrumentRole role, std::unique_ptr<Link> instrument_end) {
  const std::string& driver = drivers_.at(static_cast<std::size_t>(role));
  const SimulatorEntry* simulator = find_simulator(driver, role);
  if (!simulator)
    throw std::runtime_error(fmt::format("station {}: no simulator speaks the {} driver '{}'", id_, to_string(role), driver));
  simulator->serve(*this, loop, std::move(instrument_end));
}

const std::string& instrument_name(const StationConfig& station, InstrumentRole role) {
  switch (role) {
    case InstrumentRole::balance: return station.balance.name;
    case InstrumentRole::pump: return station.pump.name;
    case InstrumentRole::io_board: return station.io_board->name;
  }
  return station.balance.name;
}

}  // namespace pumprig::sim
