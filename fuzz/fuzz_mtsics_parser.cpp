// MT-SICS replies as the balance driver sees them: a byte stream cut into lines by the driver's
// framer, each line parsed. Properties: frames are 7-bit clean whatever arrives, and the frames do
// not depend on how the stream was split into reads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/mtsics/mtsics_parser.hpp"

using namespace pumprig;

namespace {

void use(const MtsicsReply& r) {
  (void)to_string(r.kind);
  if (r.kind == MtsicsKind::weight) (void)mtsics_to_grams(r.value, r.unit);
  if (r.kind == MtsicsKind::general_error) (void)describe_mtsics_error(r.error);
  if (!r.id.empty()) (void)mtsics_reply_id(r.id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  // The parser alone, on a "line" no framer would deliver (NUL, CR, LF inside).
  use(parse_mtsics_line(std::string_view(reinterpret_cast<const char*>(data), size)));

  MtsicsLineFramer whole;
  whole.feed(bytes);
  const auto frames = fuzz::frames_of(whole);
  MtsicsLineFramer split;
  std::vector<std::string> split_frames;
  fuzz::feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
    split.feed(chunk);
    for (auto& f : fuzz::frames_of(split)) split_frames.push_back(std::move(f));
  });
  fuzz::require(frames == split_frames, "MT-SICS frames do not depend on how reads are split");
  for (const auto& f : frames) {
    for (unsigned char c : f) fuzz::require(c < 0x80, "MT-SICS frames are 7-bit clean");
    use(parse_mtsics_line(f));
    (void)printable_frame(f);
  }
  return 0;
}
