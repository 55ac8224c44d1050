#pragma once
// Driver for New Era NE-1000 family syringe pumps (also sold as WPI Aladdin) over an
// ExchangeChannel. connect() identifies the pump and, by default, puts it in safe mode: from then
// on every exchange is CRC-framed and a heartbeat (the empty status poll) runs at a third of the
// pump's comms timeout, so the pump keeps running while the controller lives and stops by itself
// (alarm A?T) when it dies.
//
// Alarms: in basic mode the pump reports an alarm once, in place of the prompt of the next reply,
// and does not execute the command that drew it; the driver resends that command (so too a
// command answered ?IGN). In safe mode the pump sends an alarm packet unprompted when the alarm
// occurs (auto-alarm); such a packet is never taken for a reply. Either way the alarm is kept
// until the next status() reports it, whichever exchange (heartbeat, command, poll, unprompted
// packet) saw it first.
//
// The pump may power up in safe mode (it stays in it until SAF 0): connect() follows it there.
// stop() sends STP twice when the first only paused the pump (P), as the manual has it.
//
// Every callback is called exactly once; destroying the driver cancels what is pending (with a
// "cancelled" DeviceError) and stops its timers.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/pump.hpp"
#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/status_monitor.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

struct Ne1000Options {
  int address = 0;                // 0-99, always sent so that only this pump answers
  int safe_mode_timeout_s = 5;    // SAF value, 1-255 s; 0 stays in basic mode (no heartbeat)
  ExchangeOptions exchange{};
  EventSink events{};             // retries, alarms, mode changes
};

class Ne1000Pump final : public Pump {
 public:
  // Throws std::invalid_argument for an address outside 0-99 or a timeout outside 0-255 (config
  // errors belong at the boundary, not in the loop).
  Ne1000Pump(EventLoop& loop, Link& link, std::string name, Ne1000Options options = {});
  ~Ne1000Pump() override;
  Ne1000Pump(const Ne1000Pump&) = delete;
  Ne1000Pump& operator=(const Ne1000Pump&) = delete;

  const std::string& name() const override { return name_; }
  DeviceState state() const override { return state_; }
  void connect(Callback<InstrumentIdentity> done) override;
  void program(const PumpProgram& p, Callback<Unit> done) override;
  void start(Callback<Unit> done) override;
  void stop(Callback<Unit> done) override;
  void status(Callback<PumpStatus> done) override;
  void start_monitoring(Nanos period, std::function<void(const PumpStatus&)> on_status,
                        std::function<void(const DeviceError&)> on_fault) override;
  void stop_monitoring() override;
  void disconnect(Callback<std::string> done) override;

  bool safe_mode() const { return safe_; }
  const InstrumentIdentity& identity() const { return identity_; }
  std::uint64_t retries() const { return channel_->retries(); }
  std::uint64_t heartbeats_sent() const { return heartbeats_; }
  Nanos heartbeat_period() const { return heartbeat_period_; }

  // The command text program() sends for a program, in order (public so it can be tested and
  // shown to the tester before a run). Fails for rates or volumes the pump cannot be given.
  Outcome<std::vector<std::string>> program_commands(const PumpProgram& p) const;

 private:
  using ReplyFn = std::function<void(Outcome<Ne1000Reply>)>;
  struct Request {
    std::string command;        // "" = status poll
    bool either_framing = false;  // accept a reply in either framing (mode changes)
    bool expects_data = false;    // queries (VER, DIS) answer with data, everything else without
    int alarm_resends = 2;
    ReplyFn done;
  };

  // Queues a request. Bytes are encoded only when it is sent, in the mode current then, so a
  // request queued behind SAF goes out in the right framing.
  void issue(std::string command, bool either_framing, ReplyFn done);
  // issue() plus: an error reply becomes a DeviceError naming the command.
  void command(std::string command, ReplyFn done, bool either_framing = false);
  void command_sequence(std::vector<std::string> commands, Callback<Unit> done);
  void send_next();
  void on_reply(std::shared_ptr<Request> req, Outcome<std::string> frame);
  void note_alarm(Ne1000Alarm a, const std::string& during);
  void on_unprompted(const std::string& frame);
  void stop_fully(Callback<Unit> done);
  void enter_mode(bool safe);
  void connect_identify(Callback<InstrumentIdentity> done);
  void connect_set_mode(Callback<InstrumentIdentity> done);
  void schedule_heartbeat();
  void on_heartbeat();
  void emit(EventKind kind, const std::string& message);
  DeviceError error(const std::string& message) const { return DeviceError{name_, message}; }
  // Why start() may not run now; none when it may (lifecycle.hpp).
  std::optional<DeviceError> start_refusal() const;
  // Answers `done` with `e` from the loop (a refusal is never a synchronous callback).
  void refuse(Callback<Unit> done, DeviceError e);

  EventLoop& loop_;
  std::string name_;
  Ne1000Options options_;
  std::unique_ptr<ExchangeChannel> channel_;
  InstrumentIdentity identity_;
  bool safe_ = false;
  bool shutting_down_ = false;
  DeviceState state_ = DeviceState::unconfigured;
  std::deque<std::unique_ptr<Request>> queue_;
  bool in_flight_ = false;
  Nanos last_sent_ = 0;
  Ne1000Alarm pending_alarm_ = Ne1000Alarm::none;

  bool heartbeat_on_ = false;
  Nanos heartbeat_period_ = 0;
  TimerId heartbeat_timer_ = 0;
  std::uint64_t heartbeats_ = 0;

  PumpStatusMonitor monitor_{loop_};

  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pumprig
