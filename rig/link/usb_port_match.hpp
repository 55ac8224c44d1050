#pragma once
// Which port a `usb:VID:PID[?serial=...]` connection names: USB adapters change their device
// names across boots and plug order, their VID, PID and serial number do not. Matched at connect
// time against the ports the OS lists now.
#include <optional>
#include <string>
#include <vector>

#include "rig/link/serial_port_info.hpp"

namespace pumprig {

struct UsbPortWanted {
  int vid = 0, pid = 0;
  std::optional<std::string> serial;  // none: any serial, but then exactly one port may match
};

// The device path of the one port that matches. Throws std::runtime_error when none or several
// match, listing every port found (so the tester sees what is plugged in and what to write).
std::string match_usb_port(const UsbPortWanted& wanted, const std::vector<SerialPortInfo>& ports);

}  // namespace pumprig
