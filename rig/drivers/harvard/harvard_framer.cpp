#include "rig/drivers/harvard/harvard_framer.hpp"

#include "rig/drivers/harvard/harvard_protocol.hpp"

namespace pumprig {

void HarvardFramer::feed(std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    if (b != '\r' && b != '\n' && (b < 0x20 || b > 0x7E)) {
      ++discarded_;
      continue;
    }
    buffer_.push_back(static_cast<char>(b));
    const auto last_end = buffer_.find_last_of("\r\n");
    const std::string_view tail =
        last_end == std::string::npos ? std::string_view(buffer_) : std::string_view(buffer_).substr(last_end + 1);
    // `T` alone is not a prompt yet (it may become `T*`), nor is a bare address.
    if (!tail.empty() && parse_harvard_prompt(tail)) {
      frames_.push_back(std::move(buffer_));
      buffer_.clear();
    } else if (buffer_.size() > max_frame_) {
      discarded_ += buffer_.size();
      buffer_.clear();
    }
  }
}

std::optional<std::string> HarvardFramer::next() {
  if (frames_.empty()) return std::nullopt;
  std::string f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

}  // namespace pumprig
