#pragma once
// The control channel's transport: a local Unix-domain socket (mode 0600, never TCP) that speaks
// newline-delimited text, served by a thread of its own so that no client can ever stall the
// run's event loop. Any thread may send; each client has a bounded queue, and a client whose
// queue overflows (it does not read) is dropped and reported, never waited for. Lines from
// clients are handed over on the server's thread, in order, including a last line without its
// newline when the client closes (a command followed at once by closing is still carried out).
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace pumprig::control {

using ClientId = std::uint64_t;

struct Peer {
  ClientId id = 0;
  uid_t uid = 0;
  pid_t pid = 0;
  std::string user;  // the OS user of the connecting process (SO_PEERCRED)
};

struct ServerHandlers {
  std::function<void(const Peer&)> connected;
  std::function<void(const Peer&, const std::string& line)> line;
  // `why`: "closed", or why the server dropped it.
  std::function<void(const Peer&, const std::string& why)> disconnected;
  // The last line a dropped client is sent (best effort), given why.
  std::function<std::string(const std::string& why)> farewell;
  // Every `tick_period` of wall time, on the server's thread.
  std::function<void()> tick;
};

class ControlServer {
 public:
  static constexpr std::size_t kDefaultMaxQueueBytes = 64u << 20;
  static constexpr std::size_t kMaxLineBytes = 1u << 20;  // a client line longer than this drops it

  // Binds and listens at once (so the path exists when this returns); throws std::runtime_error
  // naming the path when it cannot. A stale socket file nobody listens on is replaced; a live one
  // is refused.
  // With `start_now` false, no handler runs (and no client is accepted) before start(): for an
  // owner whose handlers use the server itself, which it holds only once this returns.
  ControlServer(std::filesystem::path path, ServerHandlers handlers,
                std::chrono::milliseconds tick_period = std::chrono::milliseconds(200),
                std::size_t max_queue_bytes = kDefaultMaxQueueBytes, bool start_now = true);
  // Starts serving (its thread). Idempotent.
  void start();
  ~ControlServer();  // stop(), then closes every client and removes the socket file
  // Stops and joins the thread: no handler runs after it returns. Idempotent.
  void stop();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Thread-safe. The line gets its newline here.
  void send(ClientId client, std::string line);
  // The first line a client gets (its hello): broadcasts reach a client only after it, so what
  // the hello describes and what follows it never cross.
  void greet(ClientId client, std::string line);
  void broadcast(std::string line);
  // Waits up to `limit` for every queue to be written out (before the end of a run).
  void drain(std::chrono::milliseconds limit);
  std::size_t client_count() const;

 private:
  struct Client {
    int fd = -1;
    Peer peer;
    std::deque<std::shared_ptr<const std::string>> out;
    std::size_t offset = 0;       // into out.front()
    std::size_t queued_bytes = 0;
    std::string in;
    std::string drop_reason;      // set: close at the next turn
    bool greeted = false;         // broadcasts only after the greeting
  };
  static constexpr std::size_t kMaxClients = 64;
  static constexpr std::size_t kReadPerTurn = 64 * 1024;  // per client: a flood cannot hold the lock
  void serve();
  void accept_clients();
  void read_from(Client& c);
  void write_to(Client& c);
  void enqueue(Client& c, const std::shared_ptr<const std::string>& line);
  void send_to(ClientId client, std::string line, bool greeting);
  void wake();

  std::filesystem::path path_;
  ServerHandlers handlers_;
  std::chrono::milliseconds tick_period_;
  std::size_t max_queue_bytes_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::chrono::steady_clock::time_point listen_paused_until_{};  // out of descriptors: accept later
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // clients_ (the queues) and next_id_
  std::map<ClientId, Client> clients_;
  ClientId next_id_ = 1;
  std::thread thread_;
};

}  // namespace pumprig::control
