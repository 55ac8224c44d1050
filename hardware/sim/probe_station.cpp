#include "hardware/sim/probe_station.hpp"

#include <optional>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "hardware/sim/simulator_registry.hpp"

namespace pumprig::sim {

namespace {

bool has_role(const StationConfig& s, InstrumentRole role) { return role != InstrumentRole::io_board || s.io_board; }

std::optional<YAML::Node>& simulation_of(StationConfig& s, InstrumentRole role) {
  switch (role) {
    case InstrumentRole::balance: return s.balance.simulation;
    case InstrumentRole::pump: return s.pump.simulation;
    case InstrumentRole::io_board: return s.io_board->simulation;
  }
  return s.balance.simulation;
}

// The switched instrument is another make: who the block says the old one is (its model, serial
// and firmware, in the old make's formats) is not who the new simulator is.
void forget_identity(std::optional<YAML::Node>& simulation) {
  if (!simulation || !simulation->IsMap()) return;
  YAML::Node copy = YAML::Clone(*simulation);
  for (const char* key : {"model", "serial", "firmware", "software_number"}) copy.remove(key);
  simulation = copy;
}

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
    forget_identity(simulation_of(copy, role));
    return copy;
  }
  throw std::invalid_argument(fmt::format("the simulated bench has no station with a {}", to_string(role)));
}

}  // namespace pumprig::sim
