#include "rig/control/control_channel.hpp"
#include "rig/core/os_identity.hpp"

#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/session/run_output.hpp"
#include "rig/session/run_session.hpp"

namespace pumprig::control {

namespace {

// The folder holds sockets that command runs: it must be ours and closed to everyone else.
void ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw std::runtime_error(fmt::format("cannot make the control socket folder {}", dir.string()));
  if (st.st_uid != ::getuid())
    throw std::runtime_error(fmt::format("control socket folder {} belongs to another user: give --control PATH", dir.string()));
  if ((st.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0)
    throw std::runtime_error(fmt::format("cannot make the control socket folder {} private (mode 0700)", dir.string()));
}

}  // namespace

std::optional<std::string> control_path_problem(const std::filesystem::path& path) {
  constexpr std::size_t limit = sizeof(sockaddr_un{}.sun_path) - 1;
  if (path.empty()) return std::string("the control socket path is empty");
  if (path.string().size() > limit)
    return fmt::format("control socket path {} is {} bytes; a Unix socket path has at most {}: give a shorter --control PATH",
                       path.string(), path.string().size(), limit);
  return std::nullopt;
}

std::filesystem::path default_control_path(const std::string& name) {
  std::filesystem::path dir;
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime && *runtime)
    dir = std::filesystem::path(runtime) / "pumprig";
  else
    dir = fmt::format("/tmp/pumprig-{}", ::getuid());
  ensure_private_dir(dir);
  std::filesystem::path path = dir / (name + ".sock");
  if (auto problem = control_path_problem(path)) throw std::runtime_error(*problem);
  return path;
}

ControlChannel::ControlChannel(ChannelOptions options) : options_(std::move(options)), started_wall_(std::chrono::steady_clock::now()) {
  if (auto problem = control_path_problem(options_.path)) throw std::runtime_error(*problem);
  ServerHandlers handlers;
  handlers.connected = [this](const Peer& p) { on_connected(p); };
  handlers.line = [this](const Peer& p, const std::string& line) { on_line(p, line); };
  handlers.disconnected = [this](const Peer& p, const std::string& why) { on_disconnected(p, why); };
  handlers.tick = [this] { send_snapshot(); };
  handlers.farewell = [](const std::string& why) { return dropped_line(why); };
  // Serving starts once server_ is set: the handlers use it, and a client that connects at once
  // must not find it null.
  server_ = std::make_unique<ControlServer>(options_.path, std::move(handlers), options_.snapshot_period, options_.max_queue_bytes,
                                            /*start_now=*/false);
  server_->start();
}

// The server's thread is stopped and joined before the server goes: its handlers use server_.
ControlChannel::~ControlChannel() {
  if (server_) server_->stop();
  server_.reset();
}

void ControlChannel::attach(RunSession* session) {
  std::lock_guard lock(mutex_);
  session_ = session;
  // An abort that came while no run was attached (between a suite's runs, or before this one
  // stood) is carried out by the run that comes.
  if (session_ && abort_requested_) session_->request_abort(*abort_requested_);
}

std::optional<std::string> ControlChannel::abort_requested() const {
  std::lock_guard lock(mutex_);
  return abort_requested_;
}

void ControlChannel::flush(std::chrono::milliseconds limit) { server_->drain(limit); }

std::string ControlChannel::who(const Peer& peer) const {
  const auto it = client_names_.find(peer.id);
  const std::string name = it != client_names_.end() && !it->second.empty() ? it->second : fmt::format("client {}", peer.id);
  return fmt::format("{} (user {}) over the control channel", name, peer.user);
}

void ControlChannel::on_connected(const Peer& peer) {
  HelloInfo hello;
  hello.software_version = PUMPRIG_VERSION;
  hello.pid = static_cast<int>(::getpid());
  hello.socket_path = options_.path.string();
  hello.suite_id = options_.suite_id;
  hello.user = current_user_name();
  // Under the lock that the run, prompt and prompt-closed broadcasts also hold: the hello's state
  // and the messages after it never cross (a prompt closed before the hello is not in it).
  std::lock_guard lock(mutex_);
  hello.run = run_;
  hello.open_prompts = open_prompts_;
  server_->greet(peer.id, hello_line(hello));
}

void ControlChannel::on_disconnected(const Peer& peer, const std::string& why) {
  std::lock_guard lock(mutex_);
  const std::string name = who(peer);
  client_names_.erase(peer.id);
  if (why == "closed") return;
  // Recorded: the run went on without that client, and the record says so.
  if (session_) session_->record_note(fmt::format("control client dropped: {}: {}", name, why));
}

void ControlChannel::on_line(const Peer& peer, const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;  // blank lines are keep-alives
  auto parsed = parse_client_command(line);
  if (auto* error = std::get_if<CommandError>(&parsed)) {
    server_->send(peer.id, reply_line("?", error->message));
    return;
  }
  const ClientCommand& command = std::get<ClientCommand>(parsed);
  const std::string name(command_name(command));
  auto reply = [this, id = peer.id, name](const std::string& refused) { server_->send(id, reply_line(name, refused)); };
  std::lock_guard lock(mutex_);
  if (const auto* hello = std::get_if<ClientHello>(&command)) {
    client_names_[peer.id] = printable(std::string_view(hello->client).substr(0, 60));
    return reply("");
  }
  if (const auto* abort = std::get_if<AbortCommand>(&command)) {
    // Always honoured, with the client's text verbatim in the abort event; between a suite's runs
    // it stops the suite. Only the first is passed on: a flood of aborts is one abort.
    if (!abort_requested_) {
      abort_requested_ = abort->reason;
      if (session_) session_->request_abort(abort->reason);
    }
    return reply("");
  }
  if (!session_) return reply("no run is going");
  if (const auto* answer = std::get_if<AnswerCommand>(&command))
    return session_->answer_prompt(answer->prompt, OperatorAnswer{answer->confirmed, answer->text, who(peer)}, reply);
  if (const auto* pause = std::get_if<PauseCommand>(&command)) return session_->request_pause(pause->station, who(peer), reply);
  if (const auto* resume = std::get_if<ResumeCommand>(&command)) return session_->request_resume(resume->station, who(peer), reply);
  if (const auto* speed = std::get_if<SpeedCommand>(&command)) return session_->request_speed(speed->speed, reply);
}

void ControlChannel::on_started(const RunStarted& run) {
  std::lock_guard lock(mutex_);
  run_ = run;
  pending_.assign(run.stations.size(), StationReadings{});
  latest_.reset();
  open_prompts_.clear();
  fresh_ = false;
  server_->broadcast(run_started_line(run));
}

void ControlChannel::on_event(const RigEvent& event) { server_->broadcast(event_line(event)); }

namespace {
std::size_t station_index(const std::optional<RunStarted>& run, const std::string& station) {
  if (!run) return static_cast<std::size_t>(-1);
  const auto it = std::find(run->stations.begin(), run->stations.end(), station);
  return it == run->stations.end() ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(it - run->stations.begin());
}
}  // namespace

void ControlChannel::on_reading(const std::string& station, const BalanceReading& r) {
  std::lock_guard lock(mutex_);
  const std::size_t i = station_index(run_, station);
  if (i >= pending_.size()) return;
  pending_[i].t_s.push_back(to_seconds(r.t_ns));
  pending_[i].mass_g.push_back(r.mass_g);
  pending_[i].stable.push_back(r.stable);
  fresh_ = true;
}

void ControlChannel::on_io_reading(const std::string& station, const IoReading& r) {
  std::lock_guard lock(mutex_);
  const std::size_t i = station_index(run_, station);
  if (i >= pending_.size()) return;
  pending_[i].io_t_s.push_back(to_seconds(r.t_ns));
  pending_[i].pressure_mmhg.push_back(r.pressure_mmhg);
  pending_[i].occluder_closed.push_back(r.occluder_closed);
  pending_[i].alarm.push_back(r.alarm);
  fresh_ = true;
}

void ControlChannel::on_prompt(const OperatorPrompt& prompt) {
  std::lock_guard lock(mutex_);
  open_prompts_.push_back(prompt);
  server_->broadcast(prompt_line(prompt));
}

void ControlChannel::on_prompt_closed(int id, const OperatorAnswer& answer) {
  std::lock_guard lock(mutex_);
  std::erase_if(open_prompts_, [id](const OperatorPrompt& p) { return p.id == id; });
  server_->broadcast(prompt_closed_line(id, answer));
}

void ControlChannel::on_snapshot(const RunSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  latest_ = snapshot;
  fresh_ = true;
}

void ControlChannel::send_snapshot() {
  std::optional<RunSnapshot> snapshot;
  std::vector<StationReadings> readings;
  {
    std::lock_guard lock(mutex_);
    // Ask for the state as it is now, for the next turn; readings keep coming regardless.
    if (session_) session_->request_snapshot();
    if (!fresh_ || !latest_) return;
    fresh_ = false;
    snapshot = latest_;
    readings.assign(pending_.size(), StationReadings{});
    readings.swap(pending_);
  }
  if (server_->client_count() == 0) return;  // nobody watches: the readings are not kept
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_wall_).count();
  server_->broadcast(snapshot_line(*snapshot, readings, wall));
}

void ControlChannel::on_finished(const FinishedRun& run) {
  send_snapshot();  // the last readings before the verdict
  FinishedInfo info;
  info.run_id = run.result.run.id.value_or("");
  info.run_dir = run.dir.string();
  info.verdict = ascii_upper(to_string(run.verdict.outcome));
  info.reason = run.verdict.reason;
  info.exit_code = run.sealed ? exit_code_for(run.verdict.outcome) : kExitAborted;
  for (const TestResult& t : run.result.tests)
    info.tests.push_back({{"id", t.id}, {"station", t.station}, {"kind", t.kind}, {"verdict", ascii_upper(to_string(t.verdict))}});
  server_->broadcast(finished_line(info));
}

}  // namespace pumprig::control
