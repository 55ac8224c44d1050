#pragma once
// A bench assembled from a fixture: for each station the links (wrapped in wire taps) and the
// drivers behind the Balance and Pump interfaces. Simulated instruments are plugged in through
// SimulatedEndpoints, which only the CLI and GUI provide: the controller never branches on
// "simulated", it only sees bytes on a link.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rig/config/fixture.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/pump.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/drivers/registry.hpp"
#include "rig/link/link.hpp"
#include "rig/link/wire_tap.hpp"

namespace pumprig {

// The role of an instrument on a station: the drivers' roles (one enum for both).
using InstrumentRole = DriverRole;

// Gives the controller's end of an in-process link whose other end is a simulated instrument.
class SimulatedEndpoints {
 public:
  virtual ~SimulatedEndpoints() = default;
  virtual std::unique_ptr<Link> connect(EventLoop& loop, const StationConfig& station, InstrumentRole role,
                                        const SerialSettings& settings) = 0;
};

using WireSinkFactory = std::function<WireTap::Sink(const std::string& instrument_name)>;

struct StationRig {
  const StationConfig* config = nullptr;
  std::unique_ptr<Link> balance_link;
  std::unique_ptr<Link> pump_link;  // empty for a manual pump
  std::unique_ptr<Balance> balance;
  std::unique_ptr<Pump> pump;       // empty for a manual pump
  std::unique_ptr<Link> io_link;    // the rig I/O board, when the station has one
  std::unique_ptr<IoBoard> io;
};

// True when every instrument of the fixture is simulated in-process (virtual time is allowed).
bool fixture_is_all_simulated(const Fixture& fixture);
// True when any instrument of the fixture is simulated in-process (a simulation must be built).
bool fixture_uses_simulation(const Fixture& fixture);

class Bench {
 public:
  // Throws std::runtime_error naming the instrument when a link cannot be made or opened.
  Bench(const Fixture& fixture, EventLoop& loop, SimulatedEndpoints* sim, WireSinkFactory wire_sinks, EventSink events);
  ~Bench();
  std::vector<StationRig>& stations() { return stations_; }
  StationRig* station(const std::string& id);

 private:
  std::unique_ptr<Link> make_link(EventLoop& loop, const StationConfig& station, InstrumentRole role,
                                  const ConnectionSpec& spec, const std::string& instrument_name);
  SimulatedEndpoints* sim_;
  WireSinkFactory wire_sinks_;
  std::vector<StationRig> stations_;
};

}  // namespace pumprig
