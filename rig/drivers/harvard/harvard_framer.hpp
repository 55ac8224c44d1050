#pragma once
// Cuts Harvard Ultra replies out of a byte stream. A reply has no end byte of its own: it ends
// with the prompt (`:`, `>`, `<`, `*`, `T*`, perhaps after an address) standing alone after the
// last line end, so the frame is complete the moment the text after the last CR or LF is a whole
// prompt. Prompt characters never begin a text line, so a partial line cannot pass for one.
// Bytes that are not printable ASCII, CR or LF are line noise: dropped and counted. A frame that
// grows past `max_frame` without a prompt is noise too.
#include <cstddef>
#include <deque>
#include <string>

#include "rig/drivers/framer.hpp"

namespace pumprig {

class HarvardFramer final : public Framer {
 public:
  explicit HarvardFramer(std::size_t max_frame = 512) : max_frame_(max_frame) {}
  void feed(std::span<const std::uint8_t> bytes) override;
  std::optional<std::string> next() override;
  std::size_t discarded() const override { return discarded_; }
  std::size_t buffered() const { return buffer_.size(); }
  void reset() override {
    buffer_.clear();
    frames_.clear();
  }

 private:
  std::size_t max_frame_;
  std::string buffer_;
  std::deque<std::string> frames_;
  std::size_t discarded_ = 0;
};

}  // namespace pumprig
