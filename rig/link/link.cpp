#include "rig/link/link.hpp"

namespace pumprig {

Nanos byte_time(const SerialSettings& s) {
  const int bits = 1 + s.data_bits + (s.parity == Parity::none ? 0 : 1) + s.stop_bits;
  return static_cast<Nanos>(bits) * kNanosPerSecond / s.baud;
}

std::string format_string(const SerialSettings& s) {
  const char parity = s.parity == Parity::none ? 'N' : s.parity == Parity::even ? 'E' : 'O';
  return std::to_string(s.data_bits) + parity + std::to_string(s.stop_bits);
}

}  // namespace pumprig
