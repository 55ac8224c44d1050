#include "hardware/sim/ne1000_sim.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "hardware/sim/ne1000_request.hpp"
#include "rig/drivers/ne1000/crc16_xmodem.hpp"

namespace pumprig::sim {

namespace {

constexpr std::uint8_t kStx = 0x02;
constexpr std::uint8_t kEtx = 0x03;
constexpr std::uint8_t kCr = 0x0D;
constexpr std::uint8_t kLf = 0x0A;
constexpr std::size_t kMaxRequest = 64;
constexpr Nanos kInterByteGap = milliseconds(500);   // the manual's packet inter-byte timeout
constexpr Nanos kMotorWatchPeriod = milliseconds(100);  // how often a running pump in safe mode looks for a stall

// Plunger speed limits of the NE-1000 drive, from the published rate extremes (see header).
constexpr double kMaxPlungerSpeed_mm_h = 3060.0;
constexpr double kMinPlungerSpeed_mm_h = 0.0421;
constexpr double kMinDiameter_mm = 0.1;
constexpr double kMaxDiameter_mm = 50.0;
constexpr double kMicrolitreUnitsMaxDiameter_mm = 14.0;

double area_mm2(double d_mm) { return std::numbers::pi / 4.0 * d_mm * d_mm; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

enum class NumberSyntax { ok, too_long, not_a_number };

// The pump's own number syntax: digits with at most one point, at most 4 digits, at most 3 decimals.
NumberSyntax read_number(std::string_view s, double& out) {
  if (s.empty()) return NumberSyntax::not_a_number;
  int digits = 0, decimals = 0, points = 0;
  for (const char c : s) {
    if (c == '.') {
      ++points;
    } else if (is_digit(c)) {
      ++digits;
      if (points) ++decimals;
    } else {
      return NumberSyntax::not_a_number;
    }
  }
  if (points > 1 || digits == 0) return NumberSyntax::not_a_number;
  if (digits > 4 || decimals > 3) return NumberSyntax::too_long;
  std::string padded = s.front() == '.' ? "0" + std::string(s) : std::string(s);
  const auto [p, ec] = std::from_chars(padded.data(), padded.data() + padded.size(), out);
  return ec == std::errc() && p == padded.data() + padded.size() ? NumberSyntax::ok : NumberSyntax::not_a_number;
}

// The pump's display form: most decimals that fit in 4 digits, always with the decimal point
// ("1000."); saturates at 9999.
std::string show_number(double v) {
  v = std::clamp(v, 0.0, 9999.0);
  for (int decimals = 3; decimals > 0; --decimals) {
    const std::string s = fmt::format("{:.{}f}", v, decimals);
    const auto digits = std::count_if(s.begin(), s.end(), is_digit);
    if (digits <= 4) return s;
  }
  return fmt::format("{:.0f}.", v);
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

double rate_to_ml_h(double v, const std::string& unit) {
  if (unit == "UM") return v * 60.0 / 1000.0;
  if (unit == "MM") return v * 60.0;
  if (unit == "UH") return v / 1000.0;
  return v;  // MH
}

}  // namespace

SimNe1000Pump::SimNe1000Pump(Link& link, EventLoop& loop, PumpMechanism& mechanism, SimNe1000Options options)
    : link_(link), loop_(loop), mech_(mechanism), options_(std::move(options)), diameter_mm_(options_.diameter_mm) {
  volume_ul_ = diameter_mm_ <= kMicrolitreUnitsMaxDiameter_mm;
  safe_timeout_s_ = std::clamp(options_.safe_timeout_s_at_power_up, 0, 255);
  safe_ = safe_timeout_s_ > 0;  // and the comms timer waits for the first valid packet
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
  if (options_.reset_alarm_at_power_up) raise_alarm('R', loop_.now());
}

SimNe1000Pump::~SimNe1000Pump() {
  link_.on_receive({});
  loop_.cancel(watchdog_);
  loop_.cancel(volume_timer_);
  loop_.cancel(motor_watch_);
  loop_.cancel(gap_timer_);
  for (const TimerId id : pending_) loop_.cancel(id);
}

double SimNe1000Pump::max_rate_ml_h(double d_mm) { return area_mm2(d_mm) * kMaxPlungerSpeed_mm_h / 1000.0; }
double SimNe1000Pump::min_rate_ml_h(double d_mm) { return area_mm2(d_mm) * kMinPlungerSpeed_mm_h / 1000.0; }
double SimNe1000Pump::rate_ml_h() const { return rate_to_ml_h(rate_value_, rate_unit_); }

void SimNe1000Pump::power_cycle() {
  const Nanos t = loop_.now();
  mech_.power_cycle(t);
  for (TimerId* id : {&watchdog_, &volume_timer_, &motor_watch_, &gap_timer_}) {
    loop_.cancel(*id);
    *id = 0;
  }
  for (const TimerId id : pending_) loop_.cancel(id);
  pending_.clear();
  running_ = purging_ = paused_ = false;
  program_wait_ = 0;
  ignore_next_ = false;
  // Safe mode is remembered until SAF 0: the pump comes back in it, auto-alarm only.
  safe_ = safe_timeout_s_ > 0;
  infused_ml_ = withdrawn_ml_ = 0.0;
  line_.clear();
  line_overflow_ = false;
  frame_.clear();
  in_frame_ = false;
  alarm_ = 0;
  raise_alarm('R', t);
}

void SimNe1000Pump::enter_program_wait(char prompt) {
  const Nanos t = loop_.now();
  update(t);
  if (running_ && !purging_) {
    fold(t);
    mech_.stop(t);
    running_ = false;
    paused_ = true;
    loop_.cancel(volume_timer_);
    volume_timer_ = 0;
  }
  program_wait_ = prompt == 'U' ? 'U' : 'T';
}

void SimNe1000Pump::raise_program_alarm(char alarm) {
  const Nanos t = loop_.now();
  update(t);
  if (running_) stop_motor(t);
  paused_ = false;
  program_wait_ = 0;
  raise_alarm(alarm == 'O' ? 'O' : 'E', t);
}

// Safe mode: the alarm goes out now, unprompted, and is thereby delivered. Basic mode: it waits,
// latched, for the next valid command.
void SimNe1000Pump::raise_alarm(char alarm, Nanos) {
  if (safe_) {
    alarm_ = 0;
    send_auto_alarm(alarm);
  } else {
    alarm_ = alarm;
  }
}

void SimNe1000Pump::send_auto_alarm(char alarm) {
  if (silent_) return;
  ++auto_alarms_;
  send(std::string("A?") + alarm, "");
}

void SimNe1000Pump::set_silent(bool silent) {
  silent_ = silent;
  line_.clear();
  frame_.clear();
  in_frame_ = false;
}

void SimNe1000Pump::inject_garbage_next_reply() { garbage_next_ = true; }
void SimNe1000Pump::corrupt_crc_next_reply() { corrupt_next_ = true; }

// ---- receiving -----------------------------------------------------------------------------

void SimNe1000Pump::on_bytes(std::span<const std::uint8_t> bytes) {
  if (silent_) return;
  for (const std::uint8_t b : bytes) {
    if (in_frame_ && loop_.now() - last_byte_ >= kInterByteGap) on_gap_timer();
    if (safe_) on_safe_byte(b);
    else on_basic_byte(b);
  }
}

// Basic mode still recognises a safe-mode packet (clients open with one); anything that only
// looked like the start of one is read as basic text after all.
void SimNe1000Pump::on_basic_byte(std::uint8_t b) {
  if (in_frame_) {
    if (!collect_packet_byte(b)) return;
    std::string payload;
    const bool valid = packet_valid(payload);
    const std::string bytes = std::move(frame_);
    in_frame_ = false;
    frame_.clear();
    if (valid) {
      line_.clear();
      line_overflow_ = false;
      accept_request(payload);
    } else {
      replay_as_basic_text(bytes.substr(1));
    }
    return;
  }
  if (b == kStx) {
    in_frame_ = true;
    frame_.assign(1, static_cast<char>(b));
    last_byte_ = loop_.now();
    arm_gap_timer();
    return;
  }
  on_basic_text_byte(b);
}

// The manual: spaces and control characters are stripped, the rest is upper-cased (in
// accept_request); CR ends the command.
void SimNe1000Pump::on_basic_text_byte(std::uint8_t b) {
  if (b == kCr) {
    if (line_overflow_) {
      schedule([this] {
        update(loop_.now());
        send(std::string(1, prompt()), "?");
      });
    } else {
      accept_request(line_);
    }
    line_.clear();
    line_overflow_ = false;
  } else if (b <= 0x20 || b == 0x7F) {
    // stripped, as the pump does (LF of CR LF, tabs, line noise)
  } else if (line_.size() >= kMaxRequest) {
    line_overflow_ = true;
  } else {
    line_.push_back(static_cast<char>(b));
  }
}

void SimNe1000Pump::replay_as_basic_text(const std::string& bytes) {
  for (const char c : bytes) on_basic_text_byte(static_cast<std::uint8_t>(c));
}

void SimNe1000Pump::on_safe_byte(std::uint8_t b) {
  if (in_frame_) {
    if (!collect_packet_byte(b)) return;
    std::string payload;
    const bool valid = packet_valid(payload);
    in_frame_ = false;
    frame_.clear();
    if (valid) accept_request(payload);
    else reject_packet();
    return;
  }
  if (b == kStx) {
    in_frame_ = true;
    frame_.assign(1, static_cast<char>(b));
    last_byte_ = loop_.now();
    arm_gap_timer();
  } else if (b == kCr) {
    reject_packet();  // a basic-mode request reaching a pump in safe mode
  }
  // other bytes outside a packet are line noise
}

bool SimNe1000Pump::collect_packet_byte(std::uint8_t b) {
  frame_.push_back(static_cast<char>(b));
  last_byte_ = loop_.now();
  const std::size_t len = static_cast<std::uint8_t>(frame_[1]);
  if (len < 4 || len + 1 > kMaxRequest) return true;  // no packet is that long or short
  return frame_.size() == len + 1;
}

// LEN bytes after STX, the last one ETX, CRC over the payload.
bool SimNe1000Pump::packet_valid(std::string& payload) const {
  if (frame_.size() < 2) return false;
  const std::size_t len = static_cast<std::uint8_t>(frame_[1]);
  if (len < 4 || frame_.size() != len + 1) return false;
  payload.assign(frame_.data() + 2, len - 4);
  const std::uint16_t sent = static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame_[len - 2]) << 8) |
                                                        static_cast<std::uint8_t>(frame_[len - 1]));
  return static_cast<std::uint8_t>(frame_[len]) == kEtx && sent == crc16_xmodem(payload);
}

void SimNe1000Pump::arm_gap_timer() {
  if (gap_timer_) return;  // already due; on_gap_timer looks at the last byte's time
  gap_timer_ = loop_.schedule_at(last_byte_ + kInterByteGap, [this] {
    gap_timer_ = 0;
    on_gap_timer();
  });
}

// 0.5 s without a byte inside a packet: in safe mode the incomplete packet is discarded; in
// basic mode its bytes were text after all.
void SimNe1000Pump::on_gap_timer() {
  if (!in_frame_) return;
  if (loop_.now() - last_byte_ < kInterByteGap) {
    arm_gap_timer();
    return;
  }
  loop_.cancel(gap_timer_);
  gap_timer_ = 0;
  const std::string bytes = std::move(frame_);
  in_frame_ = false;
  frame_.clear();
  ++packets_timed_out_;
  if (!safe_) replay_as_basic_text(bytes.substr(1));
}

void SimNe1000Pump::accept_request(const std::string& text) {
  Ne1000Request request = split_ne1000_request(normalize_ne1000_request(text));
  if (request.address && *request.address != options_.address) return;  // another pump's request
  schedule([this, request = std::move(request)] { process(request); });
}

void SimNe1000Pump::reject_packet() {
  ++bad_packets_;
  schedule([this] {
    update(loop_.now());
    send(std::string(1, prompt()), "?COM");
  });
}

void SimNe1000Pump::schedule(std::function<void()> fn) {
  auto id = std::make_shared<TimerId>(0);
  *id = loop_.schedule_after(options_.latency, [this, id, fn = std::move(fn)] {
    pending_.erase(*id);
    if (!silent_) fn();
  });
  pending_.insert(*id);
}

// ---- executing -----------------------------------------------------------------------------

void SimNe1000Pump::process(const Ne1000Request& request) {
  const Nanos t = loop_.now();
  update(t);
  ++commands_;
  // Any valid packet restarts the comms timeout (and, after a power-up in safe mode, starts it).
  if (safe_) arm_watchdog();
  if (alarm_) {
    const char a = alarm_;
    alarm_ = 0;
    send(std::string("A?") + a, "");
    return;
  }
  if (ignore_next_) {
    ignore_next_ = false;
    send(std::string(1, prompt()), "?IGN");
    return;
  }
  Reply r;
  r.unknown = true;
  if (request.known) r = execute(request.command, request.data, t);
  if (r.unknown) send(std::string(1, prompt()), "?");
  else if (!r.error.empty()) send(std::string(1, prompt()), "?" + r.error);
  else send(std::string(1, prompt()), r.data);
}

SimNe1000Pump::Reply SimNe1000Pump::execute(const std::string& command, const std::string& args, Nanos t) {
  Reply unknown;
  unknown.unknown = true;
  if (command.empty()) return args.empty() ? Reply{} : unknown;
  if (command == "VER") return args.empty() ? Reply{"", options_.identity.version_string()} : unknown;
  if (command == "DIA") return do_dia(args, t);
  if (command == "DIR") return do_dir(args);
  if (command == "RAT") return do_rat(args, t);
  if (command == "VOL") return do_vol(args);
  if (command == "DIS") return args.empty() ? do_dis(t) : unknown;
  if (command == "CLD") return do_cld(args, t);
  if (command == "RUN") return args.empty() ? do_run(t) : unknown;
  if (command == "STP") return args.empty() ? do_stp(t) : unknown;
  if (command == "PUR") return args.empty() ? do_pur(t) : unknown;
  if (command == "SAF") return do_saf(args);
  return unknown;
}

SimNe1000Pump::Reply SimNe1000Pump::do_dia(const std::string& args, Nanos t) {
  if (args.empty()) return {"", show_number(diameter_mm_)};
  double d = 0.0;
  const NumberSyntax syntax = read_number(args, d);
  if (syntax == NumberSyntax::not_a_number) return Reply{"", "", true};
  if (running_ || paused_) return {"NA", ""};
  if (syntax == NumberSyntax::too_long || d < kMinDiameter_mm || d > kMaxDiameter_mm) return {"OOR", ""};
  diameter_mm_ = d;
  volume_ul_ = d <= kMicrolitreUnitsMaxDiameter_mm;
  mech_.set_syringe_diameter_mm(t, d);
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_dir(const std::string& args) {
  if (args.empty()) return {"", direction_ == PumpDirection::infuse ? "INF" : "WDR"};
  if (args != "INF" && args != "WDR" && args != "REV") return Reply{"", "", true};
  if (running_ || paused_) return {"NA", ""};
  if (args == "INF") direction_ = PumpDirection::infuse;
  else if (args == "WDR") direction_ = PumpDirection::withdraw;
  else direction_ = direction_ == PumpDirection::infuse ? PumpDirection::withdraw : PumpDirection::infuse;
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_rat(const std::string& args, Nanos t) {
  if (args.empty()) return {"", show_number(rate_value_) + rate_unit_};
  std::size_t n = 0;
  while (n < args.size() && (is_digit(args[n]) || args[n] == '.')) ++n;
  std::string unit = trim(std::string_view(args).substr(n));
  if (unit.empty()) unit = rate_unit_;
  if (unit != "UM" && unit != "MM" && unit != "UH" && unit != "MH") return Reply{"", "", true};
  double v = 0.0;
  const NumberSyntax syntax = read_number(std::string_view(args).substr(0, n), v);
  if (syntax == NumberSyntax::not_a_number) return Reply{"", "", true};
  if (purging_) return {"NA", ""};
  const double ml_h = rate_to_ml_h(v, unit);
  // A hair of tolerance so that a limit written in 4 digits is still accepted.
  if (syntax == NumberSyntax::too_long || ml_h < min_rate_ml_h(diameter_mm_) * (1 - 1e-9) ||
      ml_h > max_rate_ml_h(diameter_mm_) * (1 + 1e-9))
    return {"OOR", ""};
  rate_value_ = v;
  rate_unit_ = unit;
  if (running_) {
    fold(t);
    mech_.set_rate_ml_h(t, ml_h);
    schedule_volume_check(t);
  }
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_vol(const std::string& args) {
  if (args.empty()) return {"", show_number(volume_value_) + (volume_ul_ ? "UL" : "ML")};
  if (args == "UL" || args == "ML") {
    if (running_ || paused_) return {"NA", ""};
    volume_ul_ = args == "UL";
    return {};
  }
  double v = 0.0;
  const NumberSyntax syntax = read_number(args, v);
  if (syntax == NumberSyntax::not_a_number) return Reply{"", "", true};
  if (running_ || paused_) return {"NA", ""};
  if (syntax == NumberSyntax::too_long) return {"OOR", ""};
  volume_value_ = v;
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_dis(Nanos t) {
  fold(t);
  const double scale = volume_ul_ ? 1000.0 : 1.0;
  return {"", fmt::format("I{}W{}{}", show_number(infused_ml_ * scale), show_number(withdrawn_ml_ * scale),
                          volume_ul_ ? "UL" : "ML")};
}

SimNe1000Pump::Reply SimNe1000Pump::do_cld(const std::string& args, Nanos t) {
  if (args != "INF" && args != "WDR") return Reply{"", "", true};
  fold(t);
  (args == "INF" ? infused_ml_ : withdrawn_ml_) = 0.0;
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_run(Nanos t) {
  if (running_) return {};
  program_wait_ = 0;
  const double ml_h = rate_ml_h();
  if (ml_h <= 0.0) return {"NA", ""};
  if (ml_h < min_rate_ml_h(diameter_mm_) * (1 - 1e-9) || ml_h > max_rate_ml_h(diameter_mm_) * (1 + 1e-9))
    return {"OOR", ""};
  // The pump hands its whole program to the mechanism on every start: the world may have
  // forgotten it (power loss) since it was set.
  mech_.set_syringe_diameter_mm(t, diameter_mm_);
  mech_.set_rate_ml_h(t, ml_h);
  mech_.set_direction(t, direction_);
  mech_.start(t);
  const bool resuming = paused_;
  running_ = true;
  purging_ = paused_ = false;
  counted_origin_ml_ = mech_.motor_volume_ml(t);
  if (!resuming) {
    run_direction_ = direction_;
    run_origin_ml_ = counted_origin_ml_;  // a resumed run counts on towards the same target
  }
  schedule_volume_check(t);
  arm_motor_watch();
  return {};
}

// The manual: the first STP of a running program pauses it, a second one stops it. A purge (no
// program) stops at once. STP on a stopped pump still acknowledges an alarm the mechanism shows.
SimNe1000Pump::Reply SimNe1000Pump::do_stp(Nanos t) {
  if (running_ && !purging_) {
    fold(t);
    mech_.stop(t);
    running_ = false;
    paused_ = true;
    loop_.cancel(volume_timer_);
    volume_timer_ = 0;
    return {};
  }
  if (running_) stop_motor(t);
  else mech_.stop(t);
  paused_ = false;
  program_wait_ = 0;
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_pur(Nanos t) {
  if (running_ || paused_) return {"NA", ""};
  mech_.set_syringe_diameter_mm(t, diameter_mm_);
  mech_.set_rate_ml_h(t, max_rate_ml_h(diameter_mm_));
  mech_.set_direction(t, PumpDirection::infuse);
  mech_.start(t);
  running_ = true;
  purging_ = true;
  run_direction_ = PumpDirection::infuse;
  run_origin_ml_ = counted_origin_ml_ = mech_.motor_volume_ml(t);
  arm_motor_watch();
  return {};
}

SimNe1000Pump::Reply SimNe1000Pump::do_saf(const std::string& args) {
  if (args.empty()) return {"", std::to_string(safe_timeout_s_)};
  if (args.size() > 3 || !std::all_of(args.begin(), args.end(), is_digit)) return Reply{"", "", true};
  const int n = std::stoi(args);
  if (n > 255) return {"OOR", ""};
  safe_timeout_s_ = n;
  safe_ = n > 0;
  line_.clear();
  frame_.clear();
  in_frame_ = false;
  if (safe_) {
    arm_watchdog();
    arm_motor_watch();
  } else {
    loop_.cancel(watchdog_);
    watchdog_ = 0;
  }
  return {};
}

// ---- the motor -----------------------------------------------------------------------------

void SimNe1000Pump::fold(Nanos t) {
  if (!running_) return;
  const double now_ml = mech_.motor_volume_ml(t);
  const double moved = std::fabs(now_ml - counted_origin_ml_);
  (run_direction_ == PumpDirection::infuse ? infused_ml_ : withdrawn_ml_) += moved;
  counted_origin_ml_ = now_ml;
}

void SimNe1000Pump::stop_motor(Nanos t) {
  fold(t);
  mech_.stop(t);
  running_ = purging_ = false;
  loop_.cancel(volume_timer_);
  volume_timer_ = 0;
}

// Brings the pump's view of the run up to date with the mechanism: a stall raises alarm S, a
// reached volume target or a motor stopped by the world (empty syringe) ends the run.
void SimNe1000Pump::update(Nanos t) {
  if (!running_) return;
  fold(t);
  if (mech_.stalled(t)) {
    if (mech_.occlusion_alarm(t)) {
      // The mechanism stopped itself on its force limit and shows the alarm until STP or RUN
      // acknowledges it: end the run without stopping the mechanism again.
      fold(t);
      running_ = purging_ = false;
      loop_.cancel(volume_timer_);
      volume_timer_ = 0;
    } else {
      stop_motor(t);
    }
    raise_alarm('S', t);
    return;
  }
  const double target = volume_target_ml();
  if (!purging_ && target > 0.0 && std::fabs(mech_.motor_volume_ml(t) - run_origin_ml_) >= target * (1 - 1e-9)) {
    stop_motor(t);
    return;
  }
  if (!mech_.motor_running(t)) {
    running_ = purging_ = false;
    loop_.cancel(volume_timer_);
    volume_timer_ = 0;
  }
}

void SimNe1000Pump::schedule_volume_check(Nanos t) {
  loop_.cancel(volume_timer_);
  volume_timer_ = 0;
  const double target = volume_target_ml();
  const double ml_h = rate_ml_h();
  if (!running_ || purging_ || target <= 0.0 || ml_h <= 0.0) return;
  const double remaining = target - std::fabs(mech_.motor_volume_ml(t) - run_origin_ml_);
  const Nanos dt = std::max(from_seconds(remaining / ml_h * 3600.0), milliseconds(1));
  volume_timer_ = loop_.schedule_at(t + dt, [this] {
    volume_timer_ = 0;
    const Nanos now = loop_.now();
    update(now);
    if (running_) schedule_volume_check(now);
  });
}

// Safe mode has auto-alarm: a stall must be seen when it happens, not at the next request.
void SimNe1000Pump::arm_motor_watch() {
  if (motor_watch_ || !safe_ || !running_) return;
  motor_watch_ = loop_.schedule_after(kMotorWatchPeriod, [this] {
    motor_watch_ = 0;
    update(loop_.now());
    arm_motor_watch();
  });
}

void SimNe1000Pump::arm_watchdog() {
  loop_.cancel(watchdog_);
  watchdog_ = 0;
  if (!safe_ || safe_timeout_s_ <= 0) return;
  watchdog_ = loop_.schedule_after(seconds(safe_timeout_s_), [this] {
    watchdog_ = 0;
    on_watchdog();
  });
}

void SimNe1000Pump::on_watchdog() {
  const Nanos t = loop_.now();
  update(t);
  if (running_) stop_motor(t);
  paused_ = false;
  program_wait_ = 0;
  ++comms_timeouts_;
  raise_alarm('T', t);
}

char SimNe1000Pump::prompt() const {
  if (program_wait_) return program_wait_;
  if (paused_) return 'P';
  if (!running_) return 'S';
  if (purging_) return 'X';
  return run_direction_ == PumpDirection::infuse ? 'I' : 'W';
}

// ---- sending -------------------------------------------------------------------------------

void SimNe1000Pump::send(const std::string& head, const std::string& tail) {
  const std::string payload = fmt::format("{:02d}", options_.address) + head + tail;
  Bytes out;
  if (garbage_next_) {
    // Noise with a false STX whose "LEN" is impossible and which no ETX closes.
    out = {0xFF, 0x13, '~', kStx, 'Q', 0x18, 0x00};
    garbage_next_ = false;
  }
  const std::size_t start = out.size();
  out.push_back(kStx);
  if (safe_) out.push_back(static_cast<std::uint8_t>(payload.size() + 4));
  out.insert(out.end(), payload.begin(), payload.end());
  if (safe_) {
    const std::uint16_t crc = crc16_xmodem(payload);
    out.push_back(static_cast<std::uint8_t>(crc >> 8));
    out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  }
  out.push_back(kEtx);
  if (corrupt_next_) {
    if (safe_) out[out.size() - 2] ^= 0x5A;   // CRC low byte
    else out[start + 3] = '~';                // the prompt: basic mode has nothing else to catch it
    corrupt_next_ = false;
  }
  ++replies_;
  link_.write(out);
}

}  // namespace pumprig::sim
