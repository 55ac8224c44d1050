#pragma once
// One simulated station: its physical world and the simulated instruments that view it, each
// serving the instrument end of whatever link it is given. The in-process bench hands it the far
// end of a SimLink (virtual time); pumprig-sim hands it the master side of a pseudo-terminal
// (real time). Both build the instruments here, from the same fixture blocks, so the balance and
// pump a controller meets are the same whichever wire it reaches them by.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hardware/sim/harvard_sim.hpp"
#include "hardware/sim/mtsics_sim.hpp"
#include "hardware/sim/ne1000_sim.hpp"
#include "hardware/sim/rigio_sim.hpp"
#include "hardware/sim/sartorius_sim.hpp"
#include "hardware/sim/sim_world_config.hpp"
#include "hardware/sim/world/station_world.hpp"
#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

class SimulatedStation {
 public:
  // Reads the station's simulation blocks (ConfigError at file:line:col) and builds its world,
  // seeded from the run seed and the station id.
  SimulatedStation(const StationConfig& station, double fluid_density_g_ml, std::uint64_t run_seed);
  ~SimulatedStation();
  SimulatedStation(const SimulatedStation&) = delete;
  SimulatedStation& operator=(const SimulatedStation&) = delete;

  // Builds the simulated balance (or pump) on `instrument_end`, which the station keeps: the
  // instrument goes before its link. Serving again replaces the earlier instrument and link.
  SimMtsicsBalance& serve_balance(EventLoop& loop, std::unique_ptr<Link> instrument_end);
  SimSartoriusBalance& serve_sartorius_balance(EventLoop& loop, std::unique_ptr<Link> instrument_end);
  SimNe1000Pump& serve_pump(EventLoop& loop, std::unique_ptr<Link> instrument_end);
  // The pump as a Harvard Pump 11 Elite (driver: harvard) on the same mechanism.
  SimHarvardPump& serve_harvard_pump(EventLoop& loop, std::unique_ptr<Link> instrument_end);
  SimRigIoBoard& serve_io_board(EventLoop& loop, std::unique_ptr<Link> instrument_end);
  // The simulator of the station's driver in `role` (hardware/sim/simulator_registry); throws
  // std::runtime_error when no simulator speaks that driver.
  void serve(EventLoop& loop, InstrumentRole role, std::unique_ptr<Link> instrument_end);

  const std::string& id() const { return id_; }
  StationWorld& world() { return *world_; }
  SimMtsicsBalance* balance() { return balance_.get(); }  // null unless the balance speaks MT-SICS
  SimSartoriusBalance* sartorius_balance() { return sartorius_.get(); }  // null unless it speaks SBI
  SimNe1000Pump* pump() { return pump_.get(); }  // null unless the pump is an NE-1000
  SimHarvardPump* harvard_pump() { return harvard_pump_.get(); }  // null unless it is a Harvard
  SimRigIoBoard* io_board() { return io_.get(); }
  Link* balance_link() { return balance_end_.get(); }
  Link* pump_link() { return pump_end_.get(); }
  Link* io_link() { return io_end_.get(); }

 private:
  std::string id_;
  std::array<std::string, 3> drivers_;  // by InstrumentRole: the fixture's driver of each instrument
  SimStationConfig config_;
  SimNe1000Options pump_options_;
  std::optional<std::string> pump_firmware_, pump_serial_;  // the fixture's dut block, any pump
  std::unique_ptr<StationWorld> world_;
  SimRigIoOptions io_options_;
  std::unique_ptr<Link> balance_end_, pump_end_, io_end_;
  std::unique_ptr<SimMtsicsBalance> balance_;
  std::unique_ptr<SimSartoriusBalance> sartorius_;
  std::unique_ptr<SimNe1000Pump> pump_;
  std::unique_ptr<SimHarvardPump> harvard_pump_;
  std::unique_ptr<SimRigIoBoard> io_;
};

// The fixture name of the instrument in `role` ("balance-1", "pump-1", "io-1").
const std::string& instrument_name(const StationConfig& station, InstrumentRole role);

}  // namespace pumprig::sim
