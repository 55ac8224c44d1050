#pragma once
// The protocol state machine and device face of a Sartorius balance speaking SBI.
//
// SBI answers only ESC P (a weight line) and the identity commands (a text line); tare and zero
// (ESC U, ESC V) answer nothing. So every tare and zero goes out as one request together with an
// ESC P, and the weight line printed after it is the request's reply: the queue stays
// half-duplex, retries and timeouts work as for any request, and the driver sees the balance's
// display after the command. Tare and zero are idempotent at a steady load, so a resend after a
// lost reply does no harm.
//
// Stability: SBI has no "send when stable" command (MT-SICS S). The driver polls ESC P until a
// line with its unit field filled in arrives, within `set_stable_reply_timeout`.
//
// Readings: ESC P on a fixed grid (reading_interval > 0), or the balance's auto-print stream
// (reading_interval 0 = "stream"). Auto print is a balance menu setting; SBI has no command that
// starts or stops it on every model, so the driver sends nothing to start it and simply reads
// the lines. A stream silent for the silence limit is reported as a fault, and the driver sends
// one ESC P (which yields a reading on every model, and starts the print on models where ESC P
// does that).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/sartorius/sartorius_parser.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class SartoriusBalance final : public Balance {
 public:
  SartoriusBalance(EventLoop& loop, Link& link, std::string name, ExchangeOptions options = {}, EventSink events = {});
  ~SartoriusBalance() override;
  SartoriusBalance(const SartoriusBalance&) = delete;
  SartoriusBalance& operator=(const SartoriusBalance&) = delete;

  const std::string& name() const override { return name_; }
  DeviceState state() const override { return state_; }
  void connect(Callback<InstrumentIdentity> done) override;
  // ESC U (tare only) once the display is stable; yields the weight taken into the tare
  // memory by the taring this driver did since connect or the last zero (SBI cannot be asked
  // for the tare memory, so a tare left from before the connect is not counted).
  void tare(Callback<double> done) override;
  // ESC V (zero only) once stable; the balance clears its tare memory with a new zero.
  void zero(Callback<Unit> done) override;
  void read_stable(Callback<BalanceReading> done) override;
  void start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                      std::function<void(const DeviceError&)> on_fault) override;
  void stop_readings() override;

  // How long read_stable, tare and zero poll for a stable line before giving up.
  void set_stable_reply_timeout(Nanos t) { stable_reply_timeout_ = t; }
  void set_stable_poll_interval(Nanos t) { stable_poll_interval_ = t; }
  void set_stream_silence_limit(Nanos t) { silence_limit_ = t; }

  std::uint64_t skipped_polls() const { return skipped_polls_; }
  std::uint64_t retries() const { return channel_->retries(); }
  std::uint64_t stream_silences() const { return stream_silences_; }
  std::uint64_t garbled_stream_lines() const { return garbled_stream_lines_; }

 private:
  using LineFn = std::function<void(Outcome<SbiReading>)>;

  void ask_text(const std::string& command, std::function<void(std::string)> next,
                std::function<void(const DeviceError&)> fail);
  // `prefix` (ESC U, ESC V or nothing) then ESC P; the printed line is the reply.
  void print(const std::string& prefix, bool poll, LineFn done, std::function<void(const DeviceError&)> abandon);
  // Prints until a stable line or the deadline; `prefix` goes with the first print only.
  void until_stable(const std::string& prefix, Nanos deadline, Callback<BalanceReading> done, bool first = true);

  void poll_tick();
  void arm_watchdog();
  void on_watchdog();
  void deliver(const SbiReading& line, const std::string& command);
  void fault(const DeviceError& e);
  void event(EventKind kind, const std::string& message);
  DeviceError error(std::string message) const { return DeviceError{name_, std::move(message)}; }
  Outcome<BalanceReading> to_reading(const SbiReading& r, const std::string& command) const;
  void on_unsolicited(const std::string& frame);

  enum class Mode { idle, polling, streaming };

  EventLoop& loop_;
  std::string name_;
  ExchangeOptions options_;
  EventSink events_;
  std::unique_ptr<ExchangeChannel> channel_;
  Nanos stable_reply_timeout_ = seconds(10);
  Nanos stable_poll_interval_ = milliseconds(200);
  Nanos silence_limit_ = seconds(3);

  Mode mode_ = Mode::idle;
  std::uint64_t session_ = 0;  // bumped on every start/stop so late replies of old sessions are dropped
  Nanos period_ = 0;
  Nanos next_tick_at_ = 0;
  TimerId tick_timer_ = 0;
  TimerId watchdog_timer_ = 0;
  bool poll_outstanding_ = false;
  std::function<void(const BalanceReading&)> on_reading_;
  std::function<void(const DeviceError&)> on_fault_;
  std::string last_error_code_;  // a persisting "Err" is logged once, not per reading

  double tare_g_ = 0.0;  // what this driver's tares put into the balance's tare memory
  DeviceState state_ = DeviceState::unconfigured;
  std::uint64_t skipped_polls_ = 0;
  std::uint64_t stream_silences_ = 0;
  std::uint64_t garbled_stream_lines_ = 0;
  // Stable waits sleeping between two prints: their timer and how to tell their caller that the
  // driver went away (the channel tells the callers whose print is on the wire).
  struct Sleeper {
    TimerId timer = 0;
    std::function<void(const DeviceError&)> abandon;
  };
  std::map<std::uint64_t, Sleeper> sleepers_;
  std::uint64_t next_sleeper_ = 0;
};

}  // namespace pumprig
