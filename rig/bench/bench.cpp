#include "rig/bench/bench.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "rig/drivers/mtsics/mtsics_balance.hpp"
#include "rig/drivers/ne1000/ne1000_pump.hpp"
#include "rig/drivers/rigio/rigio_board.hpp"
#include "rig/link/serial_port_link.hpp"
#include "rig/link/tty_link.hpp"

namespace pumprig {

namespace {

ExchangeOptions exchange_options(double reply_timeout_s, int attempts) {
  return ExchangeOptions{from_seconds(reply_timeout_s), attempts};
}

}  // namespace

bool fixture_is_all_simulated(const Fixture& fixture) {
  for (const auto& st : fixture.stations) {
    if (st.balance.connection.transport != Transport::sim) return false;
    if (st.pump.driver != "manual" && st.pump.connection.transport != Transport::sim) return false;
    if (st.io_board && st.io_board->connection.transport != Transport::sim) return false;
  }
  return true;
}

bool fixture_uses_simulation(const Fixture& fixture) {
  for (const auto& st : fixture.stations) {
    if (st.balance.connection.transport == Transport::sim) return true;
    if (st.pump.driver != "manual" && st.pump.connection.transport == Transport::sim) return true;
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
    rig.balance_link = make_link(loop, st, InstrumentRole::balance, b.connection, b.name);
    if (b.driver != "mtsics")
      throw std::runtime_error(fmt::format("{}: balance driver '{}' is not supported", b.name, b.driver));
    rig.balance = std::make_unique<MtsicsBalance>(loop, *rig.balance_link, b.name,
                                                  exchange_options(b.reply_timeout_s, b.attempts), events);
    const auto& p = st.pump;
    if (p.driver == "ne1000") {
      rig.pump_link = make_link(loop, st, InstrumentRole::pump, p.connection, p.name);
      Ne1000Options opts;
      opts.address = p.address;
      opts.safe_mode_timeout_s = static_cast<int>(p.safe_mode_timeout_s);
      opts.exchange = exchange_options(p.reply_timeout_s, p.attempts);
      opts.events = events;
      rig.pump = std::make_unique<Ne1000Pump>(loop, *rig.pump_link, p.name, opts);
    } else if (p.driver != "manual") {
      throw std::runtime_error(fmt::format("{}: pump driver '{}' is not supported", p.name, p.driver));
    }
    if (st.io_board) {
      const IoBoardConfig& io = *st.io_board;
      rig.io_link = make_link(loop, st, InstrumentRole::io_board, io.connection, io.name);
      rig.io = std::make_unique<RigIoBoard>(loop, *rig.io_link, io.name, exchange_options(io.reply_timeout_s, io.attempts),
                                            events);
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
  std::unique_ptr<Link> link;
  switch (spec.transport) {
    case Transport::sim:
      if (!sim_)
        throw std::runtime_error(fmt::format("{}: connection 'sim:' needs the simulated bench, which this program does not provide",
                                             instrument_name));
      link = sim_->connect(loop, station, role, spec.serial);
      break;
    case Transport::tty: link = std::make_unique<TtyLink>(loop, spec.path, spec.serial); break;
    case Transport::serial: link = std::make_unique<SerialPortLink>(loop, spec.path, spec.serial); break;
    case Transport::tcp:
      throw std::runtime_error(fmt::format("{}: tcp connections are not supported yet", instrument_name));
  }
  try {
    link->open();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", instrument_name, e.what()));
  }
  if (wire_sinks_) return std::make_unique<WireTap>(loop, std::move(link), wire_sinks_(instrument_name));
  return link;
}

}  // namespace pumprig
