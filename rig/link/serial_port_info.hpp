#pragma once
// A serial port as the OS lists it (libserialport's enumeration), kept apart from the link so the
// matching of `usb:VID:PID` connections (usb_port_match.hpp) is testable on a made-up list.
#include <optional>
#include <string>

namespace pumprig {

struct SerialPortInfo {
  std::string name;                 // /dev/ttyUSB0
  std::string description;          // "" when none
  std::string transport;            // "usb", "bluetooth", "native" (on-board or unknown)
  std::optional<int> usb_vid, usb_pid;
  std::string usb_serial, usb_manufacturer, usb_product;  // "" when unknown
};

// One line: name, description, USB VID:PID and serial number when known.
std::string describe(const SerialPortInfo& port);

}  // namespace pumprig
