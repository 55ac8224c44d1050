// NE-1000 replies in safe framing (STX LEN payload CRC_hi CRC_lo ETX), as the pump driver sees them.
// The payload parser is also run on the input wrapped in a valid frame, so the fuzzer reaches it
// without having to forge CRCs.
#include "fuzz/ne1000_reply_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  const std::span<const std::uint8_t> bytes(data, size);
  fuzz::fuzz_ne1000_replies(Ne1000Framing::safe, true, bytes);
  if (size <= 250) {
    const Bytes framed = encode_ne1000_safe_frame(std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::fuzz_ne1000_replies(Ne1000Framing::safe, true, framed);
  }
  return 0;
}
