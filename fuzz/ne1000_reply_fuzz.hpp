#pragma once
// The NE-1000 reply path shared by the basic and safe framing targets: framer, reply parser and
// the data parsers, with the property that frames do not depend on how reads are split.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/ne1000/ne1000_framer.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"

namespace pumprig::fuzz {

inline std::vector<std::string> ne1000_frames(Ne1000Framer& framer) {
  std::vector<std::string> out;
  while (auto f = framer.next()) out.push_back(std::move(*f));
  return out;
}

inline void use_ne1000_reply(const Ne1000Reply& r) {
  if (r.kind != Ne1000ReplyKind::ok) return;
  (void)ne1000_prompt_char(r.prompt);
  (void)to_string(r.prompt);
  (void)ne1000_alarm_text(r.alarm);
  (void)ne1000_alarm_code(r.alarm);
  (void)describe(r.error);
  (void)parse_ne1000_version(r.data);
  (void)parse_ne1000_quantity(r.data);
  (void)parse_ne1000_dispensed(r.data);
  (void)parse_ne1000_number(r.data);
}

inline void fuzz_ne1000_replies(Ne1000Framing framing, bool safe_mode, std::span<const std::uint8_t> bytes) {
  Ne1000Framer whole(framing);
  whole.feed(bytes);
  const auto frames = ne1000_frames(whole);
  Ne1000Framer split(framing);
  std::vector<std::string> split_frames;
  feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
    split.feed(chunk);
    for (auto& f : ne1000_frames(split)) split_frames.push_back(std::move(f));
  });
  require(frames == split_frames, "NE-1000 frames do not depend on how reads are split");
  for (const auto& f : frames) {
    const bool safe = framing == Ne1000Framing::auto_detect ? is_ne1000_safe_frame(f) : safe_mode;
    use_ne1000_reply(parse_ne1000_reply(f, safe));
  }
}

}  // namespace pumprig::fuzz
