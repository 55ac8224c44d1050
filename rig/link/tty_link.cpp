#include "rig/link/tty_link.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pumprig {

namespace {

speed_t to_speed(int baud) {
  switch (baud) {
    case 300: return B300;
    case 600: return B600;
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    default: throw std::invalid_argument("unsupported baud rate " + std::to_string(baud));
  }
}

long result_of(ssize_t n) {
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  return static_cast<long>(n);
}

}  // namespace

TtyLink::TtyLink(EventLoop& loop, std::string path, SerialSettings settings)
    : FdLink(loop), path_(std::move(path)), settings_(settings) {}

TtyLink::~TtyLink() { close(); }

std::string TtyLink::describe() const { return "tty:" + path_; }

void TtyLink::open() {
  if (is_open()) return;
  const int fd = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + describe() + ": " + std::strerror(errno));
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(describe() + " is not a terminal: " + std::strerror(err));
  }
  ::cfmakeraw(&tio);
  try {
    const speed_t speed = to_speed(settings_.baud);
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
  } catch (...) {
    ::close(fd);
    throw;
  }
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag |= settings_.data_bits == 7 ? CS7 : settings_.data_bits == 6 ? CS6 : settings_.data_bits == 5 ? CS5 : CS8;
  if (settings_.parity != Parity::none) tio.c_cflag |= PARENB | (settings_.parity == Parity::odd ? PARODD : 0);
  if (settings_.stop_bits == 2) tio.c_cflag |= CSTOPB;
  if (settings_.flow == FlowControl::rtscts) tio.c_cflag |= CRTSCTS;
  if (settings_.flow == FlowControl::xonxoff) tio.c_iflag |= IXON | IXOFF;
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error("cannot configure " + describe() + ": " + std::strerror(err));
  }
  attach(fd);
}

long TtyLink::raw_read(std::uint8_t* buf, std::size_t n) { return result_of(::read(fd_, buf, n)); }
long TtyLink::raw_write(const std::uint8_t* buf, std::size_t n) { return result_of(::write(fd_, buf, n)); }
void TtyLink::release() { ::close(fd_); }

}  // namespace pumprig
