#include "rig/drivers/harvard/harvard_pump.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/drivers/harvard/harvard_framer.hpp"

namespace pumprig {

HarvardPump::HarvardPump(EventLoop& loop, Link& link, std::string name, HarvardOptions options)
    : loop_(loop), name_(std::move(name)), options_(std::move(options)) {
  if (options_.address < 0 || options_.address > 99)
    throw std::invalid_argument(fmt::format("{}: Harvard pump address must be 0-99, got {}", name_, options_.address));
  channel_ = std::make_unique<ExchangeChannel>(loop_, link, std::make_unique<HarvardFramer>(), name_,
                                               options_.exchange, options_.events);
  // In poll mode nothing comes unprompted; a late reply after a resend carries nothing we wait for.
  channel_->on_unsolicited([](const std::string&) {});
  identity_.manufacturer = "Harvard Apparatus";
}

HarvardPump::~HarvardPump() {
  shutting_down_ = true;
  monitor_.stop();  // the polls cancelled below report to nobody
  channel_->cancel_all("pump driver destroyed");
}

void HarvardPump::emit(EventKind kind, const std::string& message) {
  if (options_.events) options_.events(RigEvent{loop_.now(), kind, name_, message});
}

void HarvardPump::refuse(Callback<Unit> done, DeviceError e) {
  loop_.schedule_after(0, [done = std::move(done), e = std::move(e)] { done(e); });
}

// ---- exchanges -----------------------------------------------------------------------------

void HarvardPump::command(const std::string& text, Expect expect, ReplyFn done) {
  if (shutting_down_) {
    done(error(text + " cancelled: pump driver destroyed"));
    return;
  }
  const int address = options_.address;
  auto classify = [expect, address](const std::string& frame) {
    const auto r = parse_harvard_reply(frame);
    if (!r) return FrameVerdict::garbled;
    // Replies from another pump on the chain (an address that is not ours) are not for us.
    if (r->address.value_or(0) != address) return FrameVerdict::ignore;
    if (r->error != HarvardError::none) return r->lines.empty() ? FrameVerdict::reply : FrameVerdict::garbled;
    switch (expect) {
      case Expect::prompt_only:
        // Text where none belongs is noise (or a late answer to a query): resend.
        return r->lines.empty() ? FrameVerdict::reply : FrameVerdict::garbled;
      case Expect::lines:
        // A bare prompt is a late answer to a command resent earlier, not this query's.
        return r->lines.empty() ? FrameVerdict::ignore : FrameVerdict::reply;
      case Expect::status_line:
        if (r->lines.empty()) return FrameVerdict::ignore;
        return r->lines.size() == 1 && parse_harvard_status(r->lines[0]) ? FrameVerdict::reply : FrameVerdict::garbled;
    }
    return FrameVerdict::garbled;
  };
  channel_->exchange(text, encode_harvard_request(address, text), std::move(classify),
                     [this, text, done = std::move(done)](Outcome<std::string> frame) {
                       if (!frame) return done(frame.error());
                       auto r = parse_harvard_reply(*frame);
                       if (!r) return done(error(fmt::format("{}: unreadable reply {}", text, printable_frame(*frame))));
                       // A stall seen in any reply is news for the next status(), even when
                       // that status comes after a stp that cleared it.
                       if (r->prompt == HarvardPrompt::stalled && !stall_reported_) stall_pending_ = true;
                       if (r->error != HarvardError::none)
                         return done(error(fmt::format("{} rejected: {}", text, describe(r->error))));
                       done(std::move(*r));
                     });
}

void HarvardPump::command_sequence(std::vector<std::string> commands, Callback<Unit> done) {
  struct Sequence {
    std::vector<std::string> commands;
    std::size_t next = 0;
    Callback<Unit> done;
  };
  auto seq = std::make_shared<Sequence>(Sequence{std::move(commands), 0, std::move(done)});
  auto step = std::make_shared<std::function<void()>>();
  // The step holds itself only through the pending callback, so the chain frees itself.
  *step = [this, seq, weak_step = std::weak_ptr<std::function<void()>>(step)] {
    if (seq->next == seq->commands.size()) return seq->done(Unit{});
    const std::string cmd = seq->commands[seq->next++];
    command(cmd, Expect::prompt_only, [seq, strong = weak_step.lock()](Outcome<HarvardReply> r) {
      if (!r) return seq->done(r.error());
      (*strong)();
    });
  };
  (*step)();
}

// ---- connect -------------------------------------------------------------------------------

void HarvardPump::connect(Callback<InstrumentIdentity> done) {
  state_ = DeviceState::unconfigured;
  command("ver", Expect::lines, [this, done](Outcome<HarvardReply> r) {
    if (!r) return done(r.error());
    const auto v = parse_harvard_version(r->lines.front());
    if (!v) return done(error(fmt::format("ver reply {} is not a Harvard version line", printable_frame(r->lines.front()))));
    identity_.model = v->model;
    identity_.firmware = v->firmware;
    identity_.serial.clear();  // the command set has no serial-number query: the fixture supplies it
    command("address", Expect::lines, [this, done](Outcome<HarvardReply> a) {
      if (!a) return done(a.error());
      const std::string& line = a->lines.front();
      if (line.find_first_not_of("0123456789") != std::string::npos || line.size() > 2 || std::stoi(line) != options_.address)
        return done(error(fmt::format("the pump says its address is {}, the fixture says {}", printable_frame(line),
                                      options_.address)));
      command("poll on", Expect::prompt_only, [this, done](Outcome<HarvardReply> p) {
        if (!p) return done(p.error());
        identity_.protocol = "Harvard Ultra command set (poll mode)";
        if (p->prompt == HarvardPrompt::stalled || p->prompt == HarvardPrompt::target_reached)
          emit(EventKind::info, fmt::format("pump showed {} at connect", harvard_prompt_text(p->prompt)));
        stall_reported_ = target_reported_ = stall_pending_ = false;
        state_ = DeviceState::configured;
        done(identity_);
      });
    });
  });
}

// ---- program and run -----------------------------------------------------------------------

Outcome<std::vector<std::string>> HarvardPump::program_commands(const PumpProgram& p) const {
  std::vector<std::string> cmds;
  if (p.syringe_diameter_mm) {
    const auto dia = *p.syringe_diameter_mm > 0.0 ? format_harvard_number(*p.syringe_diameter_mm) : std::nullopt;
    if (!dia) return error(fmt::format("syringe diameter {} mm cannot be given to a Harvard pump", *p.syringe_diameter_mm));
    cmds.push_back("diameter " + *dia);
  }
  const auto rate = harvard_rate_argument(p.rate_ml_h);
  if (!rate) return error(fmt::format("rate {} ml/h cannot be given to a Harvard pump", p.rate_ml_h));
  cmds.push_back("irate " + *rate);
  if (p.volume_ml) {
    const auto vol = harvard_volume_argument(*p.volume_ml);
    if (!vol) return error(fmt::format("volume {} ml cannot be given to a Harvard pump", *p.volume_ml));
    cmds.push_back("tvolume " + *vol);
  } else {
    // No target: infuse until stopped. A target left from an earlier session would end a long
    // test early.
    cmds.push_back("ctvolume");
  }
  // The infused volume counts from this program, so status() reports this run's volume.
  cmds.push_back("civolume");
  return cmds;
}

void HarvardPump::program(const PumpProgram& p, Callback<Unit> done) {
  if (state_ == DeviceState::unconfigured) return refuse(std::move(done), refusal(name_, "program", state_, "connect first"));
  auto cmds = program_commands(p);
  if (!cmds) return done(cmds.error());
  command_sequence(std::move(cmds.value()), std::move(done));
}

void HarvardPump::start(Callback<Unit> done) {
  if (state_ == DeviceState::unconfigured) return refuse(std::move(done), refusal(name_, "irun", state_, "connect first"));
  command("irun", Expect::prompt_only, [this, done](Outcome<HarvardReply> r) {
    if (!r) return done(r.error());
    if (r->prompt != HarvardPrompt::infusing)
      return done(error(fmt::format("irun did not start the pump: it shows '{}'", harvard_prompt_text(r->prompt))));
    stall_reported_ = target_reported_ = stall_pending_ = false;
    if (state_ == DeviceState::configured) state_ = DeviceState::active;
    done(Unit{});
  });
}

void HarvardPump::stop(Callback<Unit> done) {
  stop_confirmed(2, [this, done](Outcome<Unit> r) {
    if (!r) return done(r.error());
    if (state_ == DeviceState::active) state_ = DeviceState::configured;
    done(Unit{});
  });
}

// stp is confirmed by the prompt: a pump still showing > or < gets it once more.
void HarvardPump::stop_confirmed(int attempts_left, Callback<Unit> done) {
  command("stp", Expect::prompt_only, [this, attempts_left, done](Outcome<HarvardReply> r) {
    if (!r) return done(r.error());
    const bool moving = r->prompt == HarvardPrompt::infusing || r->prompt == HarvardPrompt::withdrawing;
    if (!moving) return done(Unit{});
    if (attempts_left > 1 && !shutting_down_) return stop_confirmed(attempts_left - 1, done);
    done(error(fmt::format("stp did not stop the pump: it still shows '{}'", harvard_prompt_text(r->prompt))));
  });
}

// ---- status and monitoring -----------------------------------------------------------------

void HarvardPump::status(Callback<PumpStatus> done) {
  command("status", Expect::status_line, [this, done](Outcome<HarvardReply> r) {
    if (!r) return done(r.error());
    const auto s = parse_harvard_status(r->lines.front());
    PumpStatus st;
    st.t_ns = loop_.now();
    st.dispensed_ml = s->volume_ml();
    switch (r->prompt) {
      case HarvardPrompt::infusing: st.state = PumpState::infusing; break;
      case HarvardPrompt::withdrawing: st.state = PumpState::withdrawing; break;
      case HarvardPrompt::idle: st.state = PumpState::stopped; break;
      case HarvardPrompt::target_reached:
        st.state = PumpState::stopped;
        if (!target_reported_) emit(EventKind::info, fmt::format("target volume reached ({:.4f} ml infused)", s->volume_ml()));
        target_reported_ = true;
        break;
      case HarvardPrompt::stalled: st.state = PumpState::stopped; break;
    }
    const bool stalled = r->prompt == HarvardPrompt::stalled || s->stalled || stall_pending_;
    stall_pending_ = false;
    if (stalled && !stall_reported_) {
      stall_reported_ = true;
      st.state = PumpState::alarm;
      st.alarm = PumpAlarm::stall;
      st.alarm_text = "stalled (force limit reached)";
      emit(EventKind::alarm, "pump alarm * (stalled: force limit reached)");
    }
    done(st);
  });
}

void HarvardPump::start_monitoring(Nanos period, std::function<void(const PumpStatus&)> on_status,
                                  std::function<void(const DeviceError&)> on_fault) {
  monitor_.start(
      period, [this](Callback<PumpStatus> done) { status(std::move(done)); }, std::move(on_status), std::move(on_fault));
}

void HarvardPump::stop_monitoring() { monitor_.stop(); }

// ---- disconnect ----------------------------------------------------------------------------

void HarvardPump::disconnect(Callback<std::string> done) {
  stop_monitoring();
  state_ = DeviceState::unconfigured;
  stop_confirmed(2, [this, done](Outcome<Unit> r) {
    if (!r || shutting_down_) {
      if (!r) return done(r.error());
      return done(std::string("stopped"));
    }
    // Poll mode off again, as the pump is left for its front panel and terminal programs.
    command("poll off", Expect::prompt_only, [done](Outcome<HarvardReply> p) {
      if (!p) return done(p.error());
      done(std::string("stopped, poll mode off (the pump has no comms watchdog to leave)"));
    });
  });
}

}  // namespace pumprig
