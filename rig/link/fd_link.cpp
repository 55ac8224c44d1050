#include "rig/link/fd_link.hpp"

#include <poll.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace pumprig {

FdLink::~FdLink() = default;  // subclasses close in their destructors (release() is virtual)

void FdLink::attach(int fd) {
  fd_ = fd;
  update_watch();
}

void FdLink::close() {
  if (watch_) loop_.unwatch(*watch_);
  watch_.reset();
  watched_events_ = 0;
  pending_.clear();
  if (dropped_in_spell_ > 0 && notice_)
    notice_(fmt::format("closed; {} bytes of output were dropped while the other end did not read", dropped_in_spell_));
  dropped_in_spell_ = 0;
  if (fd_ >= 0) release();
  fd_ = -1;
}

void FdLink::write(std::span<const std::uint8_t> bytes) {
  if (fd_ < 0) return;
  // An empty queue takes any one write (the limit bounds what piles up, not a write's size).
  const auto over = [&] { return !pending_.empty() && pending_.size() + bytes.size() > max_pending_; };
  if (over()) flush();  // the OS may have taken some meanwhile
  if (fd_ < 0) return;
  if (over()) {
    if (overflow_ == Overflow::fail) {
      fail(fmt::format("the other end does not read: {} bytes would wait to be sent (limit {})",
                       pending_.size() + bytes.size(), max_pending_));
      return;
    }
    dropped_bytes_ += bytes.size();
    if (dropped_in_spell_ == 0 && notice_)
      notice_(fmt::format("the other end does not read ({} bytes waiting): output is dropped until it reads again",
                          pending_.size()));
    dropped_in_spell_ += bytes.size();
    return;
  }
  if (dropped_in_spell_ > 0) {
    if (notice_) notice_(fmt::format("the other end reads again; {} bytes of output were dropped", dropped_in_spell_));
    dropped_in_spell_ = 0;
  }
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  flush();
}

void FdLink::flush() {
  while (!pending_.empty() && fd_ >= 0) {
    const long n = raw_write(pending_.data(), pending_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(std::string("write failed: ") + std::strerror(errno));
      return;
    }
    if (n == 0) break;  // would block: wait for POLLOUT
    pending_.erase(pending_.begin(), pending_.begin() + n);
  }
  update_watch();
}

void FdLink::update_watch() {
  if (fd_ < 0) return;
  const short want = static_cast<short>(POLLIN | (pending_.empty() ? 0 : POLLOUT));
  if (watch_ && want == watched_events_) return;
  if (watch_) loop_.unwatch(*watch_);
  watch_ = loop_.watch_fd(fd_, want, [this](short revents) { on_ready(revents); });
  watched_events_ = want;
}

void FdLink::on_ready(short revents) {
  if (revents & POLLIN) {
    std::uint8_t buf[4096];
    for (;;) {
      const long n = raw_read(buf, sizeof buf);
      if (n > 0) {
        if (receive_) receive_(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
        if (fd_ < 0) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        fail(std::string("read failed: ") + std::strerror(errno));
        return;
      }
      break;
    }
  }
  if ((revents & POLLOUT) && fd_ >= 0) flush();
  if ((revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN) && fd_ >= 0)
    fail("the other end hung up");
}

void FdLink::fail(const std::string& message) {
  const std::string text = describe() + ": " + message;
  close();
  if (error_) error_(text);
}

}  // namespace pumprig
