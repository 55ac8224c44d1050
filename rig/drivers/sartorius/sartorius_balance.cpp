#include "rig/drivers/sartorius/sartorius_balance.hpp"

#include <cmath>

#include <fmt/format.h>

namespace pumprig {

namespace {

const std::string kEsc = "\x1b";

std::string printable_command(const std::string& command) {
  std::string out;
  for (const char c : command) out += c == '\x1b' ? std::string("ESC ") : std::string(1, c);
  return out;
}

}  // namespace

SartoriusBalance::SartoriusBalance(EventLoop& loop, Link& link, std::string name, ExchangeOptions options,
                                   EventSink events)
    : loop_(loop), name_(std::move(name)), options_(options), events_(std::move(events)) {
  channel_ = std::make_unique<ExchangeChannel>(loop_, link, std::make_unique<SbiLineFramer>(), name_, options_, events_);
  channel_->on_unsolicited([this](const std::string& frame) { on_unsolicited(frame); });
}

SartoriusBalance::~SartoriusBalance() {
  loop_.cancel(tick_timer_);
  loop_.cancel(watchdog_timer_);
  // A stable wait between two prints has no request in the channel: tell its caller here, once,
  // later on the loop (the channel does the same for requests on the wire).
  for (auto& [id, s] : sleepers_) {
    loop_.cancel(s.timer);
    if (s.abandon)
      loop_.schedule_after(0, [abandon = s.abandon, e = error("cancelled: driver shut down")] { abandon(e); });
  }
}

// ---------------------------------------------------------------------------------------------
// One-shot calls

void SartoriusBalance::ask_text(const std::string& command, std::function<void(std::string)> next,
                                std::function<void(const DeviceError&)> fail) {
  ExchangeChannel::Request r;
  r.label = "ESC " + command;
  r.bytes = sbi_command_bytes(command);
  r.classify = [](const std::string& frame) {
    if (sbi_text(frame)) return FrameVerdict::reply;
    // A weight line is an auto-print line passing by, not the answer; anything else unreadable
    // is the answer garbled.
    return parse_sbi_line(frame).kind != SbiKind::malformed ? FrameVerdict::ignore : FrameVerdict::garbled;
  };
  r.done = [next = std::move(next), fail](Outcome<std::string> reply) {
    if (!reply) return fail(reply.error());
    next(*sbi_text(*reply));
  };
  r.abandon = fail;
  channel_->exchange(std::move(r));
}

void SartoriusBalance::connect(Callback<InstrumentIdentity> done) {
  auto cb = std::make_shared<Callback<InstrumentIdentity>>(std::move(done));
  auto id = std::make_shared<InstrumentIdentity>();
  id->manufacturer = "Sartorius";
  id->protocol = "SBI";
  state_ = DeviceState::unconfigured;
  tare_g_ = 0.0;
  auto fail = [cb](const DeviceError& e) { (*cb)(e); };
  ask_text("x1_", [this, cb, id, fail](std::string model) {
    id->model = std::move(model);
    ask_text("x2_", [this, cb, id, fail](std::string serial) {
      id->serial = std::move(serial);
      ask_text("x3_", [this, cb, id](std::string firmware) {
        id->firmware = std::move(firmware);
        state_ = DeviceState::configured;
        (*cb)(*id);
      }, fail);
    }, fail);
  }, fail);
}

void SartoriusBalance::print(const std::string& prefix, bool poll, LineFn done,
                             std::function<void(const DeviceError&)> abandon) {
  const std::string command = prefix.empty() ? "P" : prefix;
  ExchangeChannel::Request r;
  r.label = prefix.empty() ? "ESC P" : fmt::format("ESC {} ESC P", prefix);
  r.bytes = sbi_command_bytes(command);
  if (!prefix.empty()) {
    const Bytes p = sbi_command_bytes("P");
    r.bytes.insert(r.bytes.end(), p.begin(), p.end());
  }
  r.classify = [this](const std::string& frame) {
    if (parse_sbi_line(frame).kind != SbiKind::malformed) return FrameVerdict::reply;
    // While auto print streams, an unreadable line is more likely a stream line than our reply;
    // the reply timeout still catches a garbled reply.
    return mode_ == Mode::streaming ? FrameVerdict::ignore : FrameVerdict::garbled;
  };
  r.done = [done = std::move(done)](Outcome<std::string> reply) {
    if (!reply) return done(reply.error());
    done(parse_sbi_line(*reply));
  };
  r.poll = poll;
  r.abandon = std::move(abandon);
  channel_->exchange(std::move(r));
}

void SartoriusBalance::until_stable(const std::string& prefix, Nanos deadline, Callback<BalanceReading> done,
                                    bool first) {
  const std::string label = prefix.empty() ? "ESC P" : fmt::format("ESC {} ESC P", prefix);
  auto abandon = [done](const DeviceError& e) { done(e); };
  // While the balance auto-prints, the first line after a command may have been printed before
  // the balance worked it off (or before a load just placed reached the display): only a line
  // from a later print counts.
  const bool trust = !(first && mode_ == Mode::streaming);
  print(prefix, false, [this, deadline, done, label, trust](Outcome<SbiReading> line) {
    if (!line) return done(line.error());
    auto reading = to_reading(*line, label);
    if (!reading) return done(reading.error());
    if (reading->status != WeightStatus::ok)
      return done(error(fmt::format("balance shows {} in reply to {}", to_string(line->kind), label)));
    if (reading->stable && trust) return done(*reading);
    if (loop_.now() >= deadline)
      return done(error(fmt::format("balance not stable within {:g} s (unit field blank in reply to {})",
                                    to_seconds(stable_reply_timeout_), label)));
    const std::uint64_t id = next_sleeper_++;
    Sleeper& s = sleepers_[id];
    s.abandon = [done](const DeviceError& e) { done(e); };
    s.timer = loop_.schedule_after(stable_poll_interval_, [this, id, deadline, done] {
      sleepers_.erase(id);
      until_stable("", deadline, done, false);
    });
  }, abandon);
}

void SartoriusBalance::read_stable(Callback<BalanceReading> done) {
  until_stable("", loop_.now() + stable_reply_timeout_, std::move(done));
}

void SartoriusBalance::tare(Callback<double> done) {
  // First a stable reading: it is what the tare takes away (SBI reports no tare weight).
  read_stable([this, done](Outcome<BalanceReading> before) {
    if (!before) return done(before.error());
    const double taken_g = before->mass_g;
    until_stable("U", loop_.now() + stable_reply_timeout_, [this, done, taken_g](Outcome<BalanceReading> after) {
      if (!after) return done(after.error());
      // The display must have moved by the tared load: otherwise the balance did not tare (a
      // model without ESC U, or a key lock).
      if (std::fabs(taken_g) > 1e-3 && std::fabs(after->mass_g) > std::fabs(taken_g) / 2)
        return done(error(fmt::format("tare not taken: {:.6g} g before ESC U, {:.6g} g after", taken_g, after->mass_g)));
      tare_g_ += taken_g;
      done(tare_g_);
    });
  });
}

void SartoriusBalance::zero(Callback<Unit> done) {
  read_stable([this, done](Outcome<BalanceReading> before) {
    if (!before) return done(before.error());
    const double shown_g = before->mass_g;
    until_stable("V", loop_.now() + stable_reply_timeout_, [this, done, shown_g](Outcome<BalanceReading> after) {
      if (!after) return done(after.error());
      if (std::fabs(shown_g) > 1e-3 && std::fabs(after->mass_g) > std::fabs(shown_g) / 2)
        return done(error(fmt::format("zero not taken: {:.6g} g before ESC V, {:.6g} g after (outside the zero range?)",
                                      shown_g, after->mass_g)));
      tare_g_ = 0.0;  // a new zero clears the tare memory
      done(Unit{});
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Readings

void SartoriusBalance::start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                                      std::function<void(const DeviceError&)> on_fault) {
  stop_readings();
  ++session_;
  on_reading_ = std::move(on_reading);
  on_fault_ = std::move(on_fault);
  poll_outstanding_ = false;
  last_error_code_.clear();
  if (period > 0) {
    mode_ = Mode::polling;
    period_ = period;
    next_tick_at_ = loop_.now();
    poll_tick();
  } else {
    mode_ = Mode::streaming;
    arm_watchdog();
  }
}

void SartoriusBalance::stop_readings() {
  if (mode_ == Mode::idle) return;
  mode_ = Mode::idle;
  ++session_;
  loop_.cancel(tick_timer_);
  loop_.cancel(watchdog_timer_);
  tick_timer_ = watchdog_timer_ = 0;
  poll_outstanding_ = false;
  channel_->drop_polls();
  on_reading_ = {};
  on_fault_ = {};
  // Auto print goes on: it is the balance's setting, and its lines are dropped while idle.
}

void SartoriusBalance::poll_tick() {
  tick_timer_ = 0;
  if (poll_outstanding_) {
    ++skipped_polls_;  // the last poll is still out: skip, never queue a backlog
  } else {
    poll_outstanding_ = true;
    print("", true, [this, session = session_](Outcome<SbiReading> r) {
      if (session != session_) return;
      poll_outstanding_ = false;
      if (!r) return fault(r.error());
      deliver(*r, "ESC P");
    }, {});
  }
  // A fixed grid from the start, so the rate does not drift; late ticks are skipped, not burst.
  const Nanos now = loop_.now();
  next_tick_at_ += period_;
  while (next_tick_at_ < now) {
    next_tick_at_ += period_;
    ++skipped_polls_;
  }
  tick_timer_ = loop_.schedule_at(next_tick_at_, [this] { poll_tick(); });
}

void SartoriusBalance::arm_watchdog() {
  loop_.cancel(watchdog_timer_);
  watchdog_timer_ = loop_.schedule_after(silence_limit_, [this] {
    watchdog_timer_ = 0;
    on_watchdog();
  });
}

void SartoriusBalance::on_watchdog() {
  if (mode_ != Mode::streaming) return;
  ++stream_silences_;
  const std::string why = fmt::format(
      "no auto-print line for {} ms (is auto print on in the balance menu?); asking with ESC P", silence_limit_ / kNanosPerMilli);
  event(EventKind::stream, why);
  fault(error(why));
  if (mode_ != Mode::streaming) return;  // the fault handler stopped the readings
  arm_watchdog();
  print("", true, [this, session = session_](Outcome<SbiReading> r) {
    if (session != session_ || !r) return;  // the watchdog reports a balance that stays silent
    deliver(*r, "ESC P");
  }, {});
}

void SartoriusBalance::deliver(const SbiReading& line, const std::string& command) {
  auto reading = to_reading(line, command);
  if (!reading) return fault(reading.error());
  if (reading->status == WeightStatus::error) {
    if (line.error != last_error_code_)
      event(EventKind::fault, fmt::format("balance shows Err {} in reply to {}", line.error, command));
    last_error_code_ = line.error;
  } else {
    last_error_code_.clear();
  }
  auto cb = on_reading_;  // a copy: the callback may stop or restart the readings
  if (cb) cb(*reading);
}

void SartoriusBalance::on_unsolicited(const std::string& frame) {
  if (mode_ != Mode::streaming) return;  // auto-print lines while nobody reads, late replies
  const SbiReading r = parse_sbi_line(frame);
  if (r.kind == SbiKind::malformed) {
    ++garbled_stream_lines_;
    event(EventKind::garbled, fmt::format("unreadable auto-print line: {}", printable_frame(frame)));
    return;
  }
  arm_watchdog();
  deliver(r, "auto print");
}

void SartoriusBalance::fault(const DeviceError& e) {
  auto cb = on_fault_;
  if (cb) cb(e);
}

void SartoriusBalance::event(EventKind kind, const std::string& message) {
  if (events_) events_(RigEvent{loop_.now(), kind, name_, message});
}

Outcome<BalanceReading> SartoriusBalance::to_reading(const SbiReading& r, const std::string& command) const {
  BalanceReading reading;
  reading.t_ns = loop_.now();  // balances send no time: stamp on arrival
  switch (r.kind) {
    case SbiKind::weight: {
      // An unstable line has no unit: the unit of the balance's last stable line is not known
      // here, so the driver takes grams, the only unit a rig should set (the README says so).
      const std::string unit = r.unit.empty() ? "g" : r.unit;
      const auto g = sbi_to_grams(r.value, unit);
      if (!g)
        return error(fmt::format("weight in unit '{}' in reply to {}, which the driver does not convert; set the balance to g",
                                 r.unit, printable_command(command)));
      reading.mass_g = *g;
      reading.stable = r.stable;
      return reading;
    }
    case SbiKind::overload: reading.status = WeightStatus::overload; return reading;
    case SbiKind::underload: reading.status = WeightStatus::underload; return reading;
    case SbiKind::error: reading.status = WeightStatus::error; return reading;
    case SbiKind::malformed: break;
  }
  return error(fmt::format("unreadable reply to {}", command));
}

}  // namespace pumprig
