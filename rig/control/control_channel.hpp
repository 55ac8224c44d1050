#pragma once
// The control channel of a run, or of a suite of runs: serves the socket (control_server.hpp),
// observes each run (RunObserver) and turns what it sees into protocol messages
// (control_protocol.hpp), and hands the clients' commands to the run session, which carries them
// out on its loop. One channel serves a whole suite: attach() each run in turn.
//
// Nothing here can slow the run: the loop's thread only appends readings to a buffer and queues
// short messages; the snapshot with its readings is built on the server's thread, at most every
// `snapshot_period` of wall time, whatever the run's speed.
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "rig/control/control_protocol.hpp"
#include "rig/control/control_server.hpp"
#include "rig/session/run_observer.hpp"

namespace pumprig {
class RunSession;
}

namespace pumprig::control {

struct ChannelOptions {
  std::filesystem::path path;
  std::string suite_id;  // the suite served, if any (said in hello)
  std::chrono::milliseconds snapshot_period{250};
  std::size_t max_queue_bytes = ControlServer::kDefaultMaxQueueBytes;
};

class ControlChannel final : public RunObserver {
 public:
  explicit ControlChannel(ChannelOptions options);  // throws std::runtime_error when it cannot serve
  ~ControlChannel() override;

  const std::filesystem::path& path() const { return server_->path(); }
  // The run the commands go to (nullptr between a suite's runs). Call before session.run().
  void attach(RunSession* session);
  // An abort a client asked for, if any: a suite does not start its next run after one.
  std::optional<std::string> abort_requested() const;
  // Waits (bounded) for the clients to have read everything, before the process ends.
  void flush(std::chrono::milliseconds limit = std::chrono::milliseconds(2000));
  std::size_t client_count() const { return server_->client_count(); }

  void on_started(const RunStarted& run) override;
  void on_event(const RigEvent& event) override;
  void on_reading(const std::string& station, const BalanceReading& r) override;
  void on_io_reading(const std::string& station, const IoReading& r) override;
  void on_prompt(const OperatorPrompt& prompt) override;
  void on_prompt_closed(int id, const OperatorAnswer& answer) override;
  void on_snapshot(const RunSnapshot& snapshot) override;
  void on_finished(const FinishedRun& run) override;

 private:
  void on_connected(const Peer& peer);
  void on_line(const Peer& peer, const std::string& line);
  void on_disconnected(const Peer& peer, const std::string& why);
  void send_snapshot();  // server thread (tick), or the loop's thread at the end of a run
  std::string who(const Peer& peer) const;

  ChannelOptions options_;
  std::chrono::steady_clock::time_point started_wall_;

  mutable std::mutex mutex_;  // everything below
  RunSession* session_ = nullptr;
  std::optional<RunStarted> run_;
  std::vector<OperatorPrompt> open_prompts_;
  std::optional<RunSnapshot> latest_;
  std::vector<StationReadings> pending_;  // parallel to run_->stations
  bool fresh_ = false;                     // something new since the last snapshot sent
  std::optional<std::string> abort_requested_;
  std::map<ClientId, std::string> client_names_;

  std::unique_ptr<ControlServer> server_;  // last: its thread stops before the rest goes
};

// Where a run serves its channel unless told: $XDG_RUNTIME_DIR/pumprig/<name>.sock, or
// /tmp/pumprig-<uid>/<name>.sock (made mode 0700, and refused when another user owns it).
// Throws std::runtime_error when the folder cannot be made safe, or the path is too long.
std::filesystem::path default_control_path(const std::string& name);
// A path longer than a Unix socket's sun_path allows: the error text, else nullopt.
std::optional<std::string> control_path_problem(const std::filesystem::path& path);

}  // namespace pumprig::control
