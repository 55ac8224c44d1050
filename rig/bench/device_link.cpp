#include "rig/bench/device_link.hpp"

#include <stdexcept>

#include "rig/link/serial_port_link.hpp"
#include "rig/link/tty_link.hpp"
#include "rig/link/usb_port_match.hpp"

namespace pumprig {

std::unique_ptr<Link> make_device_link(EventLoop& loop, const ConnectionSpec& spec) {
  switch (spec.transport) {
    case Transport::tty: return std::make_unique<TtyLink>(loop, spec.path, spec.serial);
    case Transport::serial: return std::make_unique<SerialPortLink>(loop, spec.path, spec.serial);
    case Transport::usb: {
      const std::string device =
          match_usb_port(UsbPortWanted{spec.usb_vid, spec.usb_pid, spec.usb_serial}, list_serial_ports());
      return std::make_unique<SerialPortLink>(loop, device, spec.serial);
    }
    case Transport::sim: throw std::runtime_error("'sim:' is the simulated bench, not a device");
    case Transport::tcp: throw std::runtime_error("tcp connections are not supported yet");
  }
  throw std::runtime_error("unknown transport");
}

}  // namespace pumprig
