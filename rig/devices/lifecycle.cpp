#include "rig/devices/lifecycle.hpp"

#include <ostream>

#include <fmt/format.h>

namespace pumprig {

const char* to_string(DeviceState s) {
  switch (s) {
    case DeviceState::unconfigured: return "unconfigured";
    case DeviceState::configured: return "configured";
    case DeviceState::active: return "active";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, DeviceState s) { return out << to_string(s); }

DeviceError refusal(const std::string& device, std::string_view command, DeviceState state, std::string_view needs) {
  return DeviceError{device, fmt::format("{} refused: the driver is {} ({})", command, to_string(state), needs)};
}

}  // namespace pumprig
