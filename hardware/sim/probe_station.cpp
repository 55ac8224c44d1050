#include "hardware/sim/probe_station.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "hardware/sim/simulator_registry.hpp"

namespace pumprig::sim {

namespace {

bool has_role(const StationConfig& s, InstrumentRole role) { return role != InstrumentRole::io_board || s.io_board; }

std::string& driver_of(StationConfig& s, InstrumentRole role) {
  switch (role) {
    case InstrumentRole::balance: return s.balance.driver;
    case InstrumentRole::pump: return s.pump.driver;
    case InstrumentRole::io_board: return s.io_board->driver;
  }
  return s.balance.driver;
}

}  // namespace

StationConfig probe_station(const Fixture& fixture, std::string_view driver, InstrumentRole role) {
  if (!find_simulator(driver, role))
    throw std::invalid_argument(fmt::format("no simulator speaks the {} driver '{}'", to_string(role), driver));
  for (const StationConfig& s : fixture.stations) {
    if (!has_role(s, role)) continue;
    StationConfig copy = s;
    if (driver_of(copy, role) == driver) return copy;
  }
  for (const StationConfig& s : fixture.stations) {
    if (!has_role(s, role)) continue;
    StationConfig copy = s;
    driver_of(copy, role) = std::string(driver);
    return copy;
  }
  throw std::invalid_argument(fmt::format("the simulated bench has no station with a {}", to_string(role)));
}

}  // namespace pumprig::sim
