#pragma once
// Every driver the rig has, in one table: its name as a fixture writes it, its role, what it is
// (for messages), and its factory behind the role's device interface. The fixture reader takes
// the known names and each driver's own option rules from here, the bench and `pumprig probe`
// build drivers from here. A new driver
// is its folder plus one line in registry.cpp (its simulator is one line in
// hardware/sim/simulator_registry.cpp, beside the simulated instruments).
#include <functional>
#include <memory>
#include <optional>
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

// What a fixture gives a driver beyond the keys every driver of its role takes, for the driver's
// own rules.
struct DriverOptions {
  std::optional<SerialSettings> serial_line;  // the link's settings; none for tcp or when there is no link
  std::optional<double> safe_mode_timeout_s;  // as written, in seconds
};

// One thing a driver refuses in a fixture: the key it is about (for the fixture reader's
// file:line:col) and a message that says what the instrument accepts and what it got.
struct OptionProblem {
  std::string key;
  std::string message;
};

struct DriverEntry {
  std::string name;       // "mtsics", "ne1000", "harvard", "manual", "rigio"
  DriverRole role;
  std::string describes;  // "an MT-SICS balance"
  // Exactly the factory of its role; none for "manual" (the operator is the driver: no link).
  std::function<std::unique_ptr<Balance>(EventLoop&, Link&, const DriverSettings&)> make_balance;
  std::function<std::unique_ptr<Pump>(EventLoop&, Link&, const DriverSettings&)> make_pump;
  std::function<std::unique_ptr<IoBoard>(EventLoop&, Link&, const DriverSettings&)> make_io_board;
  // The instrument's own limits (an NE-1000's bauds and safe-mode range), caught when the fixture
  // is read rather than as silence on the wire; none when it has no rules of its own.
  std::function<std::vector<OptionProblem>(const DriverOptions&)> check_options{};
  // A driver with a factory talks over a link: its fixture entry needs a connection.
  bool needs_link() const { return make_balance || make_pump || make_io_board; }
};

const std::vector<DriverEntry>& driver_registry();
// The entry of that name and role; nullptr when there is none.
const DriverEntry* find_driver(std::string_view name, DriverRole role);
// The entry of that name in any role; nullptr when there is none.
const DriverEntry* find_driver(std::string_view name);
// Whether the named driver talks over a link (false for "manual", whose interface is the
// operator, and for a name the registry does not have).
bool driver_needs_link(std::string_view name, DriverRole role);
// The names of a role's drivers, in registry order.
std::vector<std::string> driver_names(DriverRole role);

}  // namespace pumprig
