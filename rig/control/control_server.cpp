#include "rig/control/control_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "rig/control/unix_socket.hpp"
#include "rig/core/os_identity.hpp"

namespace pumprig::control {

namespace {

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string p = path.string();
  if (p.size() >= sizeof addr.sun_path)
    throw std::runtime_error(fmt::format("control socket path {} is {} bytes; a Unix socket path has at most {}", p,
                                         p.size(), sizeof addr.sun_path - 1));
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  return addr;
}

}  // namespace

ControlServer::ControlServer(std::filesystem::path path, ServerHandlers handlers, std::chrono::milliseconds tick_period,
                             std::size_t max_queue_bytes, bool start_now)
    : path_(std::move(path)), handlers_(std::move(handlers)), tick_period_(tick_period), max_queue_bytes_(max_queue_bytes) {
  const sockaddr_un addr = address_of(path_);
  std::error_code ec;
  const auto existing = std::filesystem::symlink_status(path_, ec);
  if (std::filesystem::exists(existing)) {
    // Only a socket nobody listens on (a crashed run's) is replaced; never any other file.
    if (existing.type() != std::filesystem::file_type::socket)
      throw std::runtime_error(fmt::format("cannot serve the control socket {}: a file that is no socket is there", path_.string()));
    // Something accepts there: a live run's socket, never taken over.
    if (const int fd = connect_unix_socket(path_); fd >= 0) {
      ::close(fd);
      throw std::runtime_error(fmt::format("control socket {} is in use by another run", path_.string()));
    }
    std::filesystem::remove(path_, ec);
  }
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(fmt::format("control socket: {}", std::strerror(errno)));
  // Owner only, from the first instant: the umask applies to bind's file, and chmod follows.
  const mode_t old_mask = ::umask(0177);
  const int bound = ::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int bind_errno = errno;
  ::umask(old_mask);
  if (bound != 0 || ::chmod(path_.c_str(), 0600) != 0 || ::listen(listen_fd_, 16) != 0) {
    const int e = bound != 0 ? bind_errno : errno;
    ::close(listen_fd_);
    if (bound == 0) std::filesystem::remove(path_, ec);
    throw std::runtime_error(fmt::format("cannot serve the control socket {}: {}", path_.string(), std::strerror(e)));
  }
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    const int e = errno;
    ::close(listen_fd_);
    std::filesystem::remove(path_, ec);
    throw std::runtime_error(fmt::format("cannot serve the control socket {}: eventfd: {}", path_.string(), std::strerror(e)));
  }
  if (start_now) start();
}

void ControlServer::start() {
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { serve(); });
}

void ControlServer::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

ControlServer::~ControlServer() {
  stop();
  for (auto& [id, c] : clients_) ::close(c.fd);
  ::close(listen_fd_);
  ::close(wake_fd_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void ControlServer::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void ControlServer::enqueue(Client& c, const std::shared_ptr<const std::string>& line) {
  if (!c.drop_reason.empty()) return;
  if (c.queued_bytes + line->size() > max_queue_bytes_) {
    c.drop_reason = fmt::format("it fell behind by more than {} MiB of unread messages", max_queue_bytes_ >> 20);
    return;
  }
  c.out.push_back(line);
  c.queued_bytes += line->size();
}

void ControlServer::send_to(ClientId client, std::string line, bool greeting) {
  line.push_back('\n');
  auto shared = std::make_shared<const std::string>(std::move(line));
  {
    std::lock_guard lock(mutex_);
    auto it = clients_.find(client);
    if (it == clients_.end()) return;
    enqueue(it->second, shared);
    if (greeting) it->second.greeted = true;
  }
  wake();
}

void ControlServer::send(ClientId client, std::string line) { send_to(client, std::move(line), false); }

void ControlServer::greet(ClientId client, std::string line) { send_to(client, std::move(line), true); }

void ControlServer::broadcast(std::string line) {
  line.push_back('\n');
  auto shared = std::make_shared<const std::string>(std::move(line));
  {
    std::lock_guard lock(mutex_);
    if (clients_.empty()) return;
    for (auto& [id, c] : clients_)
      if (c.greeted) enqueue(c, shared);
  }
  wake();
}

std::size_t ControlServer::client_count() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

void ControlServer::drain(std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    {
      std::lock_guard lock(mutex_);
      bool empty = true;
      for (const auto& [id, c] : clients_)
        if (!c.out.empty() && c.drop_reason.empty()) empty = false;
      if (empty) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ControlServer::accept_clients() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors: the listening socket stays readable, so it is left alone for a
      // moment instead of being polled in a tight loop.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        listen_paused_until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
      return;
    }
    if (clients_.size() >= kMaxClients) {
      ::close(fd);  // enough watchers: the run is not there to feed an unbounded crowd
      continue;
    }
    Client c;
    c.fd = fd;
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
      c.peer.uid = cred.uid;
      c.peer.pid = cred.pid;
    }
    c.peer.user = user_name(c.peer.uid);
    c.peer.id = next_id_++;
    clients_.emplace(c.peer.id, std::move(c));
  }
}

void ControlServer::read_from(Client& c) {
  char buf[16384];
  // At most kReadPerTurn per turn: a client that never stops writing cannot keep the lock (and so
  // the loop's messages) waiting.
  for (std::size_t got = 0; got < kReadPerTurn;) {
    const auto n = ::read(c.fd, buf, sizeof buf);
    if (n > 0) {
      c.in.append(buf, static_cast<std::size_t>(n));
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) {
      if (c.drop_reason.empty()) c.drop_reason = "closed";
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK && c.drop_reason.empty()) c.drop_reason = std::strerror(errno);
    return;
  }
}

void ControlServer::write_to(Client& c) {
  while (!c.out.empty()) {
    const std::string& front = *c.out.front();
    const auto n = ::send(c.fd, front.data() + c.offset, front.size() - c.offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK && c.drop_reason.empty()) c.drop_reason = std::strerror(errno);
      return;
    }
    c.offset += static_cast<std::size_t>(n);
    if (c.offset < front.size()) return;
    c.queued_bytes -= front.size();
    c.offset = 0;
    c.out.pop_front();
  }
}

void ControlServer::serve() {
  auto next_tick = std::chrono::steady_clock::now() + tick_period_;
  std::vector<pollfd> fds;
  std::vector<ClientId> ids;
  while (!stopping_) {
    fds.clear();
    ids.clear();
    const bool listening = std::chrono::steady_clock::now() >= listen_paused_until_;
    fds.push_back({listening ? listen_fd_ : -1, POLLIN, 0});
    fds.push_back({wake_fd_, POLLIN, 0});
    {
      std::lock_guard lock(mutex_);
      for (const auto& [id, c] : clients_) {
        fds.push_back({c.fd, static_cast<short>(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0});
        ids.push_back(id);
      }
    }
    const auto now = std::chrono::steady_clock::now();
    const int timeout =
        now >= next_tick ? 0 : static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - now).count()) + 1;
    ::poll(fds.data(), fds.size(), timeout);
    if (fds[1].revents & POLLIN) {
      std::uint64_t v;
      [[maybe_unused]] auto n = ::read(wake_fd_, &v, sizeof v);
    }

    // The I/O under the lock (it never blocks); the handlers after it, so they may send.
    std::vector<Peer> connected;
    std::vector<std::pair<Peer, std::string>> lines;
    std::vector<std::pair<Peer, std::string>> gone;
    {
      std::lock_guard lock(mutex_);
      if (fds[0].revents & POLLIN) {
        const ClientId first_new = next_id_;
        accept_clients();
        for (ClientId id = first_new; id < next_id_; ++id) connected.push_back(clients_.at(id).peer);
      }
      for (std::size_t i = 0; i < ids.size(); ++i) {
        auto it = clients_.find(ids[i]);
        if (it == clients_.end()) continue;
        Client& c = it->second;
        const short re = fds[i + 2].revents;
        if (re & (POLLIN | POLLHUP | POLLERR)) read_from(c);
        std::size_t nl;
        while ((nl = c.in.find('\n')) != std::string::npos) {
          lines.emplace_back(c.peer, c.in.substr(0, nl));
          c.in.erase(0, nl + 1);
        }
        if (c.drop_reason == "closed" && !c.in.empty()) {  // the last command, without its newline
          lines.emplace_back(c.peer, std::move(c.in));
          c.in.clear();
        }
        // What is left is one unfinished line: bounded, whatever came before its start.
        if (c.in.size() > kMaxLineBytes && c.drop_reason.empty())
          c.drop_reason = fmt::format("it sent a line longer than {} bytes", kMaxLineBytes);
      }
      // Writes for everyone with something queued (also what was queued since poll()).
      for (auto& [id, c] : clients_)
        if (!c.out.empty() && c.drop_reason.empty()) write_to(c);
      for (auto it = clients_.begin(); it != clients_.end();) {
        if (it->second.drop_reason.empty()) {
          ++it;
          continue;
        }
        gone.emplace_back(it->second.peer, it->second.drop_reason);
        if (it->second.drop_reason != "closed" && handlers_.farewell) {
          // Best effort, never waited for: the client may learn why it was dropped.
          const std::string bye = handlers_.farewell(it->second.drop_reason) + "\n";
          [[maybe_unused]] auto n = ::send(it->second.fd, bye.data(), bye.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        ::close(it->second.fd);
        it = clients_.erase(it);
      }
    }
    for (const Peer& p : connected)
      if (handlers_.connected) handlers_.connected(p);
    for (const auto& [peer, line] : lines)
      if (handlers_.line) handlers_.line(peer, line);
    for (const auto& [peer, why] : gone)
      if (handlers_.disconnected) handlers_.disconnected(peer, why);
    if (std::chrono::steady_clock::now() >= next_tick) {
      next_tick = std::chrono::steady_clock::now() + tick_period_;
      if (handlers_.tick) handlers_.tick();
    }
  }
}

}  // namespace pumprig::control
