#include "hardware/sim/pty_master_link.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pumprig::sim {

namespace {

long result_of(ssize_t n) {
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  return static_cast<long>(n);
}

short poll_now(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) < 0) return 0;
  return p.revents;
}

}  // namespace

// FdLink does the non-blocking reads and queued writes while a client is there. Its failure path
// (hang-up, EIO) closes it, which here only detaches it from the loop: the master belongs to the
// PtyMasterLink, which decides what a hang-up means.
class PtyMasterLink::Session final : public FdLink {
 public:
  Session(EventLoop& loop, PtyMasterLink& owner) : FdLink(loop), owner_(owner) {}
  ~Session() override { close(); }
  void open() override {}
  void start(int master_fd) { attach(master_fd); }
  std::string describe() const override { return owner_.describe(); }

 private:
  long raw_read(std::uint8_t* buf, std::size_t n) override { return result_of(::read(fd_, buf, n)); }
  long raw_write(const std::uint8_t* buf, std::size_t n) override { return result_of(::write(fd_, buf, n)); }
  void release() override {}

  PtyMasterLink& owner_;
};

PtyMasterLink::PtyMasterLink(EventLoop& loop, std::string name, Nanos client_check)
    : loop_(loop), name_(std::move(name)), client_check_(client_check > 0 ? client_check : milliseconds(20)) {}

PtyMasterLink::~PtyMasterLink() { close(); }

std::string PtyMasterLink::describe() const {
  return slave_path_.empty() ? "pty (" + name_ + ")" : "pty:" + slave_path_ + " (" + name_ + ")";
}

void PtyMasterLink::open() {
  if (is_open()) return;
  const int fd = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(name_ + ": cannot create a pseudo-terminal: " + std::strerror(errno));
  char path[128] = {};
  termios tio{};
  const auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(name_ + ": cannot set up the pseudo-terminal (" + what + "): " + std::strerror(err));
  };
  if (::grantpt(fd) != 0) fail("grantpt");
  if (::unlockpt(fd) != 0) fail("unlockpt");
  if (::ptsname_r(fd, path, sizeof path) != 0) fail("ptsname");
  if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) fail("non-blocking");
  // Termios calls on the master act on the slave's settings (Linux): raw, so a client that does
  // not set the port up itself still gets the bytes as sent, without echo back to the instrument.
  if (::tcgetattr(fd, &tio) != 0) fail("tcgetattr");
  ::cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) fail("tcsetattr");
  master_fd_ = fd;
  slave_path_ = path;
  session_ = std::make_unique<Session>(loop_, *this);
  session_->on_receive([this](std::span<const std::uint8_t> bytes) {
    if (receive_) receive_(bytes);
  });
  session_->on_error([this](const std::string& message) { on_session_error(message); });
  session_->set_write_limit(FdLink::kDefaultMaxPending, FdLink::Overflow::drop);
  session_->on_notice([this](const std::string& message) {
    if (notice_) notice_(message);
  });
  // A pty whose slave was never opened does not report POLLHUP, so "no client yet" would look
  // like a client that keeps quiet. Opening and closing the slave once puts the master into the
  // same hung-up state that every client's departure leaves, and the client check takes it from
  // there.
  client_left();
}

void PtyMasterLink::close() {
  loop_.cancel(check_timer_);
  check_timer_ = 0;
  if (session_) session_->close();
  session_.reset();
  if (master_fd_ >= 0) ::close(master_fd_);
  master_fd_ = -1;
}

bool PtyMasterLink::client_connected() const { return session_ && session_->is_open(); }

std::uint64_t PtyMasterLink::dropped_bytes() const { return session_ ? session_->dropped_bytes() : 0; }

void PtyMasterLink::write(std::span<const std::uint8_t> bytes) {
  if (client_connected()) session_->write(bytes);
}

void PtyMasterLink::on_session_error(const std::string& message) {
  // The session is detached. A hang-up (the usual case) is a client leaving; anything else is a
  // real fault worth reporting, after which the pty still waits for the next client.
  if (!(poll_now(master_fd_) & POLLHUP) && error_) error_(message);
  client_left();
  if (client_change_) client_change_(false);
}

void PtyMasterLink::client_left() {
  if (master_fd_ < 0) return;
  drain_master();
  flush_slave_input();
  schedule_check();
}

void PtyMasterLink::schedule_check() {
  loop_.cancel(check_timer_);
  check_timer_ = loop_.schedule_after(client_check_, [this] {
    check_timer_ = 0;
    check_for_client();
  });
}

void PtyMasterLink::check_for_client() {
  if (master_fd_ < 0) return;
  const short revents = poll_now(master_fd_);
  if (revents & POLLHUP) {
    // A client that wrote and left between two checks (`printf 'STP\r' > /dev/pts/7`): the
    // instrument still gets what was sent, as it would on a real line.
    if (revents & POLLIN) drain_master();
    if (master_fd_ >= 0) schedule_check();
    return;
  }
  // A client is there (whatever it already wrote is read by the session, so replies reach it).
  ++clients_seen_;
  session_->start(master_fd_);
  if (client_change_) client_change_(true);
}

void PtyMasterLink::drain_master() {
  std::uint8_t buf[4096];
  while (master_fd_ >= 0) {
    const ssize_t n = ::read(master_fd_, buf, sizeof buf);
    if (n > 0) {
      if (receive_) receive_(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;  // EAGAIN: nothing more; EIO: no client and nothing left
  }
}

void PtyMasterLink::flush_slave_input() {
  // Replies the last client never read stay in the slave's input queue across close and reopen
  // (and a flush on the master does not reach them), so the next client would read them first.
  // Only a flush through the slave itself drops them. Opening it briefly also ends the "never
  // opened" state of a new pty.
  const int fd = ::open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  ::tcflush(fd, TCIFLUSH);
  ::close(fd);
}

}  // namespace pumprig::sim
