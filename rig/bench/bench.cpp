#include "rig/bench/bench.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "rig/drivers/registry.hpp"
#include "rig/bench/device_link.hpp"

namespace pumprig {

namespace {

DriverSettings settings(const std::string& name, double reply_timeout_s, int attempts, EventSink events) {
  DriverSettings s;
  s.name = name;
  s.exchange = ExchangeOptions{from_seconds(reply_timeout_s), attempts};
  s.events = std::move(events);
  return s;
}

// The registry's entry for an instrument of the fixture; the fixture reader has checked the name.
const DriverEntry& driver_for(const std::string& instrument, const std::string& driver, DriverRole role) {
  const DriverEntry* d = find_driver(driver, role);
  if (!d)
    throw std::runtime_error(fmt::format("{}: {} driver '{}' is not supported", instrument, to_string(role), driver));
  return *d;
}

}  // namespace

bool fixture_is_all_simulated(const Fixture& fixture) {
  for (const auto& st : fixture.stations) {
    if (st.balance.connection.transport != Transport::sim) return false;
    if (driver_needs_link(st.pump.driver, DriverRole::pump) && st.pump.connection.transport != Transport::sim) return false;
    if (st.io_board && st.io_board->connection.transport != Transport::sim) return false;
  }
  return true;
}

bool fixture_uses_simulation(const Fixture& fixture) {
  for (const auto& st : fixture.stations) {
    if (st.balance.connection.transport == Transport::sim) return true;
    if (driver_needs_link(st.pump.driver, DriverRole::pump) && st.pump.connection.transport == Transport::sim) return true;
    if (st.io_board && st.io_board->connection.transport == Transport::sim) return true;
  }
  return false;
}

Bench::Bench(const Fixture& fixture, EventLoop& loop, SimulatedEndpoints* sim, WireSinkFactory wire_sinks,
             EventSink events)
    : sim_(sim), wire_sinks_(std::move(wire_sinks)) {
  stations_.reserve(fixture.stations.size());
  for (const auto& st : fixture.stations) {
    StationRig rig;
    rig.config = &st;
    const auto& b = st.balance;
    const DriverEntry& balance_driver = driver_for(b.name, b.driver, DriverRole::balance);
    rig.balance_link = make_link(loop, st, InstrumentRole::balance, b.connection, b.name);
    rig.balance = balance_driver.make_balance(loop, *rig.balance_link, settings(b.name, b.reply_timeout_s, b.attempts, events));
    const auto& p = st.pump;
    const DriverEntry& pump_driver = driver_for(p.name, p.driver, DriverRole::pump);
    if (pump_driver.needs_link()) {  // not a pump the operator works
      rig.pump_link = make_link(loop, st, InstrumentRole::pump, p.connection, p.name);
      DriverSettings s = settings(p.name, p.reply_timeout_s, p.attempts, events);
      s.address = p.address;
      s.safe_mode_timeout_s = static_cast<int>(p.safe_mode_timeout_s);
      rig.pump = pump_driver.make_pump(loop, *rig.pump_link, s);
    }
    if (st.io_board) {
      const IoBoardConfig& io = *st.io_board;
      const DriverEntry& io_driver = driver_for(io.name, io.driver, DriverRole::io_board);
      rig.io_link = make_link(loop, st, InstrumentRole::io_board, io.connection, io.name);
      rig.io = io_driver.make_io_board(loop, *rig.io_link, settings(io.name, io.reply_timeout_s, io.attempts, events));
    }
    stations_.push_back(std::move(rig));
  }
}

Bench::~Bench() {
  // Drivers go before the links they talk through.
  for (auto& st : stations_) {
    st.io.reset();
    st.pump.reset();
    st.balance.reset();
  }
}

StationRig* Bench::station(const std::string& id) {
  for (auto& st : stations_)
    if (st.config->id == id) return &st;
  return nullptr;
}

std::unique_ptr<Link> Bench::make_link(EventLoop& loop, const StationConfig& station, InstrumentRole role,
                                       const ConnectionSpec& spec, const std::string& instrument_name) {
  if (spec.transport == Transport::sim && !sim_)
    throw std::runtime_error(fmt::format("{}: connection 'sim:' needs the simulated bench, which this program does not provide",
                                         instrument_name));
  std::unique_ptr<Link> link;
  try {
    link = spec.transport == Transport::sim ? sim_->connect(loop, station, role, spec.serial) : make_device_link(loop, spec);
    link->open();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", instrument_name, e.what()));
  }
  if (wire_sinks_) return std::make_unique<WireTap>(loop, std::move(link), wire_sinks_(instrument_name));
  return link;
}

}  // namespace pumprig
