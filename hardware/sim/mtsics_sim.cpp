#include "hardware/sim/mtsics_sim.hpp"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace pumprig::sim {

namespace {

bool is_weighing_command(const std::string& w) {
  return w == "S" || w == "SI" || w == "SIR" || w == "Z" || w == "ZI" || w == "T" || w == "TI";
}

// The words this simulator answers: always counted, whatever a client sent before.
bool is_answered_word(const std::string& w) {
  static const char* const kWords[] = {"@", "C", "I2", "I3", "I4", "S", "SI", "SIR", "T", "TA", "TAC", "TI", "Z", "ZI"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* k) { return w == k; });
}

std::string reply_id(const std::string& word) { return (word == "SI" || word == "SIR") ? "S" : word; }

}  // namespace

SimMtsicsBalance::SimMtsicsBalance(EventLoop& loop, Link& link, BalancePhysics& physics, SimBalanceIdentity identity,
                                   SimMtsicsOptions options)
    : loop_(loop), link_(link), physics_(physics), identity_(std::move(identity)), options_(std::move(options)) {
  if (identity_.serial.rfind("SIM-", 0) != 0)
    throw std::invalid_argument("simulated balance serial number '" + identity_.serial +
                                "' must start with SIM- so a simulated run can never pass for a real one");
  if (!(options_.stream_rate_hz > 0.0)) throw std::invalid_argument("simulated balance: SIR rate must be positive");
  if (options_.unit != "g" && options_.unit != "mg" && options_.unit != "kg")
    throw std::invalid_argument("simulated balance: unit must be g, mg or kg, not '" + options_.unit + "'");
  if (options_.max_queued_commands == 0)
    throw std::invalid_argument("simulated balance: the command queue must hold at least one command");
  if (options_.stability_check_interval <= 0)
    throw std::invalid_argument("simulated balance: stability check interval must be positive");
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
}

SimMtsicsBalance::~SimMtsicsBalance() {
  *alive_ = false;
  loop_.cancel(exec_timer_);
  loop_.cancel(check_timer_);
  loop_.cancel(stream_timer_);
  link_.on_receive({});
}

std::uint64_t SimMtsicsBalance::count(const std::string& command) const {
  const auto it = counts_.find(command);
  return it == counts_.end() ? 0 : it->second;
}

// Timers whose ids nobody keeps (the replies to @ and C) check that the balance still exists.
void SimMtsicsBalance::later(Nanos delay, std::function<void()> fn) {
  std::weak_ptr<bool> alive = alive_;
  loop_.schedule_after(delay, [alive, fn = std::move(fn)] {
    if (auto a = alive.lock(); a && *a) fn();
  });
}

// ---------------------------------------------------------------------------------------------
// Receiving

void SimMtsicsBalance::on_bytes(std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    if (b == '\n') {
      Command cmd;
      if (!rx_.empty() && rx_.back() == '\r') rx_.pop_back();
      if (rx_overlong_) {
        cmd.problem = Problem::too_long;
      } else {
        for (const char c : rx_) {
          const auto u = static_cast<unsigned char>(c);
          if (u < 0x20 || u == 0x7f) cmd.problem = Problem::transmission;  // what parity or framing errors look like
        }
        cmd.line = std::move(rx_);
      }
      rx_.clear();
      rx_overlong_ = false;
      // An empty line (a host flushing with CR LF) is not a command; real balances ignore it.
      if (cmd.problem != Problem::none || !cmd.line.empty()) on_line(std::move(cmd));
    } else if (rx_.size() >= options_.max_command_length + 1) {  // +1: room for the CR
      rx_overlong_ = true;
    } else {
      rx_.push_back(static_cast<char>(b));
    }
  }
}

void SimMtsicsBalance::on_line(Command cmd) {
  ++commands_received_;
  if (cmd.problem == Problem::none) count_word(cmd.line.substr(0, cmd.line.find(' ')));
  if (cmd.problem == Problem::none && cmd.line == "@") return reset_now();
  if (cmd.problem == Problem::none && cmd.line == "C" && options_.supports_cancel) return cancel_now();
  if (queue_.size() >= options_.max_queued_commands) {
    ++dropped_commands_;
    if (dropped_in_spell_++ == 0)
      notify(fmt::format("{} commands are waiting (a client sending faster than the balance answers): further "
                         "commands are dropped until the queue drains",
                         queue_.size()));
    return;
  }
  if (dropped_in_spell_ > 0) {
    notify(fmt::format("the command queue has room again; {} command(s) were dropped", dropped_in_spell_));
    dropped_in_spell_ = 0;
  }
  queue_.push_back(std::move(cmd));
  pump();
}

void SimMtsicsBalance::count_word(const std::string& word) {
  if (const auto it = counts_.find(word); it != counts_.end()) {
    ++it->second;
  } else if (is_answered_word(word) || counts_.size() < options_.max_counted_words) {
    counts_.emplace(word, 1);
  } else if (uncounted_words_++ == 0) {
    notify(fmt::format("more than {} distinct command words received; further new words are counted together",
                       options_.max_counted_words));
  }
}

void SimMtsicsBalance::notify(const std::string& message) {
  if (notice_) notice_(message);
}

// ---------------------------------------------------------------------------------------------
// Working off the queue

void SimMtsicsBalance::pump() {
  if (processing_ || queue_.empty()) return;
  processing_ = true;
  Command cmd = std::move(queue_.front());
  queue_.pop_front();
  exec_timer_ = loop_.schedule_after(options_.reply_latency, [this, cmd = std::move(cmd)] {
    exec_timer_ = 0;
    execute(cmd);
  });
}

void SimMtsicsBalance::finish() {
  processing_ = false;
  pump();
}

void SimMtsicsBalance::execute(const Command& cmd) {
  if (cmd.problem == Problem::transmission) {
    send_line("ET");
    return finish();
  }
  if (cmd.problem == Problem::too_long) {
    send_line("ES");
    return finish();
  }
  const auto space = cmd.line.find(' ');
  const std::string word = cmd.line.substr(0, space);
  // None of the commands simulated here takes parameters.
  if (space != std::string::npos) {
    send_line("ES");
    return finish();
  }
  if (busy_ && is_weighing_command(word)) {
    send_line(reply_id(word) + " I");
    return finish();
  }

  if (word == "I2") {
    const BalanceView v = view();
    send_line(fmt::format("I2 A \"{} {} {}\"", identity_.model,
                          [&] {
                            std::string f = weight_field(physics_.capacity_g(), v.decimals);
                            return f.substr(f.find_first_not_of(' '));
                          }(),
                          options_.unit));
  } else if (word == "I3") {
    send_line(fmt::format("I3 A \"{}\"", identity_.firmware));
  } else if (word == "I4") {
    send_line(fmt::format("I4 A \"{}\"", identity_.serial));
  } else if (word == "SI") {
    send_line(weight_line("S"));
  } else if (word == "SIR") {
    send_line(weight_line("S"));
    stop_stream();
    streaming_ = true;
    stream_start_ = loop_.now();
    stream_count_ = 0;
    schedule_stream_line();
  } else if (word == "S" || word == "Z" || word == "T") {
    return begin_wait(word);  // finishes when stable or timed out
  } else if (word == "ZI") {
    const BalanceView v = view();
    if (v.overload || v.underload) {
      send_line(v.overload ? "ZI +" : "ZI -");
    } else {
      zero_offset_g_ = v.displayed_g;
      tare_g_ = 0.0;  // a new zero clears the tare memory
      send_line(v.stable ? "ZI S" : "ZI D");
    }
  } else if (word == "TI") {
    const BalanceView v = view();
    if (v.overload || v.underload) {
      send_line(v.overload ? "TI +" : "TI -");
    } else {
      tare_g_ = v.displayed_g - zero_offset_g_;
      send_line(fmt::format("TI {} {} {}", v.stable ? 'S' : 'D', weight_field(tare_g_, v.decimals), options_.unit));
    }
  } else if (word == "TA") {
    const BalanceView v = view();
    send_line(fmt::format("TA A {} {}", weight_field(tare_g_, v.decimals), options_.unit));
  } else if (word == "TAC") {
    tare_g_ = 0.0;
    send_line("TAC A");
  } else {
    send_line("ES");  // unknown, lower case, or C on a model without it
  }
  finish();
}

void SimMtsicsBalance::begin_wait(const std::string& word) {
  wait_word_ = word;
  wait_deadline_ = loop_.now() + options_.stable_timeout;
  check_wait();
}

// Re-reads the physics until the balance's own stability criterion holds or the timeout passes.
void SimMtsicsBalance::check_wait() {
  check_timer_ = 0;
  const BalanceView v = view();
  const std::string& id = wait_word_;
  std::string reply;
  if (v.overload) {
    reply = id + " +";
  } else if (v.underload) {
    reply = id + " -";
  } else if (v.stable) {
    if (id == "S") {
      reply = fmt::format("S S {} {}", weight_field(net_g(v), v.decimals), options_.unit);
    } else if (id == "Z") {
      zero_offset_g_ = v.displayed_g;
      tare_g_ = 0.0;
      reply = "Z A";
    } else {
      tare_g_ = v.displayed_g - zero_offset_g_;
      reply = fmt::format("T S {} {}", weight_field(tare_g_, v.decimals), options_.unit);
    }
  } else if (loop_.now() >= wait_deadline_) {
    reply = id + " I";
  } else {
    const Nanos step = std::min(options_.stability_check_interval, wait_deadline_ - loop_.now());
    check_timer_ = loop_.schedule_after(step, [this] { check_wait(); });
    return;
  }
  wait_word_.clear();
  send_line(reply);
  finish();
}

// @: everything stops at once (the waiting command gets no answer), the tare memory stays.
void SimMtsicsBalance::reset_now() {
  loop_.cancel(exec_timer_);
  loop_.cancel(check_timer_);
  exec_timer_ = check_timer_ = 0;
  wait_word_.clear();
  queue_.clear();
  processing_ = false;
  stop_stream();
  later(options_.reply_latency, [this] { send_line(fmt::format("I4 A \"{}\"", identity_.serial)); });
}

// C: streams end; a command waiting for stability is aborted and answered "<ID> I"; then C B, C A.
void SimMtsicsBalance::cancel_now() {
  stop_stream();
  std::string aborted;
  if (!wait_word_.empty()) {
    loop_.cancel(check_timer_);
    check_timer_ = 0;
    aborted = wait_word_ + " I";
    wait_word_.clear();
    processing_ = false;
  }
  later(options_.reply_latency, [this, aborted] {
    if (!aborted.empty()) send_line(aborted);
    send_line("C B");
    send_line("C A");
    pump();
  });
}

// ---------------------------------------------------------------------------------------------
// Streaming

// Lines go out on a fixed grid from the SIR command (start + k / rate), so the rate never drifts.
void SimMtsicsBalance::schedule_stream_line() {
  ++stream_count_;
  const Nanos at = stream_start_ + static_cast<Nanos>(std::llround(static_cast<double>(stream_count_) * 1e9 /
                                                                   options_.stream_rate_hz));
  stream_timer_ = loop_.schedule_at(at, [this] {
    stream_timer_ = 0;
    if (!streaming_) return;
    send_line(weight_line("S"));
    schedule_stream_line();
  });
}

void SimMtsicsBalance::stop_stream() {
  streaming_ = false;
  loop_.cancel(stream_timer_);
  stream_timer_ = 0;
}

// ---------------------------------------------------------------------------------------------
// Formatting and sending

BalanceView SimMtsicsBalance::view() {
  const BalanceView v = physics_.read_balance(loop_.now());
  if (observer_) observer_(loop_.now(), v, net_g(v));
  return v;
}

std::string SimMtsicsBalance::weight_field(double grams, int decimals) const {
  double value = grams;
  int digits = decimals;
  if (options_.unit == "mg") {
    value *= 1e3;
    digits -= 3;
  } else if (options_.unit == "kg") {
    value *= 1e-3;
    digits += 3;
  }
  digits = std::max(0, digits);
  // A value that rounds to zero is shown as 0, never as -0.
  if (std::fabs(value) < 0.5 * std::pow(10.0, -digits)) value = 0.0;
  return fmt::format("{:>10.{}f}", value, digits);
}

std::string SimMtsicsBalance::weight_line(const std::string& id) {
  const BalanceView v = view();
  if (v.overload) return id + " +";
  if (v.underload) return id + " -";
  return fmt::format("{} {} {} {}", id, v.stable ? 'S' : 'D', weight_field(net_g(v), v.decimals), options_.unit);
}

void SimMtsicsBalance::send_line(const std::string& line) {
  if (silent_) return;
  std::string out = line;
  if (!injected_.empty()) {
    out = std::move(injected_.front());
    injected_.pop_front();
  }
  if (garbage_next_) {
    garbage_next_ = false;
    for (char& c : out) c = static_cast<char>(static_cast<unsigned char>(c) | 0x80);  // a wrong-parity look
  }
  out += "\r\n";
  link_.write(out);
  ++lines_sent_;
}

}  // namespace pumprig::sim
