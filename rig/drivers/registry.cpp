#include "rig/drivers/registry.hpp"

#include "rig/drivers/harvard/harvard_registration.hpp"
#include "rig/drivers/mtsics/mtsics_registration.hpp"
#include "rig/drivers/ne1000/ne1000_registration.hpp"
#include "rig/drivers/rigio/rigio_registration.hpp"
#include "rig/drivers/sartorius/sartorius_registration.hpp"

namespace pumprig {

namespace {

// A pump worked by the operator at its front panel: no link, no factory.
DriverEntry manual_pump_driver() { return DriverEntry{"manual", DriverRole::pump, "a pump worked by the operator", {}, {}, {}}; }

}  // namespace

const char* to_string(DriverRole role) {
  switch (role) {
    case DriverRole::balance: return "balance";
    case DriverRole::pump: return "pump";
    case DriverRole::io_board: return "io_board";
  }
  return "?";
}

const std::vector<DriverEntry>& driver_registry() {
  // One line per driver.
  static const std::vector<DriverEntry> drivers{
      mtsics_driver(),
      ne1000_driver(),
      harvard_driver(),
      manual_pump_driver(),
      rigio_driver(),
      sartorius_driver(),
  };
  return drivers;
}

bool driver_needs_link(std::string_view name, DriverRole role) {
  const DriverEntry* d = find_driver(name, role);
  return d && d->needs_link();
}

const DriverEntry* find_driver(std::string_view name, DriverRole role) {
  for (const auto& d : driver_registry())
    if (d.name == name && d.role == role) return &d;
  return nullptr;
}

const DriverEntry* find_driver(std::string_view name) {
  for (const auto& d : driver_registry())
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<std::string> driver_names(DriverRole role) {
  std::vector<std::string> names;
  for (const auto& d : driver_registry())
    if (d.role == role) names.push_back(d.name);
  return names;
}

}  // namespace pumprig
