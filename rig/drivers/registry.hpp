#pragma once
// Every driver the rig has, in one table: its name as a fixture writes it, its role, what it is
// (for messages), and its factory behind the role's device interface. The fixture reader takes
// the known names from here, the bench and `pumprig probe` build drivers from here. A new driver
// is its folder plus one line in registry.cpp (its simulator is registered beside the simulated
// instruments, in hardware/sim).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/devices/pump.hpp"
#include "rig/drivers/exchange_channel.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

enum class DriverRole { balance, pump, io_board };
const char* to_string(DriverRole role);  // "balance", "pump", "io_board" (as in a fixture)

// What the bench (from the fixture) or the probe (from its options) gives a driver.
struct DriverSettings {
  std::string name;  // the instrument's name, e.g. "balance-1"
  ExchangeOptions exchange;
  EventSink events;
  // Pumps on a shared line and with a comms watchdog (the NE-1000's address and safe mode).
  int address = 0;
  int safe_mode_timeout_s = 5;  // 0: basic mode
};

struct DriverEntry {
  std::string name;       // "mtsics", "ne1000", "manual", "rigio"
  DriverRole role;
  std::string describes;  // "an MT-SICS balance"
  // Exactly the factory of its role; none for "manual" (the operator is the driver: no link).
  std::function<std::unique_ptr<Balance>(EventLoop&, Link&, const DriverSettings&)> make_balance;
  std::function<std::unique_ptr<Pump>(EventLoop&, Link&, const DriverSettings&)> make_pump;
  std::function<std::unique_ptr<IoBoard>(EventLoop&, Link&, const DriverSettings&)> make_io_board;
  bool needs_link() const { return make_balance || make_pump || make_io_board; }
};

const std::vector<DriverEntry>& driver_registry();
// The entry of that name and role; nullptr when there is none.
const DriverEntry* find_driver(std::string_view name, DriverRole role);
// The entry of that name in any role; nullptr when there is none.
const DriverEntry* find_driver(std::string_view name);
// The names of a role's drivers, in registry order.
std::vector<std::string> driver_names(DriverRole role);

}  // namespace pumprig
