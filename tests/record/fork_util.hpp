#pragma once
// Runs a function in a forked child (for resource limits and SIGKILL tests that must not
// affect the test process) and hands back what it wrote to a pipe and its exit status.
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace pumprig::test {

struct ChildResult {
  int exit_code = -1;  // -1 if it did not exit normally
  std::string output;  // what the child wrote to its report fd
};

// `body(report_fd)` runs in the child; its return value becomes the exit code. The child never
// returns into the test framework: it leaves with _exit.
inline ChildResult run_in_child(const std::function<int(int report_fd)>& body) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    int code = 99;
    try {
      code = body(fds[1]);
    } catch (...) {
      code = 98;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  ChildResult r;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    r.output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

inline void report(int fd, const std::string& text) {
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace pumprig::test
