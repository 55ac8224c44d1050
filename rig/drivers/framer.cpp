#include "rig/drivers/framer.hpp"

namespace pumprig {

void LineFramer::feed(std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    if (b == '\n') {
      if (overlong_) {
        discarded_ += partial_.size() + 1;
        overlong_ = false;
      } else {
        lines_.push_back(std::move(partial_));
      }
      partial_.clear();
    } else if (b == '\r') {
      // part of CR LF; a CR inside a line carries no meaning in line protocols
    } else {
      if (partial_.size() >= max_line_) {
        overlong_ = true;
        discarded_ += partial_.size();
        partial_.clear();
      }
      partial_.push_back(static_cast<char>(b));
    }
  }
}

std::optional<std::string> LineFramer::next() {
  if (lines_.empty()) return std::nullopt;
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

std::string printable_frame(std::string_view frame) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : frame) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') {
      out.push_back(c);
    } else if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace pumprig
