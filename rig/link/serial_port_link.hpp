#pragma once
// Real serial ports through libserialport (USB adapters, on-board UARTs). A thin RAII wrapper:
// every libserialport error becomes a message that names the port.
#include <optional>
#include <string>
#include <vector>

#include "rig/link/fd_link.hpp"

struct sp_port;

namespace pumprig {

class SerialPortLink final : public FdLink {
 public:
  SerialPortLink(EventLoop& loop, std::string path, SerialSettings settings);
  ~SerialPortLink() override;
  void open() override;
  std::string describe() const override;

 private:
  long raw_read(std::uint8_t* buf, std::size_t n) override;
  long raw_write(const std::uint8_t* buf, std::size_t n) override;
  void release() override;

  std::string path_;
  SerialSettings settings_;
  sp_port* port_ = nullptr;
};

// A port the OS knows, as libserialport describes it.
struct SerialPortInfo {
  std::string name;                 // /dev/ttyUSB0
  std::string description;          // "" when none
  std::string transport;            // "usb", "bluetooth", "native" (on-board or unknown)
  std::optional<int> usb_vid, usb_pid;
  std::string usb_serial, usb_manufacturer, usb_product;  // "" when unknown
};
std::vector<SerialPortInfo> list_serial_ports();
// One line: name, description, USB VID:PID and serial number when known.
std::string describe(const SerialPortInfo& port);

}  // namespace pumprig
