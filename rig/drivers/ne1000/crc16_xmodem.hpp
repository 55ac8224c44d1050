#pragma once
// CRC-16/XMODEM (poly 0x1021, init 0, no reflection, no final xor): the check word of NE-1000 safe
// mode frames (and of the Baxter AS50 protocol). Check value: "123456789" -> 0x31C3.
#include <cstdint>
#include <span>
#include <string_view>

namespace pumprig {

std::uint16_t crc16_xmodem(std::span<const std::uint8_t> bytes);

inline std::uint16_t crc16_xmodem(std::string_view text) {
  return crc16_xmodem(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace pumprig
