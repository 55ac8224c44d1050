#include "rig/drivers/ne1000/ne1000_framer.hpp"

#include "rig/drivers/ne1000/ne1000_protocol.hpp"

namespace pumprig {

namespace {
constexpr char kStx = static_cast<char>(kNe1000Stx);
constexpr char kEtx = static_cast<char>(kNe1000Etx);
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

void Ne1000Framer::feed(std::span<const std::uint8_t> bytes) {
  buffer_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  while (cut_one()) {
  }
  // Frames and noise were consumed by moving head_; the bytes are removed once per feed, so a
  // chunk of noise costs linear time (erasing at the front per byte was quadratic). What stays
  // is at most one incomplete frame, shorter than max_frame_.
  buffer_.erase(0, head_);
  head_ = 0;
}

std::optional<std::string> Ne1000Framer::next() {
  if (frames_.empty()) return std::nullopt;
  std::string f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

void Ne1000Framer::drop_front(std::size_t n) {
  head_ += n;
  discarded_ += n;
}

void Ne1000Framer::take_frame(std::size_t n) {
  frames_.push_back(buffer_.substr(head_, n));
  head_ += n;
}

bool Ne1000Framer::cut_one() {
  // Anything before the first STX is line noise.
  const std::size_t stx = buffer_.find(kStx, head_);
  if (stx == std::string::npos) {
    drop_front(buffer_.size() - head_);
    return false;
  }
  if (stx > head_) drop_front(stx - head_);
  const std::string_view rest = std::string_view(buffer_).substr(head_);
  if (rest.size() < 2) return false;

  const bool safe = framing_ == Ne1000Framing::safe ||
                    (framing_ == Ne1000Framing::auto_detect && !is_digit(rest[1]));
  if (safe) {
    const std::size_t len = static_cast<std::uint8_t>(rest[1]);
    if (len < 4 || len + 1 > max_frame_) {  // cannot be a LEN byte: this STX was noise
      drop_front(1);
      return true;
    }
    if (rest.size() < len + 1) return false;
    if (rest[len] != kEtx) {  // wrong length or a false STX: resynchronise on the next STX
      drop_front(1);
      return true;
    }
    take_frame(len + 1);
    return true;
  }

  // Basic: up to the first ETX; a second STX before it means the first frame was cut short.
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == kEtx) {
      take_frame(i + 1);
      return true;
    }
    if (rest[i] == kStx) {
      drop_front(i);
      return true;
    }
    if (i + 1 >= max_frame_) {
      drop_front(i + 1);
      return true;
    }
  }
  return false;
}

}  // namespace pumprig
