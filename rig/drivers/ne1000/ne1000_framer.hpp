#pragma once
// Cuts NE-1000 reply frames out of a byte stream. Every reply starts with STX and ends with ETX:
//   basic mode: STX <addr 2 digits> <prompt> [data] ETX
//   safe mode:  STX LEN <addr> <prompt> [data] CRC_hi CRC_lo ETX, LEN = len(payload) + 4
// In safe mode a CRC byte may equal ETX (or STX), so the end is found from LEN, never by scanning
// for ETX. Frames are returned whole (STX..ETX) so the parser can check length and CRC; bytes that
// cannot belong to a frame are dropped and counted.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rig/drivers/framer.hpp"

namespace pumprig {

enum class Ne1000Framing {
  basic,        // STX ... ETX
  safe,         // STX LEN ... (LEN bytes counted from LEN itself, the last one ETX)
  auto_detect,  // per frame: a digit after STX is a basic reply's address, anything else is LEN.
                // Unambiguous for replies: a safe reply would need a 44..53 byte payload for its
                // LEN to look like a digit, and no NE-1000 reply is longer than about 20 bytes.
};

class Ne1000Framer final : public Framer {
 public:
  explicit Ne1000Framer(Ne1000Framing framing = Ne1000Framing::auto_detect, std::size_t max_frame = 64)
      : framing_(framing), max_frame_(max_frame) {}
  void feed(std::span<const std::uint8_t> bytes) override;
  std::optional<std::string> next() override;
  std::size_t discarded() const override { return discarded_; }
  // Bytes held between feeds: at most one incomplete frame (< max_frame), whatever arrives.
  std::size_t buffered() const { return buffer_.size(); }
  void reset() override {
    buffer_.clear();
    head_ = 0;
    frames_.clear();
  }
  void set_framing(Ne1000Framing f) { framing_ = f; }
  Ne1000Framing framing() const { return framing_; }

 private:
  // Cuts as many frames as the buffer holds; false when more bytes are needed.
  bool cut_one();
  void drop_front(std::size_t n);            // noise: skipped and counted
  void take_frame(std::size_t n);            // the next n bytes are a frame

  Ne1000Framing framing_;
  std::size_t max_frame_;
  std::string buffer_;
  std::size_t head_ = 0;  // bytes of buffer_ already consumed in this feed()
  std::deque<std::string> frames_;
  std::size_t discarded_ = 0;
};

}  // namespace pumprig
