#pragma once
// The instrument end of a pseudo-terminal: a simulated instrument talks on the master side, and
// an outside program (pumprig, a terminal emulator, `pumprig probe`) opens the slave path
// (/dev/pts/N) as if it were the instrument's serial port.
//
// Clients come and go. While no program has the slave open, Linux reports POLLHUP on the master
// and a read gives EIO; that is "cable unplugged", not an error: the pty is kept, bytes the
// instrument sends meanwhile are dropped (as they would be on an unplugged serial line), what
// the last client left unread is flushed so the next one does not read stale replies, and a
// timer looks for the next client every `client_check` (loop time) until one opens the slave.
// Needs a loop on a steady clock (the master is a real file descriptor).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/event_loop.hpp"
#include "rig/link/fd_link.hpp"

namespace pumprig::sim {

class PtyMasterLink final : public Link {
 public:
  // `name` is for messages ("balance-1"). `client_check` is in loop time: scale it with the
  // clock's speed to keep the real-time check interval (default 20 ms at speed 1).
  PtyMasterLink(EventLoop& loop, std::string name, Nanos client_check = milliseconds(20));
  ~PtyMasterLink() override;

  // Creates the pty (raw mode, so no echo or line editing between instrument and client).
  // Throws std::runtime_error when the OS has no pty to give.
  void open() override;
  // Closes the master: the pty disappears and a client sees its port hang up.
  void close() override;
  bool is_open() const override { return master_fd_ >= 0; }
  // Dropped while no client has the slave open.
  void write(std::span<const std::uint8_t> bytes) override;
  void on_receive(ReceiveFn fn) override { receive_ = std::move(fn); }
  void on_error(ErrorFn fn) override { error_ = std::move(fn); }
  bool in_process() const override { return false; }
  std::string describe() const override;
  using Link::write;

  // What outside programs open, e.g. "/dev/pts/7"; empty before open().
  const std::string& slave_path() const { return slave_path_; }
  bool client_connected() const;
  // How often a client opened the slave (a client counted once per open seen).
  int clients_seen() const { return clients_seen_; }
  // Told when a client opens the slave (true) and when it is gone (false), for the console.
  void on_client_change(std::function<void(bool connected)> fn) { client_change_ = std::move(fn); }
  // A client that keeps the slave open but stops reading: the instrument's output piles up to
  // FdLink::kDefaultMaxPending bytes, then further writes are dropped and counted (as on a real
  // line nobody reads), with a notice when that starts and when the client reads again.
  void on_notice(std::function<void(const std::string&)> fn) { notice_ = std::move(fn); }
  std::uint64_t dropped_bytes() const;

 private:
  class Session;  // the FdLink that does the non-blocking I/O while a client is there

  void on_session_error(const std::string& message);
  void client_left();
  void check_for_client();
  void schedule_check();
  void drain_master();
  void flush_slave_input();

  EventLoop& loop_;
  std::string name_;
  Nanos client_check_;
  int master_fd_ = -1;
  std::string slave_path_;
  std::unique_ptr<Session> session_;
  TimerId check_timer_ = 0;
  int clients_seen_ = 0;
  ReceiveFn receive_;
  ErrorFn error_;
  std::function<void(bool)> client_change_;
  std::function<void(const std::string&)> notice_;
};

}  // namespace pumprig::sim
