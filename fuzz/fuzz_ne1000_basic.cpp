// NE-1000 replies in basic framing (STX <addr> <prompt> [data] ETX), as the pump driver sees them.
#include "fuzz/ne1000_reply_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  pumprig::fuzz::fuzz_ne1000_replies(pumprig::Ne1000Framing::basic, false, bytes);
  // The driver's default: the framing is detected per frame.
  pumprig::fuzz::fuzz_ne1000_replies(pumprig::Ne1000Framing::auto_detect, false, bytes);
  return 0;
}
