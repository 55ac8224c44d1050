#include "rig/record/atomic_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // rename(2)
#include <string>

#include "rig/record/line_file.hpp"
#include "rig/record/os_error.hpp"
#include "rig/record/random_id.hpp"

namespace pumprig {

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  // Same directory, so rename(2) is atomic (same file system); the dot hides it from listings
  // and the pid plus random suffix keeps concurrent writers apart.
  const std::filesystem::path tmp =
      dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + random_hex_id(4));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw_os_error(errno, "cannot create", tmp);
  try {
    write_all(fd, contents, path);
    if (::fsync(fd) != 0) throw_os_error(errno, "cannot fsync", path);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0 && errno != EINTR) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw_os_error(err, "cannot close", path);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw_os_error(err, "cannot rename temp file onto", path);
  }
  fsync_directory(dir);
}

}  // namespace pumprig
