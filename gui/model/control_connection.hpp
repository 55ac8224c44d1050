#pragma once
// The dashboard's end of a run's control channel: a thread that connects to the socket (and
// keeps trying while the run starts up), introduces itself, and feeds every message into a
// LiveRun; commands go the other way from the GUI thread. Closing it never touches the run.
#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "gui/model/live_run.hpp"

namespace pumprig::gui {

class ControlConnection {
 public:
  ControlConnection(std::filesystem::path socket, LiveRun& run);
  ~ControlConnection();
  ControlConnection(const ControlConnection&) = delete;
  ControlConnection& operator=(const ControlConnection&) = delete;

  // Thread-safe; false when not connected.
  bool send(const nlohmann::json& command);
  const std::filesystem::path& socket() const { return socket_; }

 private:
  void serve();
  std::filesystem::path socket_;
  LiveRun& run_;
  std::atomic<bool> stopping_{false};
  std::mutex write_mutex_;
  int fd_ = -1;
  std::thread thread_;
};

// Live sockets in a folder (the default control folder): those something listens on.
std::vector<std::filesystem::path> live_sockets(const std::filesystem::path& folder);

}  // namespace pumprig::gui
