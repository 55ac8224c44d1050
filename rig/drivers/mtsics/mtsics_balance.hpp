#pragma once
// The protocol state machine and device face of a Mettler Toledo MT-SICS balance.
//
// Every command goes through the ExchangeChannel's one queue, so the wire stays half-duplex even
// while readings are being polled or streamed, with its bounded retries. Quick commands (SI, I2,
// TA, @...) use the channel's reply timeout; commands that make the balance wait for stability
// (S, T, Z) can legitimately take seconds, longer than any sensible SI timeout, so they carry
// their own (`set_stable_reply_timeout`).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/mtsics/mtsics_parser.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class MtsicsBalance final : public Balance {
 public:
  MtsicsBalance(EventLoop& loop, Link& link, std::string name, ExchangeOptions options = {}, EventSink events = {});
  // Safe while requests are pending: timers are cancelled, and the callbacks of one-shot calls
  // still run once, later on the loop, with a "cancelled" DeviceError.
  ~MtsicsBalance() override;
  MtsicsBalance(const MtsicsBalance&) = delete;
  MtsicsBalance& operator=(const MtsicsBalance&) = delete;

  const std::string& name() const override { return name_; }
  DeviceState state() const override { return state_; }
  void connect(Callback<InstrumentIdentity> done) override;
  void tare(Callback<double> done) override;
  void zero(Callback<Unit> done) override;
  void read_stable(Callback<BalanceReading> done) override;
  void start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                      std::function<void(const DeviceError&)> on_fault) override;
  void stop_readings() override;

  // How long S, T and Z may take before the driver counts an attempt as lost. It must exceed the
  // balance's own stability timeout (after which the balance answers "S I" by itself).
  void set_stable_reply_timeout(Nanos t) { stable_reply_timeout_ = t; }
  // SIR streaming: a stream silent this long is reported as a fault and restarted.
  void set_stream_silence_limit(Nanos t) { silence_limit_ = t; }

  // Capacity from the I2 reply, once connected (when the balance states it in a mass unit).
  std::optional<double> capacity_g() const override { return capacity_g_; }
  std::uint64_t skipped_polls() const { return skipped_polls_; }
  std::uint64_t retries() const { return channel_->retries(); }
  std::uint64_t stream_restarts() const { return stream_restarts_; }
  std::uint64_t garbled_stream_lines() const { return garbled_stream_lines_; }

 private:
  using ReplyFn = std::function<void(Outcome<MtsicsReply>)>;
  struct Op {
    std::string command;
    Nanos wait_timeout = 0;  // > 0: the balance waits for stability: the request's own reply timeout
    ReplyFn done;
    // Tells the caller of a one-shot call that the driver went away; empty for internal ops.
    std::function<void(const DeviceError&)> abandon;
    bool poll = false;  // SI poll or SIR start: dropped from the queue when readings stop
    int et_replies = 0;
  };
  enum class Mode { idle, polling, streaming };

  void ask_text(const std::string& command, std::function<void(std::string)> next,
                std::function<void(const DeviceError&)> fail);
  // A level-0 query that older balances answer ES (I1, I5): its texts, or none when the balance
  // answers anything else or nothing; `abandon` only when the driver goes away.
  void ask_optional_texts(const std::string& command, std::function<void(std::vector<std::string>)> next,
                          std::function<void(const DeviceError&)> abandon);
  void submit(std::unique_ptr<Op> op);
  FrameVerdict classify(const std::string& frame, Op& op) const;
  void on_unsolicited(const std::string& frame);

  void poll_tick();
  void start_stream();
  void arm_watchdog();
  void on_watchdog();
  void deliver(const MtsicsReply& reply, const std::string& command);
  void fault(const DeviceError& e);
  void event(EventKind kind, const std::string& message);
  DeviceError error(std::string message) const { return DeviceError{name_, std::move(message)}; }
  // The reply as a reading, or why it is none ("S I", ES...).
  Outcome<BalanceReading> to_reading(const MtsicsReply& r, const std::string& command) const;
  DeviceError reply_error(const MtsicsReply& r, const std::string& command) const;

  EventLoop& loop_;
  std::string name_;
  ExchangeOptions options_;
  EventSink events_;
  std::unique_ptr<ExchangeChannel> channel_;
  Nanos stable_reply_timeout_ = seconds(10);
  Nanos silence_limit_ = seconds(3);


  Mode mode_ = Mode::idle;
  std::uint64_t session_ = 0;  // bumped on every start/stop so late replies of old sessions are dropped
  Nanos period_ = 0;
  Nanos next_tick_at_ = 0;
  TimerId tick_timer_ = 0;
  TimerId watchdog_timer_ = 0;
  bool poll_outstanding_ = false;
  bool sir_outstanding_ = false;
  bool fault_since_arm_ = false;
  std::function<void(const BalanceReading&)> on_reading_;
  std::function<void(const DeviceError&)> on_fault_;

  std::string last_hw_error_;  // so a persisting hardware error is logged once, not per reading
  std::optional<double> capacity_g_;
  DeviceState state_ = DeviceState::unconfigured;
  std::uint64_t skipped_polls_ = 0;
  std::uint64_t stream_restarts_ = 0;
  std::uint64_t garbled_stream_lines_ = 0;
};

}  // namespace pumprig
