#pragma once
// Boost.Test prints the values of failed comparisons; these make the NE-1000 enums printable.
#include <ostream>

#include "rig/devices/pump.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"

namespace pumprig {

inline std::ostream& operator<<(std::ostream& os, Ne1000Prompt p) { return os << to_string(p); }
inline std::ostream& operator<<(std::ostream& os, Ne1000Alarm a) { return os << ne1000_alarm_code(a); }
inline std::ostream& operator<<(std::ostream& os, Ne1000Error e) { return os << describe(e); }
inline std::ostream& operator<<(std::ostream& os, Ne1000RateUnit u) { return os << ne1000_rate_unit_code(u); }
inline std::ostream& operator<<(std::ostream& os, Ne1000ReplyKind k) {
  return os << (k == Ne1000ReplyKind::ok ? "ok" : k == Ne1000ReplyKind::bad_crc ? "bad_crc" : "malformed");
}
inline std::ostream& operator<<(std::ostream& os, PumpState s) { return os << to_string(s); }

}  // namespace pumprig
