// Rig I/O board lines as the board driver sees them: a byte stream cut by a LineFramer, each line
// parsed. Property: the frames do not depend on how the stream was split into reads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/framer.hpp"
#include "rig/drivers/rigio/rigio_parser.hpp"

using namespace pumprig;

namespace {

void use(const RigIoReply& r) {
  (void)to_string(r.kind);
  if (r.kind == RigIoKind::error) (void)describe_rigio_error(r.error_code);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  use(parse_rigio_line(text));
  (void)rigio_reply_kind(text.substr(0, text.find(' ')));

  LineFramer whole;
  whole.feed(bytes);
  const auto frames = fuzz::frames_of(whole);
  LineFramer split;
  std::vector<std::string> split_frames;
  fuzz::feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
    split.feed(chunk);
    for (auto& f : fuzz::frames_of(split)) split_frames.push_back(std::move(f));
  });
  fuzz::require(frames == split_frames, "rig I/O frames do not depend on how reads are split");
  for (const auto& f : frames) use(parse_rigio_line(f));
  return 0;
}
