#pragma once
// Real serial ports through libserialport (USB adapters, on-board UARTs). A thin RAII wrapper:
// every libserialport error becomes a message that names the port.
#include <vector>

#include "rig/link/fd_link.hpp"
#include "rig/link/serial_port_info.hpp"

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

// The ports the OS knows now, as libserialport describes them. Throws std::runtime_error when the
// enumeration itself fails.
std::vector<SerialPortInfo> list_serial_ports();

}  // namespace pumprig
