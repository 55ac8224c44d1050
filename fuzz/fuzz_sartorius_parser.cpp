// SBI lines as the Sartorius driver sees them: a byte stream cut into lines by the driver's
// framer, each line parsed as a reading and as identity text. Properties: frames are 7-bit clean
// whatever arrives, frames do not depend on how the stream was split into reads, and a line is
// never both a reading and identity text (the driver tells stream lines from replies by that).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/sartorius/sartorius_parser.hpp"

using namespace pumprig;

namespace {

void use(const std::string_view line) {
  const SbiReading r = parse_sbi_line(line);
  (void)to_string(r.kind);
  if (r.kind == SbiKind::weight) {
    fuzz::require(std::isfinite(r.value), "SBI weights are finite numbers");
    fuzz::require(r.stable == !r.unit.empty(), "stable exactly when the unit field is filled in");
    (void)sbi_to_grams(r.value, r.unit);
  }
  if (r.kind != SbiKind::malformed) fuzz::require(!sbi_text(line), "a reading is never identity text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  use(std::string_view(reinterpret_cast<const char*>(data), size));  // a "line" no framer would deliver

  SbiLineFramer whole;
  whole.feed(bytes);
  const auto frames = fuzz::frames_of(whole);
  SbiLineFramer split;
  std::vector<std::string> split_frames;
  fuzz::feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
    split.feed(chunk);
    for (auto& f : fuzz::frames_of(split)) split_frames.push_back(std::move(f));
  });
  fuzz::require(frames == split_frames, "SBI frames do not depend on how reads are split");
  for (const auto& f : frames) {
    for (unsigned char c : f) fuzz::require(c < 0x80, "SBI frames are 7-bit clean");
    use(f);
  }
  return 0;
}
