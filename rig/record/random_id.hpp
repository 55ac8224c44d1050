#pragma once
// Short random identifiers for run folders and temp files. They come from the kernel
// (getrandom), never from the simulation's seeded generator: drawing from that would shift
// every later simulated value and break the bit-for-bit reproducibility of seeded runs.
#include <cstddef>
#include <string>

namespace pumprig {

// 2 * `bytes` lowercase hex digits. Throws std::system_error if the kernel refuses.
std::string random_hex_id(std::size_t bytes = 3);

}  // namespace pumprig
