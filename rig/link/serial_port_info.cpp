#include "rig/link/serial_port_info.hpp"

#include <fmt/format.h>

namespace pumprig {

std::string describe(const SerialPortInfo& port) {
  std::string line = port.name;
  if (!port.description.empty()) line += fmt::format("  {}", port.description);
  if (port.usb_vid && port.usb_pid) line += fmt::format("  USB {:04x}:{:04x}", *port.usb_vid, *port.usb_pid);
  if (!port.usb_serial.empty()) line += fmt::format("  serial {}", port.usb_serial);
  return line;
}

}  // namespace pumprig
