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

const char* to_string(PumpAlarm a) {
  switch (a) {
    case PumpAlarm::none: return "";
    case PumpAlarm::occlusion: return "occlusion";
    case PumpAlarm::stall: return "stall";
    case PumpAlarm::reset: return "reset";
    case PumpAlarm::comms_timeout: return "comms timeout";
    case PumpAlarm::program_error: return "program error";
    case PumpAlarm::door_open: return "door open";
    case PumpAlarm::empty: return "empty";
    case PumpAlarm::other: return "other";
  }
  return "other";
}

}  // namespace pumprig
