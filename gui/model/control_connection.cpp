#include "gui/model/control_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstring>

#include "rig/control/unix_socket.hpp"

namespace pumprig::gui {

namespace {

int connect_to(const std::filesystem::path& path) {
  const int fd = control::connect_unix_socket(path);
  if (fd < 0) return -1;
  // A controller that stops reading must not freeze the GUI thread that sends a command.
  timeval limit{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  return fd;
}

}  // namespace

std::vector<std::filesystem::path> live_sockets(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".sock") continue;
    const int fd = connect_to(entry.path());
    if (fd < 0) continue;
    ::close(fd);
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ControlConnection::ControlConnection(std::filesystem::path socket, LiveRun& run)
    : socket_(std::move(socket)), run_(run), thread_([this] { serve(); }) {}

ControlConnection::~ControlConnection() {
  stopping_ = true;
  {
    std::lock_guard lock(write_mutex_);
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
  }
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

bool ControlConnection::send(const nlohmann::json& command) {
  std::lock_guard lock(write_mutex_);
  if (fd_ < 0) return false;
  const std::string line = command.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const auto n = ::send(fd_, line.data() + done, line.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void ControlConnection::serve() {
  // The run may still be starting: try for a while before giving up.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int fd = -1;
  run_.set_connection("connecting to " + socket_.string(), false);
  while (!stopping_ && (fd = connect_to(socket_)) < 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (fd < 0) {
    run_.set_connection("cannot connect to " + socket_.string(), false);
    return;
  }
  {
    std::lock_guard lock(write_mutex_);
    fd_ = fd;
  }
  send({{"type", "hello"}, {"client", "pumprig-gui"}});
  run_.set_connection("connected to " + socket_.string(), true);
  std::string buffer;
  char chunk[65536];
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const auto n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0, nl;
    while ((nl = buffer.find('\n', start)) != std::string::npos) {
      run_.apply_line(buffer.substr(start, nl - start));
      start = nl + 1;
    }
    buffer.erase(0, start);
  }
  run_.set_connection("the run ended its control channel", false);
}

}  // namespace pumprig::gui
