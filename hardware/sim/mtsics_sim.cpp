#include "hardware/sim/mtsics_sim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "hardware/sim/mtsics_sim_commands.hpp"

namespace pumprig::sim {

namespace {

// The words this simulator can answer (whatever its options): always counted, whatever a client
// sent before.
bool is_answered_word(const std::string& w) {
  static const std::vector<MtsicsCommandInfo> kAll = implemented_mtsics_commands(true, true);
  return std::any_of(kAll.begin(), kAll.end(), [&](const MtsicsCommandInfo& c) { return c.word == w; });
}

std::string reply_id(const std::string& word) {
  return (word == "SI" || word == "SIR" || word == "SR" || word == "SNR") ? "S" : word;
}

}  // namespace

SimMtsicsBalance::SimMtsicsBalance(EventLoop& loop, Link& link, BalancePhysics& physics, SimBalanceIdentity identity,
                                   SimMtsicsOptions options)
    : loop_(loop), link_(link), physics_(physics), identity_(std::move(identity)), options_(std::move(options)) {
  if (identity_.serial.rfind("SIM-", 0) != 0)
    throw std::invalid_argument("simulated balance serial number '" + identity_.serial +
                                "' must start with SIM- so a simulated run can never pass for a real one");
  if (!(options_.update_rate_hz >= kMinUpdateRateHz && options_.update_rate_hz <= kMaxUpdateRateHz))
    throw std::invalid_argument(fmt::format("simulated balance: the update rate must be from {} to {} per second, not {}",
                                            kMinUpdateRateHz, kMaxUpdateRateHz, options_.update_rate_hz));
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
  const MtsicsCommandLine line = split_mtsics_command(cmd.line);
  const auto commands = implemented_mtsics_commands(options_.supports_cancel, options_.level0_identity);
  const auto known = std::find_if(commands.begin(), commands.end(),
                                  [&](const MtsicsCommandInfo& c) { return c.word == line.word; });
  // Unknown, lower case, C on a model without it, or parameters on a command that takes none.
  if (known == commands.end() || (!known->takes_parameters && !line.params.empty())) {
    send_line("ES");
    return finish();
  }
  if (busy_ && known->refused_when_busy) {
    send_line(reply_id(line.word) + " I");
    return finish();
  }
  if (line.word == "S" || line.word == "Z" || line.word == "T") return begin_wait(line.word);  // finishes when stable or timed out
  answer(line.word, line.params);
  finish();
}

// Every command but S, T and Z (which wait) and @ and C (which act on arrival).
void SimMtsicsBalance::answer(const std::string& word, const std::string& params) {
  if (word.size() == 2 && word[0] == 'I') return answer_identification(word);  // I0 to I5
  if (word == "D" || word == "DW" || word == "K") return answer_display_or_keys(word, params);
  if (word == "SI") {
    send_line(weight_line("S"));
  } else if (word == "SIR") {
    start_stream(StreamKind::sir);
  } else if (word == "SR" || word == "SNR") {
    // No parameters: the manual's default change; else a positive preset up to the capacity.
    std::optional<double> preset;
    if (!params.empty()) {
      preset = parse_weight_parameter(params);
      if (!preset || !(*preset > 0) || *preset > physics_.capacity_g()) return send_line("S L");
    }
    start_stream(word == "SR" ? StreamKind::sr : StreamKind::snr, preset);
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
    // "TA" asks for the tare memory, "TA <value> <unit>" presets it (kept at the display's resolution).
    const BalanceView v = view();
    if (!params.empty()) {
      const auto preset = parse_weight_parameter(params);
      if (!preset || *preset > physics_.capacity_g()) return send_line("TA L");
      const double step = std::pow(10.0, -v.decimals);
      tare_g_ = std::round(*preset / step) * step;
    }
    send_line(fmt::format("TA A {} {}", weight_field(tare_g_, v.decimals), options_.unit));
  } else if (word == "TAC") {
    tare_g_ = 0.0;
    send_line("TAC A");
  } else {
    send_line("ES");  // a word in the table without an answer here: never, but never silence either
  }
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
  // The condition after switching on, without zeroing: the display shows the weight, keys work.
  display_text_.reset();
  keys_mode_ = 1;
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

std::string SimMtsicsBalance::weight_line(const std::string& id) { return weight_line(id, view()); }

std::string SimMtsicsBalance::weight_line(const std::string& id, const BalanceView& v) const {
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
