#pragma once
// The NE-1000 frames the simulator tests expect, written out here rather than with the driver's
// encoder, so that the simulator and the driver cannot share a mistake.
#include <string>

#include "rig/drivers/ne1000/crc16_xmodem.hpp"

namespace pumprig::test {

// STX payload ETX.
inline std::string basic_frame(const std::string& payload) { return "\x02" + payload + "\x03"; }

// STX LEN payload CRC_hi CRC_lo ETX, LEN = len(payload) + 4.
inline std::string safe_frame(const std::string& payload) {
  const std::uint16_t crc = crc16_xmodem(payload);
  std::string f;
  f += '\x02';
  f += static_cast<char>(payload.size() + 4);
  f += payload;
  f += static_cast<char>(crc >> 8);
  f += static_cast<char>(crc & 0xFF);
  f += '\x03';
  return f;
}

}  // namespace pumprig::test
