#pragma once
// Helpers shared by the fuzz targets: reading a few option bytes off the front of an input,
// feeding a byte stream in the chunk sizes a serial port might deliver, and a property check that
// aborts (which libFuzzer and the replayer report as a crash with the input saved).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig::fuzz {

// Every complete frame a line framer holds now (any framer whose next() gives an optional string).
template <typename Framer>
std::vector<std::string> frames_of(Framer& framer) {
  std::vector<std::string> out;
  while (auto f = framer.next()) out.push_back(std::move(*f));
  return out;
}

// The input, consumed from the front: option bytes first, the rest is the payload.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  // The next byte, 0 once the input is used up (so every input is valid).
  std::uint8_t byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  std::span<const std::uint8_t> rest() const { return {data_, size_}; }
  std::string_view rest_text() const { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

// Feeds `bytes` to `feed` in chunks of 1, 2, 3 ... 13 bytes and round again: reads split anywhere.
template <typename Feed>
void feed_in_chunks(std::span<const std::uint8_t> bytes, Feed&& feed) {
  std::size_t chunk = 1;
  while (!bytes.empty()) {
    const std::size_t n = chunk < bytes.size() ? chunk : bytes.size();
    feed(bytes.first(n));
    bytes = bytes.subspan(n);
    chunk = chunk % 13 + 1;
  }
}

// A broken property is a finding like a crash: say which, and abort so the input is kept.
inline void require(bool ok, const char* property) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", property);
    std::abort();
  }
}

}  // namespace pumprig::fuzz
