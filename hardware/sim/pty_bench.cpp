#include "hardware/sim/pty_bench.hpp"

#include <stdexcept>

#include "rig/drivers/registry.hpp"

namespace pumprig::sim {

std::string ServedInstrument::connection() const {
  ConnectionSpec spec;
  spec.transport = Transport::tty;
  spec.path = slave_path;
  spec.serial = serial;
  return to_string(spec);
}

PtyBench::PtyBench(EventLoop& loop, const Fixture& fixture, std::uint64_t run_seed, double speed) {
  if (loop.is_virtual()) throw std::logic_error("pseudo-terminals need a loop on a steady clock, not virtual time");
  const Nanos client_check = static_cast<Nanos>(static_cast<double>(milliseconds(20)) * (speed > 0 ? speed : 1.0));
  const auto serve = [&](SimulatedStation& station, const std::string& name, InstrumentRole role,
                         const std::string& driver, const ConnectionSpec& spec) {
    auto link = std::make_unique<PtyMasterLink>(loop, name, client_check);
    link->open();
    PtyMasterLink& ref = *link;
    station.serve(loop, role, std::move(link));
    links_.emplace(name, &ref);
    served_.push_back(ServedInstrument{station.id(), name, role, driver, ref.slave_path(), spec.serial});
  };
  for (const auto& st : fixture.stations) {
    auto station = std::make_unique<SimulatedStation>(st, fixture.density_g_ml, run_seed);
    serve(*station, st.balance.name, InstrumentRole::balance, st.balance.driver, st.balance.connection);
    // A manual pump has no wire: the operator is the interface.
    if (driver_needs_link(st.pump.driver, DriverRole::pump)) serve(*station, st.pump.name, InstrumentRole::pump, st.pump.driver, st.pump.connection);
    if (st.io_board)
      serve(*station, st.io_board->name, InstrumentRole::io_board, st.io_board->driver, st.io_board->connection);
    stations_.emplace(st.id, std::move(station));
    station_ids_.push_back(st.id);
  }
}

PtyBench::~PtyBench() = default;

SimulatedStation& PtyBench::station(const std::string& id) {
  auto it = stations_.find(id);
  if (it == stations_.end()) throw std::out_of_range("no simulated station '" + id + "'");
  return *it->second;
}

PtyMasterLink& PtyBench::link(const std::string& name) {
  auto it = links_.find(name);
  if (it == links_.end()) throw std::out_of_range("no served instrument '" + name + "'");
  return *it->second;
}

}  // namespace pumprig::sim
