// Harvard Ultra replies as the pump driver sees them: framer, reply parser and the line parsers
// (status, rate, volume, diameter, version). Frames must not depend on how reads are split, every
// frame the framer cuts must parse as a reply (it ends in a prompt and holds only text), and the
// framer holds at most one incomplete frame.
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/harvard/harvard_framer.hpp"
#include "rig/drivers/harvard/harvard_protocol.hpp"

namespace {

std::vector<std::string> frames_of(pumprig::HarvardFramer& f) {
  std::vector<std::string> out;
  while (auto fr = f.next()) out.push_back(std::move(*fr));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  const std::span<const std::uint8_t> bytes(data, size);
  HarvardFramer whole;
  whole.feed(bytes);
  const auto frames = frames_of(whole);
  HarvardFramer split;
  std::vector<std::string> split_frames;
  fuzz::feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
    split.feed(chunk);
    for (auto& f : frames_of(split)) split_frames.push_back(std::move(f));
  });
  fuzz::require(frames == split_frames, "Harvard frames do not depend on how reads are split");
  fuzz::require(whole.buffered() <= 512, "the Harvard framer holds at most one incomplete frame");
  for (const auto& f : frames) {
    const auto r = parse_harvard_reply(f);
    fuzz::require(r.has_value(), "every frame the Harvard framer cuts is a reply");
    (void)harvard_prompt_text(r->prompt);
    (void)describe(r->error);
    for (const auto& line : r->lines) {
      (void)parse_harvard_status(line);
      (void)parse_harvard_rate_ml_h(line);
      (void)parse_harvard_volume_ml(line);
      (void)parse_harvard_diameter_mm(line);
      (void)parse_harvard_version(line);
    }
  }
  // The raw input as one line too: the parsers take any text.
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)parse_harvard_status(text);
  (void)parse_harvard_rate_ml_h(text);
  (void)parse_harvard_reply(text);
  return 0;
}
