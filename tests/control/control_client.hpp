#pragma once
// A plain client of the control channel for the tests: connects to the Unix socket, sends lines,
// reads messages with a wall-time limit. Written against PROTOCOL.md, not against our classes.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace pumprig::test {

class ControlClient {
 public:
  // Waits up to `limit` for the socket to appear and accept.
  explicit ControlClient(const std::filesystem::path& path, std::chrono::milliseconds limit = std::chrono::milliseconds(10000)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
      if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return;
      ::close(fd_);
      fd_ = -1;
      if (std::chrono::steady_clock::now() > until) throw std::runtime_error("cannot connect to " + path.string());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~ControlClient() { close(); }
  ControlClient(const ControlClient&) = delete;
  ControlClient& operator=(const ControlClient&) = delete;

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      done += static_cast<std::size_t>(n);
    }
  }
  void send(const nlohmann::json& message) { send_raw(message.dump() + "\n"); }

  // The next message, or nullopt at the end of the stream or after `limit`.
  std::optional<nlohmann::json> next(std::chrono::milliseconds limit = std::chrono::milliseconds(20000)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return nlohmann::json::parse(line);
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
      if (left <= 0 || fd_ < 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[65536];
      const auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Skips messages until one of `type` (nullopt when the stream ends first).
  std::optional<nlohmann::json> next_of(const std::string& type, std::chrono::milliseconds limit = std::chrono::milliseconds(30000)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      auto m = next(std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()));
      if (!m) return std::nullopt;
      if (m->value("type", "") == type) return m;
    }
    return std::nullopt;
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace pumprig::test
