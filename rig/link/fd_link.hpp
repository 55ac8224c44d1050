#pragma once
// The part that TtyLink and SerialPortLink share: watching a file descriptor on the event loop,
// reading what arrives, and queueing writes that the OS cannot take yet (non-blocking I/O, so a
// slow port never stalls the loop). The queue is bounded: an other end that stops reading must
// not make this process grow without limit.
#include <cstdint>
#include <functional>
#include <optional>

#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class FdLink : public Link {
 public:
  ~FdLink() override;
  void close() override;
  bool is_open() const override { return fd_ >= 0; }
  void write(std::span<const std::uint8_t> bytes) override;
  void on_receive(ReceiveFn fn) override { receive_ = std::move(fn); }
  void on_error(ErrorFn fn) override { error_ = std::move(fn); }
  bool in_process() const override { return false; }
  using Link::write;

  // What happens to a write that would take the queue past its limit:
  //   fail: the link fails ("the other end does not read", through on_error). A controller's
  //         instrument that takes no commands is a lost instrument; nothing is dropped silently.
  //   drop: the whole write is dropped and counted, with a notice when dropping starts and one
  //         when the other end reads again (a simulated instrument whose client stalled: on a
  //         real serial line those bytes are lost too).
  enum class Overflow { fail, drop };
  static constexpr std::size_t kDefaultMaxPending = 64 * 1024;
  void set_write_limit(std::size_t max_pending, Overflow policy) {
    max_pending_ = max_pending;
    overflow_ = policy;
  }
  void on_notice(std::function<void(const std::string&)> fn) { notice_ = std::move(fn); }
  std::size_t pending_bytes() const { return pending_.size(); }
  std::uint64_t dropped_bytes() const { return dropped_bytes_; }

 protected:
  explicit FdLink(EventLoop& loop) : loop_(loop) {}
  // Subclasses open their device, then hand over the fd to watch.
  void attach(int fd);
  // Raw non-blocking I/O; return bytes moved, 0 for "would block", -1 with errno on failure.
  virtual long raw_read(std::uint8_t* buf, std::size_t n) = 0;
  virtual long raw_write(const std::uint8_t* buf, std::size_t n) = 0;
  virtual void release() = 0;  // close the device (fd_ already detached from the loop)
  void fail(const std::string& message);

  EventLoop& loop_;
  int fd_ = -1;

 private:
  void on_ready(short revents);
  void flush();
  void update_watch();

  std::optional<WatchId> watch_;
  short watched_events_ = 0;
  Bytes pending_;
  std::size_t max_pending_ = kDefaultMaxPending;
  Overflow overflow_ = Overflow::fail;
  std::uint64_t dropped_bytes_ = 0;
  std::uint64_t dropped_in_spell_ = 0;  // since a write was last accepted
  std::function<void(const std::string&)> notice_;
  ReceiveFn receive_;
  ErrorFn error_;
};

}  // namespace pumprig
