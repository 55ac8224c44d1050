#include "rig/drivers/ne1000/crc16_xmodem.hpp"

namespace pumprig {

// Bitwise: frames are a few dozen bytes at 19200 baud, so a table would buy nothing.
std::uint16_t crc16_xmodem(std::span<const std::uint8_t> bytes) {
  std::uint16_t crc = 0;
  for (const std::uint8_t b : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<std::uint16_t>(b) << 8));
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021) : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

}  // namespace pumprig
