// StationRun and the rig I/O board: connecting and configuring it from the fixture, its stream
// (recorded, and handed to the safety supervisor's interlocks), and the occluder steps.
//
// Safety (DESIGN.md "Safety first"): the fixture's over-pressure limit is enforced by the
// SafetySupervisor on every reading (release the occluder, stop the pump, abort the station) and
// by the board itself (it trips the occluder open at board_trip); pressure readings that go stale
// release the occluder; the board's own watchdog releases it if this process dies.
#include <algorithm>

#include <fmt/format.h>

#include "rig/config/units.hpp"
#include "rig/runner/station_run.hpp"

namespace pumprig {

namespace {

RigIoConfig board_config(const IoBoardConfig& c) {
  RigIoConfig r;
  r.pressure_channels = static_cast<int>(c.transducers.size());
  r.pressure1 = IoCalibration{c.transducers[0].offset_mmhg, c.transducers[0].gain};
  if (c.transducers.size() > 1) r.pressure2 = IoCalibration{c.transducers[1].offset_mmhg, c.transducers[1].gain};
  r.over_pressure_limit_mmhg = c.board_trip_mmhg.value_or(c.over_pressure_limit_mmhg);
  r.watchdog_timeout = from_seconds(c.watchdog_s);
  return r;
}

// The board streams in multiples of its 20 ms sample period.
Nanos stream_period(double interval_s) {
  const Nanos tick = milliseconds(20);
  const Nanos p = from_seconds(interval_s);
  return std::max(tick, (p + tick / 2) / tick * tick);
}

// How many stream periods without a record make the readings stale: the fixture's stale_after,
// but at least three periods, and on a real-time bench at least 2 s of real time (a loaded host,
// a USB adapter or a stopped simulator stalls that long, and the board comes back; clock time runs
// `speed` times faster than real time). Simulated instruments in process share the clock: no stall.
int stale_periods(double stale_after_s, Nanos period, const Clock& clock) {
  constexpr double kMinStaleRealS = 2.0;
  Nanos limit = std::max(from_seconds(stale_after_s), 3 * period);
  if (!clock.is_virtual()) limit = std::max(limit, from_seconds(kMinStaleRealS * clock.speed()));
  return static_cast<int>((limit + period - 1) / period);
}

}  // namespace

void StationRun::connect_io_board(std::function<void()> then) {
  if (!rig_.io) {
    then();
    return;
  }
  IoBoard& io = *rig_.io;
  io.connect(guarded<InstrumentIdentity>([this, then, &io](const InstrumentIdentity& ident) {
    safety_.io_connected();
    event(EventKind::identity, fmt::format("{}: {} {} serial {} firmware {}", io.name(), ident.manufacturer, ident.model, ident.serial,
                                  ident.firmware));
    if (sinks_.identity) sinks_.identity(io.name(), ident);
    identified(io.name(), "I/O board", ident);
    const IoBoardConfig& cfg = *rig_.config->io_board;
    io.configure(board_config(cfg), guarded<Unit>([this, then, &io, &cfg](const Unit&) {
      event(EventKind::io, fmt::format("{} configured: controller limit {} mmHg, board trip {} mmHg, watchdog {}", io.name(),
                              cfg.over_pressure_limit_mmhg, cfg.board_trip_mmhg.value_or(cfg.over_pressure_limit_mmhg),
                              format_duration(cfg.watchdog_s)));
      io.on_board_event([this](const IoBoardEvent& e) { safety_.on_board_event(e); });
      io.watch_alarm([this](const AlarmChange& c) {
        if (c.active) pump_alarm_seen("alarm_sense", "alarm-sense input active");
        else event(EventKind::alarm, "alarm-sense input clear", {{"source", "alarm_sense"}});
      });
      // A scenario that never touches the line (accuracy) logs the pressure at 1 Hz at most: the
      // record stays honest and a 24 h run does not carry 864,000 pressure lines per station.
      const Nanos period =
          stream_period(scenario_.needs_io_board() ? cfg.stream_interval_s : std::max(cfg.stream_interval_s, 1.0));
      event(EventKind::io, fmt::format("{} streams every {}", io.name(), format_duration(to_seconds(period))),
            {{"stream_period_s", to_seconds(period)}});
      io.set_stale_periods(stale_periods(cfg.stale_after_s, period, loop_.clock()));
      io.start_streaming(
          period, [this](const IoReading& r) { on_io_reading(r); },
          [this, &io](const DeviceError& e) {
            // Blind with the line possibly closed is never acceptable (a close may be in flight, its
            // confirmation void): open it first, then the policy.
            safety_.release(fmt::format("pressure readings stale ({})", e.what()), [] {});
            fault(io.name(), fmt::format("rig I/O board lost: {}", e.what()), true);
          });
      then();
    }));
  }));
}

void StationRun::on_io_reading(const IoReading& r) {
  instrument_back(rig_.io->name());
  seen(rig_.io->name(), "I/O board", r.t_ns);
  live_.pressure_mmhg = r.pressure_mmhg;
  live_.pressure_at_ns = r.t_ns;
  live_.occluder_closed = r.occluder_closed;
  live_.alarm_sensed = r.alarm;
  if (sinks_.live_io) sinks_.live_io(r);
  if (t0_) {
    if (sinks_.io_sample) sinks_.io_sample(to_seconds(r.t_ns - *t0_), r);
  } else {
    pending_io_.push_back(r);
    if (sinks_.prestart_io_sample) sinks_.prestart_io_sample(to_seconds(r.t_ns), r);
  }
  if (safety_.check_pressure(r.pressure_mmhg)) return;
  if (current_) current_->on_io_reading(*this, r);
}

}  // namespace pumprig
