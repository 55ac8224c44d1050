#include "rig/devices/pump.hpp"

namespace pumprig {

const char* to_string(PumpState s) {
  switch (s) {
    case PumpState::stopped: return "stopped";
    case PumpState::infusing: return "infusing";
    case PumpState::withdrawing: return "withdrawing";
    case PumpState::paused: return "paused";
    case PumpState::purging: return "purging";
    case PumpState::alarm: return "alarm";
    case PumpState::unknown: break;
  }
  return "unknown";
}

}  // namespace pumprig
