#pragma once
// The part that TtyLink and SerialPortLink share: watching a file descriptor on the event loop,
// reading what arrives, and queueing writes that the OS cannot take yet (non-blocking I/O, so a
// slow port never stalls the loop).
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
  ReceiveFn receive_;
  ErrorFn error_;
};

}  // namespace pumprig
