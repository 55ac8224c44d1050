#include "hardware/sim/sartorius_sim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace pumprig::sim {

namespace {

constexpr std::uint8_t kEsc = 0x1b;
constexpr std::size_t kValueWidth = 8;

bool known_command(const std::string& c) {
  return c == "P" || c == "T" || c == "U" || c == "V" || c == "x1_" || c == "x2_" || c == "x3_";
}

}  // namespace

SimSartoriusBalance::SimSartoriusBalance(EventLoop& loop, Link& link, BalancePhysics& physics,
                                         SimSartoriusIdentity identity, SimSartoriusOptions options)
    : loop_(loop), link_(link), physics_(physics), identity_(std::move(identity)), options_(std::move(options)) {
  if (identity_.serial.rfind("SIM-", 0) != 0)
    throw std::invalid_argument("simulated balance serial number '" + identity_.serial +
                                "' must start with SIM- so a simulated run can never pass for a real one");
  if (!(options_.print_rate_hz > 0.0)) throw std::invalid_argument("simulated balance: auto-print rate must be positive");
  if (options_.unit != "g" && options_.unit != "mg" && options_.unit != "kg")
    throw std::invalid_argument("simulated balance: unit must be g, mg or kg, not '" + options_.unit + "'");
  if (options_.max_queued_commands == 0)
    throw std::invalid_argument("simulated balance: the command queue must hold at least one command");
  if (options_.stability_check_interval <= 0)
    throw std::invalid_argument("simulated balance: stability check interval must be positive");
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
  if (options_.auto_print) {
    options_.auto_print = false;
    set_auto_print(true);
  }
}

SimSartoriusBalance::~SimSartoriusBalance() {
  loop_.cancel(exec_timer_);
  loop_.cancel(check_timer_);
  loop_.cancel(print_timer_);
  link_.on_receive({});
}

std::uint64_t SimSartoriusBalance::count(const std::string& command) const {
  const auto it = counts_.find(command);
  return it == counts_.end() ? 0 : it->second;
}

void SimSartoriusBalance::set_auto_print(bool on) {
  if (on == options_.auto_print) return;
  options_.auto_print = on;
  loop_.cancel(print_timer_);
  print_timer_ = 0;
  if (!on) return;
  print_start_ = loop_.now();
  print_count_ = 0;
  schedule_print();
}

// ---------------------------------------------------------------------------------------------
// Receiving: ESC and letters; CR, LF and stray bytes between commands are ignored.

void SimSartoriusBalance::on_bytes(std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    if (b == kEsc) {  // a new ESC ends an unfinished sequence: it was noise
      if (in_escape_) ++counts_["?"];
      in_escape_ = true;
      escape_.clear();
      continue;
    }
    if (!in_escape_) continue;
    escape_.push_back(static_cast<char>(b));
    const char first = escape_.front();
    if (first == 'x') {
      // ESC x<digit>_ : wait for all three characters.
      if (escape_.size() < 3) continue;
    }
    in_escape_ = false;
    on_command(std::move(escape_));
    escape_.clear();
  }
}

void SimSartoriusBalance::on_command(std::string command) {
  if (!known_command(command)) {
    ++counts_["?"];  // SBI sends no error: an unknown command is ignored
    return;
  }
  ++counts_[command];
  if (queue_.size() >= options_.max_queued_commands) {
    if (dropped_commands_++ == 0 && notice_)
      notice_(fmt::format("{} commands are waiting: further commands are dropped", queue_.size()));
    return;
  }
  queue_.push_back(std::move(command));
  pump();
}

// ---------------------------------------------------------------------------------------------
// Working off the queue

void SimSartoriusBalance::pump() {
  if (processing_ || queue_.empty()) return;
  processing_ = true;
  std::string command = std::move(queue_.front());
  queue_.pop_front();
  exec_timer_ = loop_.schedule_after(options_.reply_latency, [this, command = std::move(command)] {
    exec_timer_ = 0;
    execute(command);
  });
}

void SimSartoriusBalance::finish() {
  processing_ = false;
  pump();
}

void SimSartoriusBalance::execute(const std::string& command) {
  if (command == "P") {
    send_line(weight_line());
  } else if (command == "x1_") {
    send_line(identity_.model);
  } else if (command == "x2_") {
    send_line(identity_.serial);
  } else if (command == "x3_") {
    send_line(identity_.firmware);
  } else if (!busy_) {  // T, U, V: wait for stability, then act without a reply
    wait_command_ = command;
    wait_deadline_ = loop_.now() + options_.stable_timeout;
    return check_wait();
  }
  finish();
}

void SimSartoriusBalance::check_wait() {
  check_timer_ = 0;
  const BalanceView v = physics_.read_balance(loop_.now());
  if (v.overload || v.underload) {
    // Not executed: the display shows H or L.
  } else if (v.stable) {
    const bool zero_range = std::fabs(v.displayed_g - zero_offset_g_) <= options_.zero_range_fraction * physics_.capacity_g();
    const bool zero = wait_command_ == "V" || (wait_command_ == "T" && zero_range);
    if (zero) {
      zero_offset_g_ = v.displayed_g;
      tare_g_ = 0.0;  // a new zero clears the tare memory
    } else {
      tare_g_ = v.displayed_g - zero_offset_g_;
    }
  } else if (loop_.now() < wait_deadline_) {
    const Nanos step = std::min(options_.stability_check_interval, wait_deadline_ - loop_.now());
    check_timer_ = loop_.schedule_after(step, [this] { check_wait(); });
    return;
  }
  wait_command_.clear();
  finish();
}

// ---------------------------------------------------------------------------------------------
// Auto print: lines on a fixed grid from power-up (start + k / rate), so the rate never drifts.

void SimSartoriusBalance::schedule_print() {
  ++print_count_;
  const Nanos at = print_start_ + static_cast<Nanos>(std::llround(static_cast<double>(print_count_) * 1e9 /
                                                                  options_.print_rate_hz));
  print_timer_ = loop_.schedule_at(at, [this] {
    print_timer_ = 0;
    if (!options_.auto_print) return;
    send_line(weight_line());
    schedule_print();
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting and sending

std::string SimSartoriusBalance::value_field(double grams, int decimals) const {
  double value = std::fabs(grams);
  int digits = decimals;
  if (options_.unit == "mg") {
    value *= 1e3;
    digits -= 3;
  } else if (options_.unit == "kg") {
    value *= 1e-3;
    digits += 3;
  }
  digits = std::max(0, digits);
  std::string field = fmt::format("{:.{}f}", value, digits);
  while (field.size() > kValueWidth && digits > 0) field = fmt::format("{:.{}f}", value, --digits);
  if (field.size() > kValueWidth) field = std::string(kValueWidth, '9');  // beyond capacity: shows H first
  return std::string(kValueWidth - field.size(), ' ') + field;
}

std::string SimSartoriusBalance::weight_line() {
  const BalanceView v = physics_.read_balance(loop_.now());
  std::string id;
  if (options_.id_field) id = fmt::format("{:<6}", tare_g_ != 0.0 ? "N" : "G");
  if (v.overload || v.underload) return id + fmt::format("  {:>8}    ", v.overload ? "H" : "L");
  const double net = net_g(v);
  const std::string field = value_field(net, v.decimals);
  // The sign of what is printed: a value that rounds to zero has a blank sign, never "-0".
  const bool zero = field.find_first_not_of(" 0.") == std::string::npos;
  const char sign = zero ? ' ' : (net < 0 ? '-' : '+');
  const std::string unit = v.stable ? fmt::format("{:<3}", options_.unit) : "   ";
  return id + fmt::format("{} {} {}", sign, field, unit);
}

void SimSartoriusBalance::send_line(const std::string& line) {
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
