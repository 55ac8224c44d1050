#pragma once
// Driver for Harvard Apparatus Pump 11 Elite / PHD ULTRA syringe pumps (the "Ultra" command set)
// over an ExchangeChannel, behind the same Pump interface as the NE-1000, so a scenario runs
// unchanged on either.
//
// connect(): `ver` (identity), `address` (the pump must answer to the fixture's address), and
// `poll on`, so that the pump speaks only when spoken to (with poll off it sends its prompt
// unprompted when it stops by itself, which could pass for the reply to our next command).
// program(): `diameter`, `irate`, `tvolume` (or `ctvolume`: no target), `civolume`.
// start(): `irun`, confirmed by the infusing prompt `>`. stop(): `stp`, confirmed by the idle
// prompt (a second `stp` when the first left it running). status(): `status` for the infused
// volume (fl) and flags, and the prompt for the state.
//
// Alarms: the pump shows `*` (stalled: on a syringe pump this is how an occlusion shows, the
// force limit was reached) until `stp` or `irun`. It is reported once, as PumpAlarm::stall with
// state alarm, and as stopped afterwards, as the NE-1000 reports its latched A?S once. `T*`
// (target reached) is a normal end: state stopped, and an info event once.
//
// A dying controller: the Ultra command set has no comms watchdog like the NE-1000's safe mode,
// so nothing on the pump stops it when the controller goes silent; it infuses on to its target
// volume (program() sets one when the scenario gives one) or until the syringe is empty. The
// rig's own safety (the I/O board's watchdog releases the occluder) does not depend on the pump.
// The lifecycle rules hold all the same: program() and start() are refused until connect() has
// identified the pump and put it in poll mode; stop, status and disconnect are never refused.
//
// Every callback is called exactly once; destroying the driver cancels what is pending.
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
#include "rig/drivers/harvard/harvard_protocol.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

struct HarvardOptions {
  int address = 0;  // 0-99; sent before every command when nonzero ("12:irate ...")
  ExchangeOptions exchange{};
  EventSink events{};
};

class HarvardPump final : public Pump {
 public:
  // Throws std::invalid_argument for an address outside 0-99 (a config error, at the boundary).
  HarvardPump(EventLoop& loop, Link& link, std::string name, HarvardOptions options = {});
  ~HarvardPump() override;
  HarvardPump(const HarvardPump&) = delete;
  HarvardPump& operator=(const HarvardPump&) = delete;

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

  const InstrumentIdentity& identity() const { return identity_; }
  std::uint64_t retries() const { return channel_->retries(); }

  // The commands program() sends, in order (public for tests and to show the tester). Fails for
  // a rate, volume or diameter the pump cannot be given.
  Outcome<std::vector<std::string>> program_commands(const PumpProgram& p) const;

 private:
  enum class Expect { prompt_only, lines, status_line };
  using ReplyFn = std::function<void(Outcome<HarvardReply>)>;

  // One exchange; an error line from the pump becomes a DeviceError naming the command.
  void command(const std::string& text, Expect expect, ReplyFn done);
  void command_sequence(std::vector<std::string> commands, Callback<Unit> done);
  void stop_confirmed(int attempts_left, Callback<Unit> done);
  void emit(EventKind kind, const std::string& message);
  DeviceError error(const std::string& message) const { return DeviceError{name_, message}; }
  void refuse(Callback<Unit> done, DeviceError e);

  EventLoop& loop_;
  std::string name_;
  HarvardOptions options_;
  std::unique_ptr<ExchangeChannel> channel_;
  InstrumentIdentity identity_;
  DeviceState state_ = DeviceState::unconfigured;
  bool shutting_down_ = false;
  bool stall_reported_ = false;   // this stall (prompt `*`) was reported; cleared by a start
  bool target_reported_ = false;  // likewise for `T*`
  bool stall_pending_ = false;    // `*` seen in the reply to another command, for the next status

  PumpStatusMonitor monitor_{loop_};
};

}  // namespace pumprig
