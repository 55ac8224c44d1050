#pragma once
// The protocol state machine and device face of the rig I/O board (PROTOCOL.md in
// hardware/firmware/rigio). Commands go one at a time through an ExchangeChannel; stream records
// and board events (trip, watchdog, alarm, restart) arrive unsolicited. After connect() a
// heartbeat (PING) keeps the board's watchdog from releasing the occluder while the host lives,
// and while streaming a stale-data detector reports a stream that stopped (and restarts it), so
// the controller can release the occluder when it can no longer see the pressure.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/event_loop.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/rigio/rigio_parser.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class RigIoBoard final : public IoBoard {
 public:
  template <class T>
  using Callback = std::function<void(Outcome<T>)>;

  RigIoBoard(EventLoop& loop, Link& link, std::string name, ExchangeOptions options = {}, EventSink events = {});
  ~RigIoBoard() override;
  RigIoBoard(const RigIoBoard&) = delete;
  RigIoBoard& operator=(const RigIoBoard&) = delete;

  const std::string& name() const override { return name_; }
  // configured once configure() has set the trip limit and watchdog on this board (again after a
  // restart re-applied them), active while the line is occluded. occlude() is refused before.
  DeviceState state() const override;

  // RST (defaults, occluder open, stream off), then ID and VER; starts the heartbeat.
  void connect(Callback<InstrumentIdentity> done) override;
  // CHAN, CAL P1/P2/T, LIMIT, WDOG, HOLD; each echo is checked. Re-applied by itself if the
  // board restarts. The heartbeat period becomes a quarter of the watchdog timeout.
  void configure(const RigIoConfig& config, Callback<Unit> done) override;
  // The full record stream at `period` (a multiple of 20 ms, 20 ms .. 60 s).
  void start_streaming(Nanos period, std::function<void(const IoReading&)> on_reading,
                       std::function<void(const DeviceError&)> on_fault) override;
  void stop_streaming() override;
  void occlude(Callback<Unit> done) override;
  void release(Callback<Unit> done) override;
  void clear_trip(Callback<Unit> done);
  void read(Callback<IoReading> done);
  // Stop streaming and the heartbeat, release the occluder.
  void disconnect(Callback<Unit> done) override;

  // Trip, watchdog release, alarm changes, board restarts.
  void on_board_event(std::function<void(const IoBoardEvent&)> fn) override { on_board_event_ = std::move(fn); }
  // No record within this many stream periods (plus half a period of grace) is stale (default 3).
  void set_stale_periods(int periods) override { stale_periods_ = periods < 1 ? 1 : periods; }
  void set_heartbeat_period(Nanos period) { heartbeat_period_ = period; }

  // PressureSensor: the same stream, seen as pressure readings.
  void start_pressure(Nanos period, std::function<void(const PressureReading&)> on_reading,
                      std::function<void(const DeviceError&)> on_fault) override;
  void stop_pressure() override;
  // Occluder
  std::optional<bool> occluded() const override { return occluded_; }
  // AlarmSense: the board reports changes by itself (EV ALARM), streaming or not.
  void watch_alarm(std::function<void(const AlarmChange&)> on_change) override { on_alarm_ = std::move(on_change); }
  std::optional<bool> alarm_active() const override { return alarm_; }

  std::optional<IoReading> last_reading() const { return last_reading_; }
  bool streaming() const { return stream_period_ > 0; }
  std::uint64_t records() const { return records_; }
  std::uint64_t stale_reports() const { return stale_reports_; }
  std::uint64_t heartbeats() const { return heartbeats_; }
  std::uint64_t garbled_lines() const { return garbled_lines_; }

 private:
  using ReplyFn = std::function<void(Outcome<RigIoReply>)>;
  void ask(const std::string& command, ReplyFn done);
  void ask_expect(const std::string& command, RigIoKind kind, std::function<void(const RigIoReply&)> next,
                  std::function<void(const DeviceError&)> fail);
  void apply_config(std::function<void(const DeviceError&)> fail, std::function<void()> done);
  void set_valve(bool closed, Callback<Unit> done);
  FrameVerdict classify(const std::string& frame, RigIoKind expected) const;
  void on_unsolicited(const std::string& frame);
  void on_record(const RigIoRecord& rec);
  void update_stream();
  void send_stream_command(Nanos period);
  void arm_stale();
  void on_stale();
  void arm_heartbeat();
  void on_heartbeat();
  void note_alarm(bool active);
  void board_event(IoBoardEvent e);
  void fault(const DeviceError& e);
  void event(EventKind kind, const std::string& message);
  DeviceError error(std::string message) const { return DeviceError{name_, std::move(message)}; }
  IoReading to_reading(const RigIoRecord& rec) const;

  EventLoop& loop_;
  std::string name_;
  EventSink events_;
  std::unique_ptr<ExchangeChannel> channel_;

  std::optional<RigIoConfig> config_;
  bool config_applied_ = false;  // the board holds config_ (false after a restart until re-applied)
  Nanos heartbeat_period_ = milliseconds(500);
  TimerId heartbeat_timer_ = 0;
  bool connected_ = false;
  Nanos last_sent_ = 0;
  bool ping_outstanding_ = false;

  Nanos stream_period_ = 0;  // what the board was asked for; 0: off
  Nanos io_period_ = 0;
  Nanos pressure_period_ = 0;
  std::function<void(const IoReading&)> on_io_;
  std::function<void(const DeviceError&)> on_io_fault_;
  std::function<void(const PressureReading&)> on_pressure_;
  std::function<void(const DeviceError&)> on_pressure_fault_;
  int stale_periods_ = 3;
  TimerId stale_timer_ = 0;
  bool stale_reported_ = false;

  std::optional<bool> occluded_;
  std::optional<bool> alarm_;
  std::optional<IoReading> last_reading_;
  std::function<void(const AlarmChange&)> on_alarm_;
  std::function<void(const IoBoardEvent&)> on_board_event_;

  std::uint64_t records_ = 0;
  std::uint64_t stale_reports_ = 0;
  std::uint64_t heartbeats_ = 0;
  std::uint64_t garbled_lines_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pumprig
