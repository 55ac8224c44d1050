#pragma once
// A fixture's simulated instruments served on pseudo-terminals, for pumprig-sim: every station
// gets its physical world (SimulatedStation, as on the in-process bench), its MT-SICS balance
// and, on NE-1000 stations, its pump, each on the master side of its own pty. Outside programs
// reach them through the slave paths, with `tty:` connections. Real time only (a steady clock).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hardware/sim/pty_master_link.hpp"
#include "hardware/sim/simulated_station.hpp"
#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

struct ServedInstrument {
  std::string station_id;
  std::string name;          // the fixture's instrument name, "balance-1"
  InstrumentRole role = InstrumentRole::balance;
  std::string driver;        // "mtsics", "ne1000", "harvard", "rigio": what a client must speak
  std::string slave_path;    // "/dev/pts/7"
  SerialSettings serial;     // as the fixture's connection gives it (a pty ignores it; the record keeps it)
  // "tty:/dev/pts/7?baud=9600&format=8N1": what a fixture or `pumprig probe` names it by.
  std::string connection() const;
};

class PtyBench {
 public:
  // Builds the worlds (ConfigError for bad simulation blocks), creates the ptys (runtime_error
  // when the OS has none left) and starts serving. `speed` is the loop clock's speed factor: the
  // ptys look for returning clients every 20 ms of real time whatever the speed.
  PtyBench(EventLoop& loop, const Fixture& fixture, std::uint64_t run_seed, double speed = 1.0);
  ~PtyBench();
  PtyBench(const PtyBench&) = delete;
  PtyBench& operator=(const PtyBench&) = delete;

  const std::vector<ServedInstrument>& instruments() const { return served_; }
  const std::vector<std::string>& station_ids() const { return station_ids_; }  // fixture order
  // Throw std::out_of_range for an unknown station or instrument name.
  SimulatedStation& station(const std::string& station_id);
  PtyMasterLink& link(const std::string& instrument_name);

 private:
  std::map<std::string, std::unique_ptr<SimulatedStation>> stations_;
  std::map<std::string, PtyMasterLink*> links_;  // owned by the stations, as their instrument ends
  std::vector<ServedInstrument> served_;
  std::vector<std::string> station_ids_;
};

}  // namespace pumprig::sim
