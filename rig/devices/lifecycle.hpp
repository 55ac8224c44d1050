#pragma once
// The lifecycle every driver keeps, so that safety does not rest on the caller's ordering:
//   unconfigured  nothing known or set: after construction, a disconnect, a failed connect
//   configured    connected, identified, and the settings its safety rests on in force (an
//                 NE-1000's safe mode with its heartbeat; the I/O board's trip limit and watchdog)
//   active        doing what it is there for: the pump delivering, the line occluded
// A command that needs a state the driver is not in is refused with a DeviceError naming the
// device, the command and the state, and nothing is sent. Commands toward the safe state (stop,
// release, disconnect) and queries are never refused.
#include <iosfwd>
#include <string>
#include <string_view>

#include "rig/core/outcome.hpp"

namespace pumprig {

enum class DeviceState { unconfigured, configured, active };

const char* to_string(DeviceState s);
std::ostream& operator<<(std::ostream& out, DeviceState s);

// "<command> refused: <device> is <state> (<needs>)".
DeviceError refusal(const std::string& device, std::string_view command, DeviceState state, std::string_view needs);

}  // namespace pumprig
