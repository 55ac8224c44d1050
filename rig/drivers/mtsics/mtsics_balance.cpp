#include "rig/drivers/mtsics/mtsics_balance.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>


namespace pumprig {

namespace {

std::string summary(const MtsicsReply& r) {
  if (r.kind == MtsicsKind::general_error) return r.id;
  return r.status ? fmt::format("{} {}", r.id, r.status) : r.id;
}

// "XPR205 220.0000 g": the capacity is the number before the unit at the end.
std::optional<double> capacity_from_i2(const std::string& text) {
  const auto last_space = text.find_last_of(' ');
  if (last_space == std::string::npos) return std::nullopt;
  const std::string unit = text.substr(last_space + 1);
  const std::string head = text.substr(0, last_space);
  const auto prev_space = head.find_last_of(' ');
  const std::string number = prev_space == std::string::npos ? head : head.substr(prev_space + 1);
  const MtsicsReply probe = parse_mtsics_line("X A " + number + " " + unit);
  if (probe.kind != MtsicsKind::weight) return std::nullopt;
  return mtsics_to_grams(probe.value, probe.unit);
}

// I1's texts: the levels the balance implements ("012"), then the version of each level's set.
std::string protocol_from_i1(const std::vector<std::string>& texts) {
  if (texts.empty() || texts[0].empty()) return "MT-SICS";
  std::string out = "MT-SICS level " + texts[0];
  for (std::size_t i = 1; i < texts.size(); ++i)
    if (!texts[i].empty()) out += fmt::format(", V{} {}", i - 1, texts[i]);
  return out;
}

}  // namespace

MtsicsBalance::MtsicsBalance(EventLoop& loop, Link& link, std::string name, ExchangeOptions options, EventSink events)
    : loop_(loop), name_(std::move(name)), options_(options), events_(std::move(events)) {
  channel_ = std::make_unique<ExchangeChannel>(loop_, link, std::make_unique<MtsicsLineFramer>(), name_, options_, events_);
  channel_->on_unsolicited([this](const std::string& frame) { on_unsolicited(frame); });
}

MtsicsBalance::~MtsicsBalance() {
  loop_.cancel(tick_timer_);
  loop_.cancel(watchdog_timer_);
  // The channel, destroyed after this, tells the one-shot callers still waiting (`abandon`).
}

// ---------------------------------------------------------------------------------------------
// One-shot calls

void MtsicsBalance::ask_text(const std::string& command, std::function<void(std::string)> next,
                             std::function<void(const DeviceError&)> fail) {
  auto op = std::make_unique<Op>();
  op->command = command;
  op->abandon = fail;
  op->done = [this, command, next = std::move(next), fail](Outcome<MtsicsReply> r) {
    if (!r) return fail(r.error());
    if (r->kind == MtsicsKind::text && r->status == 'A') return next(r->text);
    if (r->kind == MtsicsKind::ack && r->status == 'A')
      return fail(error(fmt::format("{} reply carries no text ({})", command, summary(*r))));
    fail(reply_error(*r, command));
  };
  submit(std::move(op));
}

void MtsicsBalance::ask_optional_texts(const std::string& command, std::function<void(std::vector<std::string>)> next,
                                       std::function<void(const DeviceError&)> abandon) {
  auto op = std::make_unique<Op>();
  op->command = command;
  op->abandon = std::move(abandon);
  op->done = [this, command, next = std::move(next)](Outcome<MtsicsReply> r) {
    if (r && r->kind == MtsicsKind::text && r->status == 'A') return next(r->texts);
    // ES is how a balance without the command answers; anything else is worth a line in the log.
    if (!r || !(r->kind == MtsicsKind::general_error && r->id == "ES"))
      event(EventKind::info, fmt::format("{} not answered ({}); identified without it", command,
                                         r ? reply_error(*r, command).message : r.error().message));
    next({});
  };
  submit(std::move(op));
}

// @ resets the balance (ends any stream a previous session left running) and names it; I1 (MT-SICS
// level and versions) and I5 (software material number) are level 0 on today's balances, which
// clients call when they connect, but older ones answer ES: they are read when answered.
void MtsicsBalance::connect(Callback<InstrumentIdentity> done) {
  auto cb = std::make_shared<Callback<InstrumentIdentity>>(std::move(done));
  auto id = std::make_shared<InstrumentIdentity>();
  id->manufacturer = "Mettler Toledo";
  id->protocol = "MT-SICS";
  state_ = DeviceState::unconfigured;
  auto fail = [cb](const DeviceError& e) { (*cb)(e); };
  auto finish = [this, cb, id, fail] {
    ask_optional_texts("I5", [this, cb, id](std::vector<std::string> texts) {
      if (!texts.empty()) id->software_number = texts.front();
      state_ = DeviceState::configured;
      (*cb)(*id);
    }, fail);
  };
  ask_text("@", [this, id, fail, finish](std::string serial) {
    id->serial = std::move(serial);
    ask_optional_texts("I1", [this, id, fail, finish](std::vector<std::string> texts) {
      id->protocol = protocol_from_i1(texts);
      ask_text("I2", [this, id, fail, finish](std::string model) {
        capacity_g_ = capacity_from_i2(model);
        id->model = std::move(model);
        ask_text("I3", [this, id, fail, finish](std::string firmware) {
          id->firmware = std::move(firmware);
          ask_text("I4", [id, finish](std::string serial) {
            id->serial = std::move(serial);
            finish();
          }, fail);
        }, fail);
      }, fail);
    }, fail);
  }, fail);
}

void MtsicsBalance::tare(Callback<double> done) {
  auto op = std::make_unique<Op>();
  op->command = "T";
  op->wait_timeout = stable_reply_timeout_;
  op->abandon = [done](const DeviceError& e) { done(e); };
  op->done = [this, done](Outcome<MtsicsReply> r) {
    if (!r) return done(r.error());
    if (r->kind == MtsicsKind::weight && r->id == "T" && r->status == 'S') {
      if (const auto g = mtsics_to_grams(r->value, r->unit)) return done(*g);
      return done(error(fmt::format("tare weight in unit '{}', which the driver does not convert; set the balance to g",
                                    r->unit)));
    }
    done(reply_error(*r, "T"));
  };
  submit(std::move(op));
}

void MtsicsBalance::zero(Callback<Unit> done) {
  auto op = std::make_unique<Op>();
  op->command = "Z";
  op->wait_timeout = stable_reply_timeout_;
  op->abandon = [done](const DeviceError& e) { done(e); };
  op->done = [this, done](Outcome<MtsicsReply> r) {
    if (!r) return done(r.error());
    if (r->kind == MtsicsKind::ack && r->id == "Z" && r->status == 'A') return done(Unit{});
    done(reply_error(*r, "Z"));
  };
  submit(std::move(op));
}

void MtsicsBalance::read_stable(Callback<BalanceReading> done) {
  auto op = std::make_unique<Op>();
  op->command = "S";
  op->wait_timeout = stable_reply_timeout_;
  op->abandon = [done](const DeviceError& e) { done(e); };
  op->done = [this, done](Outcome<MtsicsReply> r) {
    if (!r) return done(r.error());
    done(to_reading(*r, "S"));
  };
  submit(std::move(op));
}

// ---------------------------------------------------------------------------------------------
// Readings

void MtsicsBalance::start_readings(Nanos period, std::function<void(const BalanceReading&)> on_reading,
                                   std::function<void(const DeviceError&)> on_fault) {
  stop_readings();
  ++session_;
  on_reading_ = std::move(on_reading);
  on_fault_ = std::move(on_fault);
  poll_outstanding_ = false;
  sir_outstanding_ = false;
  last_hw_error_.clear();
  if (period > 0) {
    mode_ = Mode::polling;
    period_ = period;
    next_tick_at_ = loop_.now();
    poll_tick();
  } else {
    mode_ = Mode::streaming;
    start_stream();
  }
}

void MtsicsBalance::stop_readings() {
  if (mode_ == Mode::idle) return;
  const Mode was = mode_;
  mode_ = Mode::idle;
  ++session_;
  loop_.cancel(tick_timer_);
  loop_.cancel(watchdog_timer_);
  tick_timer_ = watchdog_timer_ = 0;
  poll_outstanding_ = sir_outstanding_ = false;
  // Polls not yet sent are pointless now; one already on the wire finishes and is dropped.
  channel_->drop_polls();
  on_reading_ = {};
  on_fault_ = {};
  if (was == Mode::streaming) {
    auto op = std::make_unique<Op>();
    op->command = "@";  // ends SIR; the balance keeps its tare
    op->done = [this](Outcome<MtsicsReply> r) {
      if (!r) event(EventKind::fault, "could not end the SIR stream: " + r.error().message);
    };
    submit(std::move(op));
  }
}

void MtsicsBalance::poll_tick() {
  tick_timer_ = 0;
  if (poll_outstanding_) {
    ++skipped_polls_;  // the last poll is still out: skip, never queue a backlog
  } else {
    poll_outstanding_ = true;
    auto op = std::make_unique<Op>();
    op->command = "SI";
    op->poll = true;
    op->done = [this, session = session_](Outcome<MtsicsReply> r) {
      if (session != session_) return;
      poll_outstanding_ = false;
      if (!r) return fault(r.error());
      deliver(*r, "SI");
    };
    submit(std::move(op));
  }
  // Ticks sit on a fixed grid from the start, so the rate does not drift; ticks the loop was too
  // late for are skipped rather than fired in a burst.
  const Nanos now = loop_.now();
  next_tick_at_ += period_;
  while (next_tick_at_ < now) {
    next_tick_at_ += period_;
    ++skipped_polls_;
  }
  tick_timer_ = loop_.schedule_at(next_tick_at_, [this] { poll_tick(); });
}

void MtsicsBalance::start_stream() {
  arm_watchdog();
  if (sir_outstanding_) return;
  sir_outstanding_ = true;
  auto op = std::make_unique<Op>();
  op->command = "SIR";
  op->poll = true;
  op->done = [this, session = session_](Outcome<MtsicsReply> r) {
    if (session != session_) return;
    sir_outstanding_ = false;
    if (!r) return fault(r.error());  // the watchdog restarts the stream
    arm_watchdog();
    deliver(*r, "SIR");
  };
  submit(std::move(op));
}

void MtsicsBalance::arm_watchdog() {
  loop_.cancel(watchdog_timer_);
  fault_since_arm_ = false;
  watchdog_timer_ = loop_.schedule_after(silence_limit_, [this] {
    watchdog_timer_ = 0;
    on_watchdog();
  });
}

void MtsicsBalance::on_watchdog() {
  if (mode_ != Mode::streaming) return;
  if (sir_outstanding_) {  // the SIR request itself is still being retried; it reports its own failure
    arm_watchdog();
    return;
  }
  // One fault per silent spell: if a fault was just reported (a failed SIR), restart quietly.
  const bool report = !fault_since_arm_;
  const std::string why =
      fmt::format("no line from the SIR stream for {} ms; restarting SIR", silence_limit_ / kNanosPerMilli);
  ++stream_restarts_;
  event(EventKind::stream, why);
  start_stream();
  if (report) fault(error(why));
}

void MtsicsBalance::deliver(const MtsicsReply& reply, const std::string& command) {
  auto reading = to_reading(reply, command);
  if (!reading) return fault(reading.error());
  if (reading->status == WeightStatus::error) {
    if (reply.error != last_hw_error_)
      event(EventKind::fault, fmt::format("balance reports hardware error {} in reply to {}", reply.error, command));
    last_hw_error_ = reply.error;
  } else {
    last_hw_error_.clear();
  }
  auto cb = on_reading_;  // a copy: the callback may stop or restart the readings
  if (cb) cb(*reading);
}

void MtsicsBalance::fault(const DeviceError& e) {
  fault_since_arm_ = true;
  auto cb = on_fault_;
  if (cb) cb(e);
}

void MtsicsBalance::event(EventKind kind, const std::string& message) {
  if (events_) events_(RigEvent{loop_.now(), kind, name_, message});
}

// ---------------------------------------------------------------------------------------------
// The queue

void MtsicsBalance::submit(std::unique_ptr<Op> op) {
  std::shared_ptr<Op> shared = std::move(op);
  ExchangeChannel::Request r;
  r.label = shared->command;
  r.bytes = mtsics_command_bytes(shared->command);
  r.classify = [this, shared](const std::string& frame) { return classify(frame, *shared); };
  r.done = [this, shared](Outcome<std::string> reply) {
    if (!reply) {
      if (shared->et_replies == 0) return shared->done(reply.error());
      return shared->done(error(fmt::format("ET transmission error for command {} ({})", shared->command, reply.error().message)));
    }
    shared->done(parse_mtsics_line(*reply));
  };
  // S, T and Z are answered once the balance is stable: they wait longer than a quick command.
  if (shared->wait_timeout > 0) r.reply_timeout = shared->wait_timeout;
  r.poll = shared->poll;
  r.abandon = shared->abandon;
  channel_->exchange(std::move(r));
}

FrameVerdict MtsicsBalance::classify(const std::string& frame, Op& op) const {
  const MtsicsReply r = parse_mtsics_line(frame);
  if (r.kind == MtsicsKind::malformed) {
    // While SIR streams, an unreadable line is more likely a stream line than our reply; the
    // reply timeout still catches a reply that was garbled.
    return mode_ == Mode::streaming ? FrameVerdict::ignore : FrameVerdict::garbled;
  }
  if (r.kind == MtsicsKind::general_error) {
    if (r.id == "ET") {  // the balance got our command garbled: sending it again is the cure
      ++op.et_replies;
      return FrameVerdict::garbled;
    }
    return FrameVerdict::reply;
  }
  if (r.id != mtsics_reply_id(op.command)) return FrameVerdict::ignore;
  if (op.command == "C" && r.status == 'B') return FrameVerdict::ignore;  // "C B" comes before "C A"
  if (op.command == "S" && r.status == 'D') return FrameVerdict::ignore;  // a streamed SI line
  return FrameVerdict::reply;
}

void MtsicsBalance::on_unsolicited(const std::string& frame) {
  if (mode_ != Mode::streaming) return;  // late replies, or a stream we already stopped
  const MtsicsReply r = parse_mtsics_line(frame);
  if (r.kind == MtsicsKind::malformed) {
    ++garbled_stream_lines_;
    event(EventKind::garbled, fmt::format("unreadable line in the SIR stream: {}", printable_frame(frame)));
    return;
  }
  if (r.id != "S") return;
  arm_watchdog();
  deliver(r, "SIR");
}

// ---------------------------------------------------------------------------------------------
// Replies to readings and errors

Outcome<BalanceReading> MtsicsBalance::to_reading(const MtsicsReply& r, const std::string& command) const {
  BalanceReading reading;
  reading.t_ns = loop_.now();  // balances send no time: stamp on arrival
  if (r.id == "S" && r.kind == MtsicsKind::weight && (r.status == 'S' || r.status == 'D')) {
    const auto g = mtsics_to_grams(r.value, r.unit);
    if (!g)
      return error(fmt::format("weight in unit '{}' in reply to {}, which the driver does not convert; set the balance to g",
                               r.unit, command));
    reading.mass_g = *g;
    reading.stable = r.status == 'S';
    return reading;
  }
  if (r.id == "S" && r.kind == MtsicsKind::ack && r.status == '+') {
    reading.status = WeightStatus::overload;
    return reading;
  }
  if (r.id == "S" && r.kind == MtsicsKind::ack && r.status == '-') {
    reading.status = WeightStatus::underload;
    return reading;
  }
  if (r.id == "S" && r.kind == MtsicsKind::hardware_error) {
    reading.status = WeightStatus::error;
    return reading;
  }
  return reply_error(r, command);
}

DeviceError MtsicsBalance::reply_error(const MtsicsReply& r, const std::string& command) const {
  switch (r.kind) {
    case MtsicsKind::general_error:
      return error(fmt::format("{} {} for command {}", r.id, describe_mtsics_error(r.id), command));
    case MtsicsKind::hardware_error:
      return error(fmt::format("hardware error {} in reply to {}", r.error, command));
    case MtsicsKind::malformed:
      return error(fmt::format("unreadable reply to {}", command));
    default:
      break;
  }
  switch (r.status) {
    case 'I':
      return error(fmt::format("{} not executed: balance busy or not stable within its timeout ({})", command,
                               summary(r)));
    case 'L':
      return error(fmt::format("{} not executed: parameter not accepted ({})", command, summary(r)));
    case '+':
      return error(fmt::format("{} not executed: balance in overload ({})", command, summary(r)));
    case '-':
      return error(fmt::format("{} not executed: balance in underload ({})", command, summary(r)));
    default:
      return error(fmt::format("unexpected reply to {}: {} ({})", command, summary(r), to_string(r.kind)));
  }
}

}  // namespace pumprig
