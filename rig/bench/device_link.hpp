#pragma once
// The link to a real instrument from its connection string: a pseudo-terminal (tty:), a serial
// port by device path (serial:) or by USB identity (usb:, matched against the ports the OS lists
// when the link is made). One piece for the bench and for `pumprig probe`. `sim:` is not a device:
// whoever owns the simulated bench connects it.
#include <memory>
#include <string>

#include "rig/config/connection_string.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

// Not opened yet. Throws std::runtime_error for sim: and tcp: (not supported yet), and when a
// usb: connection matches no port or several (the message lists the ports found).
std::unique_ptr<Link> make_device_link(EventLoop& loop, const ConnectionSpec& spec);

}  // namespace pumprig
