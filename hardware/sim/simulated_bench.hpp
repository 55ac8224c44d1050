#pragma once
// The simulated bench: for each station of a fixture, one physical world and the simulated
// instruments that view it (an MT-SICS balance, an NE-1000 pump), each at the far end of an
// in-process SimLink. It is what the CLI and GUI plug into the controller's Bench for "sim:"
// connections; the controller only ever sees bytes. The stations themselves (world and
// instruments) are SimulatedStation, which pumprig-sim serves on pseudo-terminals instead. A
// station whose pump is volumetric gets a peristaltic world; a station whose pump driver is
// `manual` gets no pump simulator at all (pump() stays null): its world is driven only by the
// simulated operator through the front panel.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hardware/sim/simulated_station.hpp"
#include "rig/bench/bench.hpp"
#include "rig/link/sim_link.hpp"

namespace pumprig::sim {

class SimulatedBench final : public SimulatedEndpoints {
 public:
  // Reads every station's simulation blocks (ConfigError at file:line:col) and builds the worlds,
  // each seeded from the run seed and its station id.
  SimulatedBench(const Fixture& fixture, std::uint64_t run_seed);
  ~SimulatedBench() override;

  std::unique_ptr<Link> connect(EventLoop& loop, const StationConfig& station, InstrumentRole role,
                                const SerialSettings& settings) override;

  // Throw std::out_of_range for a station the fixture does not have.
  // The stations simulated: those of the fixture the run was given (a run keeps only the
  // stations its scenario uses).
  std::vector<std::string> station_ids() const;
  StationWorld* world(const std::string& station_id);
  SimMtsicsBalance* balance(const std::string& station_id);
  SimNe1000Pump* pump(const std::string& station_id);  // null for a manual pump
  SimulatedStation& station(const std::string& station_id);

 private:
  std::map<std::string, std::unique_ptr<SimulatedStation>> stations_;
};

}  // namespace pumprig::sim
