#include "rig/drivers/rigio/rigio_board.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace pumprig {

namespace {

std::string word_of(const std::string& command) { return command.substr(0, command.find(' ')); }

Nanos millis_ceil(Nanos t) { return (t + kNanosPerMilli - 1) / kNanosPerMilli; }

// The board echoes what it stored, rounded to its resolution: equal within half a step.
bool close_to(double got, double want, double step) { return std::fabs(got - want) <= step / 2 + 1e-9; }

struct Step {
  std::string command;
  RigIoKind kind;
  std::function<bool(const RigIoReply&)> check;
};

}  // namespace

RigIoBoard::RigIoBoard(EventLoop& loop, Link& link, std::string name, ExchangeOptions options, EventSink events)
    : loop_(loop), name_(std::move(name)), events_(std::move(events)) {
  channel_ = std::make_unique<ExchangeChannel>(loop_, link, std::make_unique<LineFramer>(128), name_, options, events_);
  channel_->on_unsolicited([this](const std::string& frame) { on_unsolicited(frame); });
}

// Pending one-shot calls get their "cancelled" DeviceError here, inside the destructor; the
// stream and alarm callbacks are dropped first so no fault report reaches a half-torn-down owner.
RigIoBoard::~RigIoBoard() {
  loop_.cancel(heartbeat_timer_);
  loop_.cancel(stale_timer_);
  on_io_ = {};
  on_io_fault_ = {};
  on_pressure_ = {};
  on_pressure_fault_ = {};
  on_alarm_ = {};
  on_board_event_ = {};
  connected_ = false;
  channel_->cancel_all("driver shut down");
  *alive_ = false;
}

// ---------------------------------------------------------------------------------------------
// Exchanges

void RigIoBoard::ask(const std::string& command, ReplyFn done) {
  const auto expected = rigio_reply_kind(word_of(command));
  const RigIoKind kind = expected.value_or(RigIoKind::error);
  last_sent_ = loop_.now();
  channel_->exchange(
      command, rigio_command_bytes(command), [this, kind](const std::string& frame) { return classify(frame, kind); },
      [done = std::move(done)](Outcome<std::string> r) {
        if (!r) return done(r.error());
        done(parse_rigio_line(*r));
      });
}

void RigIoBoard::ask_expect(const std::string& command, RigIoKind kind, std::function<void(const RigIoReply&)> next,
                            std::function<void(const DeviceError&)> fail) {
  ask(command, [this, command, kind, next = std::move(next), fail = std::move(fail)](Outcome<RigIoReply> r) {
    if (!r) return fail(r.error());
    if (r->kind == RigIoKind::error)
      return fail(error(fmt::format("{} refused: ERR {:02} {} ({})", command, r->error_code, r->error_name,
                                    describe_rigio_error(r->error_code))));
    if (r->kind != kind)
      return fail(error(fmt::format("unexpected reply to {}: {}", command, to_string(r->kind))));
    next(*r);
  });
}

FrameVerdict RigIoBoard::classify(const std::string& frame, RigIoKind expected) const {
  const RigIoReply r = parse_rigio_line(frame);
  if (r.kind == RigIoKind::malformed) {
    // While the board streams, an unreadable line is more likely a damaged record than our
    // reply; the reply timeout still catches a reply that was lost.
    return streaming() ? FrameVerdict::ignore : FrameVerdict::garbled;
  }
  if (r.kind == RigIoKind::error) {
    // OVERLONG or CHARS: our command reached the board damaged; sending it again is the cure.
    return (r.error_code == 4 || r.error_code == 5) ? FrameVerdict::garbled : FrameVerdict::reply;
  }
  return r.kind == expected ? FrameVerdict::reply : FrameVerdict::ignore;
}

// ---------------------------------------------------------------------------------------------
// One-shot calls

void RigIoBoard::connect(Callback<InstrumentIdentity> done) {
  auto cb = std::make_shared<Callback<InstrumentIdentity>>(std::move(done));
  auto id = std::make_shared<InstrumentIdentity>();
  id->manufacturer = "pumprig";
  auto fail = [cb](const DeviceError& e) { (*cb)(e); };
  ask_expect("RST", RigIoKind::ready, [this, cb, id, fail](const RigIoReply&) {
    occluded_ = false;
    ask_expect("ID", RigIoKind::identity, [this, cb, id, fail](const RigIoReply& r) {
      id->model = r.model;
      id->serial = r.serial;
      id->firmware = r.firmware;
      ask_expect("VER", RigIoKind::version, [this, cb, id](const RigIoReply& v) {
        id->protocol = "pumprig rig I/O protocol " + v.protocol;
        connected_ = true;
        arm_heartbeat();
        (*cb)(*id);
      }, fail);
    }, fail);
  }, fail);
}

DeviceState RigIoBoard::state() const {
  if (!connected_ || !config_applied_) return DeviceState::unconfigured;
  return occluded_.value_or(false) ? DeviceState::active : DeviceState::configured;
}

void RigIoBoard::configure(const RigIoConfig& config, Callback<Unit> done) {
  if (config.pressure_channels != 1 && config.pressure_channels != 2) {
    loop_.schedule_after(0, [this, done] { done(error("pressure_channels must be 1 or 2")); });
    return;
  }
  config_ = config;
  config_applied_ = false;
  if (config.watchdog_timeout > 0) heartbeat_period_ = config.watchdog_timeout / 4;
  apply_config([done](const DeviceError& e) { done(e); }, [this, done] {
    arm_heartbeat();
    done(Unit{});
  });
}

void RigIoBoard::apply_config(std::function<void(const DeviceError&)> fail, std::function<void()> finished) {
  const RigIoConfig c = *config_;
  auto steps = std::make_shared<std::vector<Step>>();
  steps->push_back({fmt::format("CHAN {}", c.pressure_channels), RigIoKind::channels,
                    [n = c.pressure_channels](const RigIoReply& r) { return r.number == static_cast<std::uint32_t>(n); }});
  auto cal = [&](const char* ch, const IoCalibration& k, int decimals) {
    steps->push_back({fmt::format("CAL {} {:.{}f} {:.4f}", ch, k.offset, decimals, k.gain), RigIoKind::calibration,
                      [k, decimals](const RigIoReply& r) {
                        return close_to(r.value, k.offset, std::pow(10.0, -decimals)) && close_to(r.gain, k.gain, 1e-4);
                      }});
  };
  cal("P1", c.pressure1, 1);
  if (c.pressure_channels == 2) cal("P2", c.pressure2, 1);
  cal("T", c.temperature, 2);
  steps->push_back({fmt::format("LIMIT {:.1f}", c.over_pressure_limit_mmhg), RigIoKind::limit,
                    [v = c.over_pressure_limit_mmhg](const RigIoReply& r) { return close_to(r.value, v, 0.1); }});
  const auto wdog_ms = static_cast<std::uint32_t>(millis_ceil(c.watchdog_timeout));
  steps->push_back({fmt::format("WDOG {}", wdog_ms), RigIoKind::watchdog,
                    [wdog_ms](const RigIoReply& r) { return r.number == wdog_ms; }});
  const auto hold_ms = static_cast<std::uint32_t>(millis_ceil(c.alarm_hold));
  steps->push_back({fmt::format("HOLD {}", hold_ms), RigIoKind::hold,
                    [hold_ms](const RigIoReply& r) { return r.number == hold_ms; }});

  auto run = std::make_shared<std::function<void(std::size_t)>>();
  *run = [this, steps, run, fail, finished](std::size_t i) {
    if (i == steps->size()) {
      config_applied_ = true;  // every echo checked: the board holds the limit and watchdog
      auto fin = finished;  // a copy: the next line destroys this lambda and its captures
      *run = nullptr;       // break the self-reference
      return fin();
    }
    const Step& s = (*steps)[i];
    ask_expect(s.command, s.kind, [this, steps, run, fail, i](const RigIoReply& r) {
      if (!(*steps)[i].check(r)) {
        *run = nullptr;
        return fail(error(fmt::format("{}: the board stored a different value", (*steps)[i].command)));
      }
      (*run)(i + 1);
    }, [run, fail](const DeviceError& e) {
      *run = nullptr;
      fail(e);
    });
  };
  (*run)(0);
}

void RigIoBoard::set_valve(bool closed, Callback<Unit> done) {
  ask_expect(closed ? "VALVE CLOSE" : "VALVE OPEN", RigIoKind::valve, [this, closed, done](const RigIoReply& r) {
    occluded_ = r.on;
    if (r.on != closed) return done(error(fmt::format("the board reports the valve {}", r.on ? "CLOSED" : "OPEN")));
    done(Unit{});
  }, [done](const DeviceError& e) { done(e); });
}

void RigIoBoard::occlude(Callback<Unit> done) {
  // Closing the line before the board holds its trip limit would leave the pressure unbounded
  // but for the controller's own watch.
  if (state() == DeviceState::unconfigured) {
    const DeviceError why = refusal(name_, "VALVE CLOSE", DeviceState::unconfigured,
                                    connected_ ? "configure() has not set the trip limit and watchdog on this board"
                                               : "connect and configure first");
    loop_.schedule_after(0, [done = std::move(done), why] { done(why); });
    return;
  }
  set_valve(true, std::move(done));
}
void RigIoBoard::release(Callback<Unit> done) { set_valve(false, std::move(done)); }

void RigIoBoard::clear_trip(Callback<Unit> done) {
  ask_expect("TRIP CLEAR", RigIoKind::trip, [this, done](const RigIoReply& r) {
    if (r.on) return done(error("the trip is still latched after TRIP CLEAR"));
    done(Unit{});
  }, [done](const DeviceError& e) { done(e); });
}

void RigIoBoard::read(Callback<IoReading> done) {
  ask_expect("READ", RigIoKind::record, [this, done](const RigIoReply& r) {
    on_record(r.record);
    done(to_reading(r.record));
  }, [done](const DeviceError& e) { done(e); });
}

void RigIoBoard::disconnect(Callback<Unit> done) {
  on_io_ = {};
  on_io_fault_ = {};
  on_pressure_ = {};
  on_pressure_fault_ = {};
  update_stream();
  connected_ = false;
  config_applied_ = false;
  loop_.cancel(heartbeat_timer_);
  heartbeat_timer_ = 0;
  release(std::move(done));
}

// ---------------------------------------------------------------------------------------------
// Streaming

void RigIoBoard::start_streaming(Nanos period, std::function<void(const IoReading&)> on_reading,
                                 std::function<void(const DeviceError&)> on_fault) {
  io_period_ = period;
  on_io_ = std::move(on_reading);
  on_io_fault_ = std::move(on_fault);
  update_stream();
}

void RigIoBoard::stop_streaming() {
  on_io_ = {};
  on_io_fault_ = {};
  update_stream();
}

void RigIoBoard::start_pressure(Nanos period, std::function<void(const PressureReading&)> on_reading,
                                std::function<void(const DeviceError&)> on_fault) {
  pressure_period_ = period;
  on_pressure_ = std::move(on_reading);
  on_pressure_fault_ = std::move(on_fault);
  update_stream();
}

void RigIoBoard::stop_pressure() {
  on_pressure_ = {};
  on_pressure_fault_ = {};
  update_stream();
}

// One stream on the board serves both subscribers, at the faster of their periods.
void RigIoBoard::update_stream() {
  Nanos want = 0;
  if (on_io_) want = io_period_;
  if (on_pressure_) want = want == 0 ? pressure_period_ : std::min(want, pressure_period_);
  if (want == stream_period_) return;
  stream_period_ = want;
  stale_reported_ = false;
  send_stream_command(want);
  if (want > 0) {
    arm_stale();
  } else {
    loop_.cancel(stale_timer_);
    stale_timer_ = 0;
  }
}

void RigIoBoard::send_stream_command(Nanos period) {
  const auto ms = static_cast<std::uint32_t>(millis_ceil(period));
  ask_expect(fmt::format("STREAM {}", ms), RigIoKind::stream, [this, ms](const RigIoReply& r) {
    if (r.number != ms) fault(error(fmt::format("STREAM {}: the board streams every {} ms", ms, r.number)));
  }, [this](const DeviceError& e) { fault(e); });
}

void RigIoBoard::arm_stale() {
  loop_.cancel(stale_timer_);
  // Half a period of grace on top: arrival times jitter with the length of the lines before.
  stale_timer_ = loop_.schedule_after(stale_periods_ * stream_period_ + stream_period_ / 2, [this] {
    stale_timer_ = 0;
    on_stale();
  });
}

// One report per stale spell; the stream is asked for again each time (the board may have
// restarted, or the STREAM command was lost).
void RigIoBoard::on_stale() {
  if (stream_period_ <= 0) return;
  ++stale_reports_;
  const std::string why = fmt::format("no stream record for {} ms ({} periods of {} ms): readings are stale",
                                      stale_periods_ * stream_period_ / kNanosPerMilli, stale_periods_,
                                      stream_period_ / kNanosPerMilli);
  event(EventKind::stream, why + "; asking for the stream again");
  if (!stale_reported_) {
    stale_reported_ = true;
    fault(error(why));
  }
  send_stream_command(stream_period_);
  arm_stale();
}

void RigIoBoard::on_record(const RigIoRecord& rec) {
  ++records_;
  const IoReading reading = to_reading(rec);
  last_reading_ = reading;
  occluded_ = rec.occluder_closed;
  note_alarm(rec.alarm);
  if (stream_period_ <= 0) return;
  stale_reported_ = false;
  arm_stale();
  std::weak_ptr<bool> alive = alive_;
  if (auto cb = on_io_) cb(reading);  // copies: a callback may stop or restart the stream
  if (alive.expired() || !*alive.lock()) return;
  if (auto cb = on_pressure_) cb(PressureReading{reading.t_ns, reading.pressure_mmhg, reading.pressure2_mmhg, reading.sensor_fault});
}

IoReading RigIoBoard::to_reading(const RigIoRecord& rec) const {
  IoReading r;
  r.t_ns = loop_.now();
  r.board_ms = rec.board_ms;
  r.pressure_mmhg = rec.pressure_mmhg;
  r.pressure2_mmhg = rec.pressure2_mmhg;
  r.temperature_c = rec.temperature_c;
  r.alarm = rec.alarm;
  r.occluder_closed = rec.occluder_closed;
  r.tripped = rec.tripped;
  r.watchdog_released = rec.watchdog_released;
  r.sensor_fault = rec.sensor_fault;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Heartbeat

void RigIoBoard::arm_heartbeat() {
  loop_.cancel(heartbeat_timer_);
  heartbeat_timer_ = 0;
  if (!connected_ || heartbeat_period_ <= 0) return;
  heartbeat_timer_ = loop_.schedule_after(heartbeat_period_, [this] {
    heartbeat_timer_ = 0;
    on_heartbeat();
  });
}

// Any command feeds the board's watchdog, so a PING goes out only when nothing else did.
void RigIoBoard::on_heartbeat() {
  if (!connected_) return;
  if (!ping_outstanding_ && loop_.now() - last_sent_ >= heartbeat_period_) {
    ping_outstanding_ = true;
    ++heartbeats_;
    ask("PING", [this](Outcome<RigIoReply> r) {
      ping_outstanding_ = false;
      if (!r) return fault(error("heartbeat lost: " + r.error().message));
      if (r->kind != RigIoKind::pong) fault(error(fmt::format("unexpected reply to PING: {}", to_string(r->kind))));
    });
  }
  arm_heartbeat();
}

// ---------------------------------------------------------------------------------------------
// Unsolicited lines

void RigIoBoard::on_unsolicited(const std::string& frame) {
  const RigIoReply r = parse_rigio_line(frame);
  switch (r.kind) {
    case RigIoKind::record:
      return on_record(r.record);
    case RigIoKind::event_trip:
      occluded_ = false;
      event(EventKind::interlock, fmt::format("board tripped ({}) at {:.1f} mmHg and opened the occluder",
                                     r.trip_cause == "OVER" ? "over-pressure" : "sensor fault", r.value));
      return board_event({loop_.now(), IoBoardEventKind::trip, r.value, r.trip_cause});
    case RigIoKind::event_watchdog:
      occluded_ = false;
      event(EventKind::interlock, "board watchdog opened the occluder: the host was silent too long");
      return board_event({loop_.now(), IoBoardEventKind::watchdog_release, 0.0, ""});
    case RigIoKind::event_alarm:
      return note_alarm(r.on);
    case RigIoKind::ready:
      occluded_ = false;
      config_applied_ = false;  // back at its defaults until the settings are re-applied
      if (!connected_) return;  // the power-up banner before connect() is no news
      event(EventKind::fault, "the board restarted (power or reset): occluder open, settings back to defaults");
      board_event({loop_.now(), IoBoardEventKind::restarted, 0.0, ""});
      if (config_) apply_config([this](const DeviceError& e) { fault(e); }, [] {});
      if (stream_period_ > 0) send_stream_command(stream_period_);
      return;
    case RigIoKind::error:
      return event(EventKind::fault, fmt::format("board answered ERR {:02} {} to a line it did not understand", r.error_code,
                                        r.error_name));
    case RigIoKind::malformed:
      ++garbled_lines_;
      return event(EventKind::garbled, fmt::format("unreadable line from the board: {}", printable_frame(frame)));
    default:
      return;  // a late reply to a request that already gave up
  }
}

void RigIoBoard::note_alarm(bool active) {
  if (alarm_ == active) return;
  const bool first = !alarm_.has_value();
  alarm_ = active;
  if (first && !active) return;  // the first look says "no alarm": not a change worth reporting
  event(EventKind::alarm, active ? "pump alarm sensed" : "pump alarm ended");
  std::weak_ptr<bool> alive = alive_;
  if (auto cb = on_alarm_) cb(AlarmChange{loop_.now(), active});
  if (alive.expired() || !*alive.lock()) return;
  board_event({loop_.now(), active ? IoBoardEventKind::alarm_on : IoBoardEventKind::alarm_off, 0.0, ""});
}

void RigIoBoard::board_event(IoBoardEvent e) {
  if (auto cb = on_board_event_) cb(e);
}

void RigIoBoard::fault(const DeviceError& e) {
  std::weak_ptr<bool> alive = alive_;
  if (auto cb = on_io_fault_) cb(e);
  if (alive.expired() || !*alive.lock()) return;
  if (auto cb = on_pressure_fault_) cb(e);
}

void RigIoBoard::event(EventKind kind, const std::string& message) {
  if (events_) events_(RigEvent{loop_.now(), kind, name_, message});
}

}  // namespace pumprig
