#include "rig/record/line_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "rig/record/os_error.hpp"

namespace pumprig {

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_os_error(errno, "cannot write", path);
    }
    // A regular file never returns 0 for a non-empty write; treat it as an I/O error rather
    // than spin forever.
    if (n == 0) throw_os_error(EIO, "cannot write", path);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_os_error(errno, "cannot open directory", dir);
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    throw_os_error(err, "cannot fsync directory", dir);
  }
  ::close(fd);
}

LineFile::LineFile(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_os_error(errno, "cannot open", path_);
}

LineFile::~LineFile() {
  if (fd_ >= 0) ::close(fd_);
}

LineFile::LineFile(LineFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      dirty_(std::exchange(other.dirty_, false)),
      failed_(std::exchange(other.failed_, false)),
      lines_(std::exchange(other.lines_, 0)),
      buf_(std::move(other.buf_)) {}

LineFile& LineFile::operator=(LineFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    dirty_ = std::exchange(other.dirty_, false);
    failed_ = std::exchange(other.failed_, false);
    lines_ = std::exchange(other.lines_, 0);
    buf_ = std::move(other.buf_);
  }
  return *this;
}

void LineFile::append_line(std::string_view line) {
  if (fd_ < 0) throw std::logic_error("append to closed file " + path_.string());
  if (std::memchr(line.data(), '\n', line.size()) != nullptr)
    throw std::invalid_argument("line for " + path_.string() + " contains a newline");
  // Build the whole line first so it leaves in one write(2): a kill can then only tear the
  // last line, never interleave or split earlier ones.
  buf_.assign(line);
  buf_.push_back('\n');
  if (failed_) throw std::runtime_error("cannot append to " + path_.string() + ": an earlier write failed");
  dirty_ = true;  // set before writing: a partial write still needs syncing
  try {
    write_all(fd_, buf_, path_);
  } catch (...) {
    failed_ = true;
    throw;
  }
  ++lines_;
}

bool LineFile::sync() {
  if (fd_ < 0 || !dirty_) return false;
  // fdatasync also flushes the file size, which is all the metadata an appended file needs.
  if (::fdatasync(fd_) != 0) throw_os_error(errno, "cannot fsync", path_);
  dirty_ = false;
  return true;
}

void LineFile::close() {
  if (fd_ < 0) return;
  sync();
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0 && errno != EINTR) throw_os_error(errno, "cannot close", path_);
}

}  // namespace pumprig
