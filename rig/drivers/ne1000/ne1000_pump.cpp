#include "rig/drivers/ne1000/ne1000_pump.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/drivers/ne1000/ne1000_framer.hpp"

namespace pumprig {

namespace {

// The NE-1000's alarms as any pump's (its manual: A?R reset, A?S stall, A?T comms timeout, A?E and
// A?O program errors).
PumpAlarm pump_alarm_of(Ne1000Alarm a) {
  switch (a) {
    case Ne1000Alarm::none: return PumpAlarm::none;
    case Ne1000Alarm::reset: return PumpAlarm::reset;
    case Ne1000Alarm::stall: return PumpAlarm::stall;
    case Ne1000Alarm::comms_timeout: return PumpAlarm::comms_timeout;
    case Ne1000Alarm::program_error:
    case Ne1000Alarm::phase_out_of_range: return PumpAlarm::program_error;
  }
  return PumpAlarm::other;
}

}  // namespace

namespace {

std::string label_of(const std::string& command) { return command.empty() ? "status poll" : command; }

// Commands whose reply carries data: the queries (a command word without arguments, other than
// the action commands) and VER/DIS.
bool expects_data(const std::string& command) {
  static const char* const kQueries[] = {"VER", "DIS", "DIA", "RAT", "VOL", "DIR", "SAF"};
  return std::any_of(std::begin(kQueries), std::end(kQueries), [&](const char* q) { return command == q; });
}

PumpState state_of(Ne1000Prompt p) {
  switch (p) {
    case Ne1000Prompt::infusing: return PumpState::infusing;
    case Ne1000Prompt::withdrawing: return PumpState::withdrawing;
    case Ne1000Prompt::stopped: return PumpState::stopped;
    case Ne1000Prompt::paused:
    case Ne1000Prompt::timed_pause:
    case Ne1000Prompt::user_wait: return PumpState::paused;
    case Ne1000Prompt::purging: return PumpState::purging;
    case Ne1000Prompt::alarm: return PumpState::alarm;
  }
  return PumpState::unknown;
}

bool still_alive(const std::weak_ptr<bool>& alive) {
  const auto a = alive.lock();
  return a && *a;
}

}  // namespace

Ne1000Pump::Ne1000Pump(EventLoop& loop, Link& link, std::string name, Ne1000Options options)
    : loop_(loop), name_(std::move(name)), options_(std::move(options)) {
  if (options_.address < 0 || options_.address > 99)
    throw std::invalid_argument(fmt::format("{}: NE-1000 address must be 0-99, got {}", name_, options_.address));
  if (options_.safe_mode_timeout_s < 0 || options_.safe_mode_timeout_s > 255)
    throw std::invalid_argument(
        fmt::format("{}: NE-1000 safe-mode timeout must be 0-255 s, got {}", name_, options_.safe_mode_timeout_s));
  channel_ = std::make_unique<ExchangeChannel>(loop_, link, std::make_unique<Ne1000Framer>(Ne1000Framing::auto_detect),
                                               name_, options_.exchange, options_.events);
  // Late replies (the pump answered just after a resend) and other pumps' replies on a shared bus
  // carry nothing we still wait for. An alarm packet from this pump is news: in safe mode the
  // pump sends one unprompted the moment an alarm occurs (auto-alarm).
  channel_->on_unsolicited([this](const std::string& frame) { on_unprompted(frame); });
  identity_.manufacturer = "New Era Pump Systems";
  if (options_.safe_mode_timeout_s > 0) heartbeat_period_ = seconds(options_.safe_mode_timeout_s) / 3;
}

Ne1000Pump::~Ne1000Pump() {
  shutting_down_ = true;
  monitor_.stop();  // the polls cancelled below report to nobody
  heartbeat_on_ = false;
  loop_.cancel(heartbeat_timer_);
  channel_->cancel_all("pump driver destroyed");
  auto queue = std::move(queue_);
  queue_.clear();
  for (auto& r : queue) r->done(error(fmt::format("{} cancelled: pump driver destroyed", label_of(r->command))));
  *alive_ = false;
}

// ---- exchanges -----------------------------------------------------------------------------

void Ne1000Pump::issue(std::string command, bool either_framing, ReplyFn done) {
  if (shutting_down_) {
    done(error(fmt::format("{} cancelled: pump driver destroyed", label_of(command))));
    return;
  }
  auto req = std::make_unique<Request>();
  req->command = std::move(command);
  req->either_framing = either_framing;
  req->expects_data = expects_data(req->command);
  req->done = std::move(done);
  queue_.push_back(std::move(req));
  send_next();
}

void Ne1000Pump::send_next() {
  if (in_flight_ || queue_.empty() || shutting_down_) return;
  std::shared_ptr<Request> req(std::move(queue_.front()));
  queue_.pop_front();
  in_flight_ = true;
  last_sent_ = loop_.now();
  const bool safe = safe_;
  const bool either = req->either_framing;
  const bool wants_data = req->expects_data;
  const int address = options_.address;
  Bytes bytes = safe ? encode_ne1000_safe_request(address, req->command)
                     : encode_ne1000_basic_request(address, req->command);
  auto classify = [safe, either, wants_data, address](const std::string& frame) {
    const bool safe_form = is_ne1000_safe_frame(frame);
    // In safe mode an unprotected (basic) frame is not trusted, and the other way round.
    if (!either && safe_form != safe) return FrameVerdict::garbled;
    const Ne1000Reply r = parse_ne1000_reply(frame, safe_form);
    if (!r.ok()) return FrameVerdict::garbled;  // bad CRC or unreadable: resend
    if (r.address != address) return FrameVerdict::ignore;
    // ?COM: the pump did not get our packet intact. In the other framing it means the pump is in
    // the other mode, which the caller (connect) has to see.
    if (r.error == Ne1000Error::bad_packet && safe_form == safe) return FrameVerdict::garbled;
    // In safe mode an alarm packet may come unprompted at any moment (auto-alarm), so it is never
    // taken for the reply: it is noted (on_unprompted), and our request's own reply follows. A
    // pump that put the alarm in place of the reply instead costs one timeout and a resend.
    if (r.prompt == Ne1000Prompt::alarm && safe_form && safe) return FrameVerdict::ignore;
    // After a resend the pump may answer twice; the late one must not pass for the next
    // request's reply. Its shape gives it away whenever one of the two is a query, which keeps
    // replies in step (status() always ends with DIS).
    if (r.prompt != Ne1000Prompt::alarm && r.error == Ne1000Error::none && r.data.empty() == wants_data)
      return FrameVerdict::ignore;
    return FrameVerdict::reply;
  };
  channel_->exchange(label_of(req->command), std::move(bytes), std::move(classify),
                     [this, req](Outcome<std::string> frame) mutable { on_reply(std::move(req), std::move(frame)); });
}

void Ne1000Pump::on_reply(std::shared_ptr<Request> req, Outcome<std::string> frame) {
  in_flight_ = false;
  std::weak_ptr<bool> alive = alive_;
  if (!frame) {
    req->done(frame.error());
  } else {
    Ne1000Reply r = parse_ne1000_reply(*frame, is_ne1000_safe_frame(*frame));
    if (r.prompt == Ne1000Prompt::alarm) note_alarm(r.alarm, "in reply to " + label_of(req->command));
    // An alarm took the command's place, or the pump ignored it (?IGN: a program phase started
    // at the same moment): it was not executed, so say it again.
    const bool not_executed =
        (r.prompt == Ne1000Prompt::alarm && !req->command.empty()) || r.error == Ne1000Error::ignored;
    if (not_executed && req->alarm_resends > 0 && !shutting_down_) {
      --req->alarm_resends;
      if (r.error == Ne1000Error::ignored) emit(EventKind::retry, fmt::format("{} answered ?IGN (ignored): resent", label_of(req->command)));
      queue_.push_front(std::make_unique<Request>(std::move(*req)));
      send_next();
      return;
    }
    req->done(std::move(r));
  }
  if (still_alive(alive) && !shutting_down_) send_next();
}

void Ne1000Pump::command(std::string command, ReplyFn done, bool either_framing) {
  std::string label = label_of(command);
  issue(std::move(command), either_framing, [this, label, done = std::move(done)](Outcome<Ne1000Reply> r) {
    if (r && r->error != Ne1000Error::none) {
      done(error(fmt::format("{} rejected: {}", label, describe(r->error))));
      return;
    }
    done(std::move(r));
  });
}

void Ne1000Pump::command_sequence(std::vector<std::string> commands, Callback<Unit> done) {
  struct Sequence {
    std::vector<std::string> commands;
    std::size_t next = 0;
    Callback<Unit> done;
  };
  auto seq = std::make_shared<Sequence>(Sequence{std::move(commands), 0, std::move(done)});
  auto step = std::make_shared<std::function<void()>>();
  // The step function holds itself only through the pending callback, so the chain frees itself.
  *step = [this, seq, weak_step = std::weak_ptr<std::function<void()>>(step)] {
    if (seq->next == seq->commands.size()) {
      seq->done(Unit{});
      return;
    }
    const std::string cmd = seq->commands[seq->next++];
    command(cmd, [seq, strong = weak_step.lock()](Outcome<Ne1000Reply> r) {
      if (!r) {
        seq->done(r.error());
        return;
      }
      (*strong)();
    });
  };
  (*step)();
}

void Ne1000Pump::note_alarm(Ne1000Alarm a, const std::string& during) {
  pending_alarm_ = a;
  // A pump that powered up answers its first poll with A?R: routine, not an alarm of this run.
  // The connect step records it as an event ("reported at connect and cleared").
  if (state_ == DeviceState::unconfigured && a == Ne1000Alarm::reset) return;
  emit(EventKind::alarm, fmt::format("pump alarm {} ({}) {}", ne1000_alarm_code(a), ne1000_alarm_text(a), during));
}

void Ne1000Pump::on_unprompted(const std::string& frame) {
  if (shutting_down_) return;
  const Ne1000Reply r = parse_ne1000_reply(frame, is_ne1000_safe_frame(frame));
  if (!r.ok() || r.address != options_.address || r.prompt != Ne1000Prompt::alarm) return;
  note_alarm(r.alarm, "sent unprompted (auto-alarm)");
}

void Ne1000Pump::emit(EventKind kind, const std::string& message) {
  if (options_.events) options_.events(RigEvent{loop_.now(), kind, name_, message});
}

void Ne1000Pump::enter_mode(bool safe) {
  if (safe != safe_) {
    safe_ = safe;
    emit(EventKind::info, safe ? fmt::format("safe mode on: CRC-framed exchanges, pump stops after {} s of silence",
                                    options_.safe_mode_timeout_s)
                      : std::string("basic mode: no CRC, no comms watchdog"));
  }
  identity_.protocol = safe_ ? "NE-1000 safe mode" : "NE-1000 basic mode";
  heartbeat_on_ = safe_ && heartbeat_period_ > 0 && !shutting_down_;
  schedule_heartbeat();
}

// ---- connect -------------------------------------------------------------------------------

void Ne1000Pump::connect(Callback<InstrumentIdentity> done) {
  // First a status poll: after power-up it draws A?R, and its framing tells whether the pump was
  // left in safe mode by an earlier session. It goes out in basic mode whatever we believed
  // before: a pump in basic mode answers it, and one in safe mode answers ?COM in safe framing,
  // while a safe frame sent to a pump that lost power (and safe mode) would get no answer at all.
  safe_ = false;
  heartbeat_on_ = false;
  state_ = DeviceState::unconfigured;
  schedule_heartbeat();  // cancels it until the mode is settled
  auto after_poll = [this, done](Outcome<Ne1000Reply> r) {
    if (!r) {
      done(r.error());
      return;
    }
    if (r->error != Ne1000Error::none) {
      done(error(fmt::format("status poll rejected: {}", describe(r->error))));
      return;
    }
    if (r->prompt == Ne1000Prompt::alarm)
      emit(EventKind::info, fmt::format("{} ({}) reported at connect and cleared", ne1000_alarm_code(r->alarm),
                                        r->alarm == Ne1000Alarm::reset ? "the pump powered up" : ne1000_alarm_text(r->alarm)));
    pending_alarm_ = Ne1000Alarm::none;  // alarms from before this session are history
    connect_identify(done);
  };
  issue("", true, [this, done, after_poll](Outcome<Ne1000Reply> r) {
    if (r && r->safe_frame != safe_) {
      emit(EventKind::info, fmt::format("pump answered in {} mode; following it", r->safe_frame ? "safe" : "basic"));
      enter_mode(r->safe_frame);
      issue("", false, after_poll);
      return;
    }
    after_poll(std::move(r));
  });
}

void Ne1000Pump::connect_identify(Callback<InstrumentIdentity> done) {
  command("VER", [this, done](Outcome<Ne1000Reply> r) {
    if (!r) {
      done(r.error());
      return;
    }
    const auto v = parse_ne1000_version(r->data);
    if (!v) {
      done(error(fmt::format("VER reply {} is not an NE-1000 version string", printable_frame(r->data))));
      return;
    }
    identity_.model = v->model;
    identity_.firmware = v->firmware;
    identity_.serial.clear();  // the protocol has no serial-number query: the fixture supplies it
    connect_set_mode(done);
  });
}

void Ne1000Pump::connect_set_mode(Callback<InstrumentIdentity> done) {
  const int timeout = options_.safe_mode_timeout_s;
  if (timeout == 0 && !safe_) {
    enter_mode(false);
    state_ = DeviceState::configured;
    done(identity_);
    return;
  }
  // The reply to SAF may come in either framing (the pump switches as it executes the command).
  command(
      fmt::format("SAF {}", timeout),
      [this, done, timeout](Outcome<Ne1000Reply> r) {
        if (!r) {
          done(r.error());
          return;
        }
        enter_mode(timeout > 0);
        state_ = DeviceState::configured;
        done(identity_);
      },
      true);
}

// ---- program and run -----------------------------------------------------------------------

Outcome<std::vector<std::string>> Ne1000Pump::program_commands(const PumpProgram& p) const {
  std::vector<std::string> cmds;
  if (p.syringe_diameter_mm) {
    const auto dia = *p.syringe_diameter_mm > 0.0 ? format_ne1000_number(*p.syringe_diameter_mm) : std::nullopt;
    if (!dia) return error(fmt::format("syringe diameter {} mm cannot be given to an NE-1000", *p.syringe_diameter_mm));
    cmds.push_back("DIA " + *dia);
  }
  const auto rate = choose_ne1000_rate(p.rate_ml_h);
  if (!rate)
    return error(fmt::format("rate {} ml/h cannot be written in the NE-1000's 4-digit format in any unit", p.rate_ml_h));
  cmds.push_back(rate->command());
  if (p.volume_ml) {
    const auto vol = *p.volume_ml > 0.0 ? choose_ne1000_volume(*p.volume_ml) : std::nullopt;
    if (!vol) return error(fmt::format("volume {} ml cannot be given to an NE-1000", *p.volume_ml));
    cmds.push_back(fmt::format("VOL {}", vol->unit_code()));
    cmds.push_back("VOL " + vol->number);
  } else {
    // No volume: pump until stopped. The pump keeps an earlier target otherwise, which would end
    // a long test early.
    cmds.push_back("VOL " + *format_ne1000_number(0.0));
  }
  cmds.push_back("DIR INF");
  // Dispensed volume counts from this program, so status() reports this run's volume.
  cmds.push_back("CLD INF");
  cmds.push_back("CLD WDR");
  return cmds;
}

void Ne1000Pump::refuse(Callback<Unit> done, DeviceError e) {
  loop_.schedule_after(0, [done = std::move(done), e = std::move(e)] { done(e); });
}

std::optional<DeviceError> Ne1000Pump::start_refusal() const {
  if (state_ == DeviceState::unconfigured) return refusal(name_, "RUN", state_, "connect first");
  // In safe mode the pump stops by itself when the host goes silent: only with the heartbeat
  // running is a start safe. A fixture may choose basic mode (safe_mode_timeout 0) for a pump
  // without it, and then there is no heartbeat to wait for.
  if (options_.safe_mode_timeout_s > 0 && !(safe_ && heartbeat_on_))
    return refusal(name_, "RUN", state_, "the safe-mode heartbeat is not running");
  return std::nullopt;
}

void Ne1000Pump::program(const PumpProgram& p, Callback<Unit> done) {
  if (state_ == DeviceState::unconfigured) return refuse(std::move(done), refusal(name_, "program", state_, "connect first"));
  auto cmds = program_commands(p);
  if (!cmds) {
    done(cmds.error());
    return;
  }
  command_sequence(std::move(cmds.value()), std::move(done));
}

void Ne1000Pump::start(Callback<Unit> done) {
  if (auto why = start_refusal()) return refuse(std::move(done), std::move(*why));
  command("RUN", [this, done](Outcome<Ne1000Reply> r) {
    if (!r) return done(r.error());
    if (state_ == DeviceState::configured) state_ = DeviceState::active;
    done(Unit{});
  });
}

void Ne1000Pump::stop(Callback<Unit> done) {
  stop_fully([this, done](Outcome<Unit> r) {
    if (!r) return done(r.error());
    if (state_ == DeviceState::active) state_ = DeviceState::configured;
    done(Unit{});
  });
}

// The first STP of a running pump only pauses it (prompt P, or T/U inside a program): a second
// one stops it, so that nothing is left that a RUN would resume.
void Ne1000Pump::stop_fully(Callback<Unit> done) {
  command("STP", [this, done](Outcome<Ne1000Reply> r) {
    if (!r) return done(r.error());
    const bool halted_only = r->prompt == Ne1000Prompt::paused || r->prompt == Ne1000Prompt::timed_pause ||
                             r->prompt == Ne1000Prompt::user_wait;
    if (!halted_only) return done(Unit{});
    command("STP", [done](Outcome<Ne1000Reply> r2) {
      if (!r2) return done(r2.error());
      done(Unit{});
    });
  });
}

// ---- status and monitoring -----------------------------------------------------------------

void Ne1000Pump::status(Callback<PumpStatus> done) {
  issue("", false, [this, done](Outcome<Ne1000Reply> r) {
    if (!r) {
      done(r.error());
      return;
    }
    if (r->error != Ne1000Error::none) {
      done(error(fmt::format("status poll rejected: {}", describe(r->error))));
      return;
    }
    PumpStatus st;
    st.t_ns = loop_.now();
    st.state = state_of(r->prompt);
    issue("DIS", false, [this, done, st](Outcome<Ne1000Reply> d) mutable {
      if (!d) {
        done(d.error());
        return;
      }
      if (d->error == Ne1000Error::none) {
        if (const auto dis = parse_ne1000_dispensed(d->data)) st.dispensed_ml = dis->infused_ml() - dis->withdrawn_ml();
      }
      // An alarm seen by this poll, by DIS, or earlier by a heartbeat or command is reported now.
      if (pending_alarm_ != Ne1000Alarm::none) {
        st.state = PumpState::alarm;
        st.alarm = pump_alarm_of(pending_alarm_);
        st.alarm_text = ne1000_alarm_text(pending_alarm_);
        pending_alarm_ = Ne1000Alarm::none;
      }
      done(st);
    });
  });
}

void Ne1000Pump::start_monitoring(Nanos period, std::function<void(const PumpStatus&)> on_status,
                                  std::function<void(const DeviceError&)> on_fault) {
  monitor_.start(
      period, [this](Callback<PumpStatus> done) { status(std::move(done)); }, std::move(on_status), std::move(on_fault));
}

void Ne1000Pump::stop_monitoring() { monitor_.stop(); }

// ---- heartbeat -----------------------------------------------------------------------------

void Ne1000Pump::schedule_heartbeat() {
  loop_.cancel(heartbeat_timer_);
  heartbeat_timer_ = 0;
  if (!heartbeat_on_) return;
  const Nanos due = std::max(last_sent_ + heartbeat_period_, loop_.now() + heartbeat_period_ / 8);
  heartbeat_timer_ = loop_.schedule_at(due, [this] {
    heartbeat_timer_ = 0;
    on_heartbeat();
  });
}

void Ne1000Pump::on_heartbeat() {
  if (!heartbeat_on_ || shutting_down_) return;
  // Any request resets the pump's watchdog; poll only when the line has been quiet.
  if (!in_flight_ && loop_.now() - last_sent_ >= heartbeat_period_) {
    ++heartbeats_;
    issue("", false, [this](Outcome<Ne1000Reply> r) {
      if (!r && !shutting_down_) emit(EventKind::fault, "heartbeat failed: " + r.error().message);
    });
  }
  schedule_heartbeat();
}

// ---- disconnect ----------------------------------------------------------------------------

void Ne1000Pump::disconnect(Callback<std::string> done) {
  stop_monitoring();
  state_ = DeviceState::unconfigured;
  heartbeat_on_ = false;
  schedule_heartbeat();  // cancels it
  stop_fully([this, done](Outcome<Unit> r) {
    std::optional<DeviceError> first_error;
    if (!r) first_error = r.error();
    if (!safe_ || shutting_down_) {
      if (first_error) done(*first_error);
      else done(std::string(safe_ ? "" : "stopped (basic mode: no safe mode to leave)"));
      return;
    }
    command(
        "SAF 0",
        [this, done, first_error](Outcome<Ne1000Reply> r2) {
          if (r2) enter_mode(false);
          if (first_error) done(*first_error);
          else if (!r2) done(r2.error());
          else done(std::string("left remote safe mode"));
        },
        true);
  });
}

}  // namespace pumprig
