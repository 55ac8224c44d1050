#include "hardware/sim/harvard_sim.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

// The unit spellings and the number format are the pump's, shared with the driver's parser so
// both read one table (the simulator's own logic, commands and state, is independent of it).
#include "rig/drivers/harvard/harvard_protocol.hpp"

namespace pumprig::sim {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxPlungerSpeed_mm_h = 190.676 * 60.0;  // 190.7 mm/min
constexpr double kMinPlungerSpeed_mm_h = 0.18e-3 * 60.0;  // 0.18 um/min
constexpr double kMinDiameter_mm = 0.1;
constexpr double kMaxDiameter_mm = 50.0;
constexpr std::size_t kMaxLine = 80;
constexpr Nanos kMotorWatchPeriod = milliseconds(100);

double area_mm2(double d_mm) { return kPi / 4.0 * d_mm * d_mm; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The full command a word names: the word itself, or its first four letters or more.
std::string full_command(const std::string& word) {
  static const char* const kCommands[] = {"ver",     "address",  "poll",     "diameter", "irate",   "wrate",
                                          "tvolume", "ctvolume", "ivolume",  "wvolume",  "civolume", "cwvolume",
                                          "irun",    "wrun",     "stp",      "status"};
  for (const char* c : kCommands) {
    const std::string full(c);
    if (word == full) return full;
    if (word.size() >= 4 && full.compare(0, word.size(), word) == 0) return full;
  }
  return {};
}

std::optional<double> number(const std::string& s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "<number> <unit>" split at whitespace; false when it is not two words.
bool two_words(const std::string& args, std::string& a, std::string& b) {
  const auto sp = args.find_first_of(" \t");
  if (sp == std::string::npos) return false;
  a = args.substr(0, sp);
  b = trim(args.substr(sp));
  return !b.empty() && b.find_first_of(" \t") == std::string::npos;
}

std::string show(double v) { return format_harvard_number(v).value_or("0"); }

std::string show_volume(double ml) { return ml < 1.0 ? show(ml * 1000.0) + " ul" : show(ml) + " ml"; }
std::string show_rate(double ml_h) { return ml_h < 1.0 ? show(ml_h * 1000.0) + " ul/hr" : show(ml_h) + " ml/hr"; }

const std::string kUnknown = "Unknown command";
const std::string kArgument = "Argument error";
const std::string kRange = "Out of range";
const std::string kCommand = "Command error";

}  // namespace

SimHarvardPump::SimHarvardPump(Link& link, EventLoop& loop, PumpMechanism& mechanism, SimHarvardOptions options)
    : link_(link), loop_(loop), mech_(mechanism), options_(std::move(options)),
      address_(std::clamp(options_.address, 0, 99)), diameter_mm_(options_.diameter_mm) {
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
}

SimHarvardPump::~SimHarvardPump() {
  link_.on_receive({});
  loop_.cancel(watch_);
  for (const TimerId id : pending_) loop_.cancel(id);
}

double SimHarvardPump::max_rate_ml_h(double d_mm) { return area_mm2(d_mm) * kMaxPlungerSpeed_mm_h / 1000.0; }
double SimHarvardPump::min_rate_ml_h(double d_mm) { return area_mm2(d_mm) * kMinPlungerSpeed_mm_h / 1000.0; }

double SimHarvardPump::infused_ml() {
  update(loop_.now());
  return infused_ml_;
}

void SimHarvardPump::power_cycle() {
  const Nanos t = loop_.now();
  mech_.power_cycle(t);
  loop_.cancel(watch_);
  watch_ = 0;
  for (const TimerId id : pending_) loop_.cancel(id);
  pending_.clear();
  running_ = stalled_ = target_reached_ = false;
  infused_ml_ = withdrawn_ml_ = 0.0;
  infuse_time_ns_ = withdraw_time_ns_ = 0;
  line_.clear();
  after_cr_ = overlong_ = false;
}

void SimHarvardPump::set_silent(bool silent) {
  silent_ = silent;
  line_.clear();
  after_cr_ = overlong_ = false;
}

void SimHarvardPump::inject_garbage_next_reply() { garbage_next_ = true; }

// ---- receiving -----------------------------------------------------------------------------

void SimHarvardPump::on_bytes(std::span<const std::uint8_t> bytes) {
  if (silent_) return;
  for (const std::uint8_t b : bytes) {
    if (b == '\n' && after_cr_) {  // CR LF is one line end
      after_cr_ = false;
      continue;
    }
    after_cr_ = b == '\r';
    if (b == '\r' || b == '\n') {
      std::string line = std::move(line_);
      line_.clear();
      // An overlong line is dropped whole, unanswered: the pump's buffer overflowed.
      if (overlong_) {
        overlong_ = false;
        continue;
      }
      auto id = std::make_shared<TimerId>(0);
      *id = loop_.schedule_after(options_.latency, [this, id, line = std::move(line)] {
        pending_.erase(*id);
        if (!silent_) on_line(line);
      });
      pending_.insert(*id);
      continue;
    }
    if (overlong_) continue;
    if (line_.size() >= kMaxLine) {
      overlong_ = true;
      line_.clear();
      continue;
    }
    line_.push_back(static_cast<char>(b));
  }
}

void SimHarvardPump::on_line(const std::string& raw) {
  std::string text = trim(raw);
  // The address: one or two digits, then a colon (the manual's form; the colon may be left out).
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  int addressed = 0;
  if (digits > 0) {
    if (digits > 2) return;  // not a request any pump would take as its own
    addressed = std::stoi(text.substr(0, digits));
    text = text.substr(digits);
    if (!text.empty() && text.front() == ':') text = trim(text.substr(1));
  }
  if (addressed != address_) return;  // for another pump on the chain
  const Nanos t = loop_.now();
  update(t);
  Reply reply;
  if (!text.empty()) {
    const auto sp = text.find_first_of(" \t");
    const std::string word = lower(text.substr(0, sp));
    const std::string args = sp == std::string::npos ? std::string() : trim(text.substr(sp));
    const std::string command = full_command(word);
    if (command.empty()) reply.lines.push_back(kUnknown);
    else {
      ++commands_;
      execute(command, args, t, reply);
    }
  }
  send(reply.lines);
}

// ---- executing -----------------------------------------------------------------------------

void SimHarvardPump::execute(const std::string& command, const std::string& args, Nanos t, Reply& reply) {
  auto& out = reply.lines;
  const bool no_args = args.empty();
  auto takes_none = [&] {
    if (!no_args) out.push_back(kArgument);
    return no_args;
  };
  if (command == "ver") {
    if (takes_none()) out.push_back(options_.identity.version_string());
  } else if (command == "address") {
    if (no_args) return out.push_back(std::to_string(address_));
    const auto a = number(args);
    if (!a || *a != std::floor(*a)) return out.push_back(kArgument);
    if (*a < 0 || *a > 99) return out.push_back(kRange);
    address_ = static_cast<int>(*a);
  } else if (command == "poll") {
    const std::string a = lower(args);
    if (no_args) out.push_back(poll_ ? "on" : "off");
    else if (a == "on") poll_ = true;
    else if (a == "off") poll_ = false;
    else out.push_back(kArgument);
  } else if (command == "diameter") {
    if (no_args) return out.push_back(show(diameter_mm_) + " mm");
    std::string a = args, unit;
    if (two_words(args, a, unit) && lower(unit) != "mm") return out.push_back(kArgument);
    const auto d = number(a);
    if (!d) return out.push_back(kArgument);
    if (*d < kMinDiameter_mm || *d > kMaxDiameter_mm) return out.push_back(kRange);
    if (running_) return out.push_back(kCommand);
    diameter_mm_ = *d;
    mech_.set_syringe_diameter_mm(t, diameter_mm_);
  } else if (command == "irate" || command == "wrate") {
    set_rate(command == "irate", args, t, reply);
  } else if (command == "tvolume") {
    if (no_args) return out.push_back(target_ml_ > 0.0 ? show_volume(target_ml_) : "Target volume not set");
    std::string a, unit;
    if (!two_words(args, a, unit)) return out.push_back(kArgument);
    const auto v = number(a);
    const auto u = harvard_volume_unit_ml(unit);
    if (!v || !u) return out.push_back(kArgument);
    if (*v <= 0.0 || *v * *u > 1000.0) return out.push_back(kRange);
    target_ml_ = *v * *u;
    target_reached_ = false;
    if (running_) arm_watch(t);
  } else if (command == "ctvolume") {
    if (!takes_none()) return;
    target_ml_ = 0.0;
    target_reached_ = false;
    if (running_) arm_watch(t);
  } else if (command == "ivolume" || command == "wvolume") {
    if (takes_none()) query_volume(command == "ivolume" ? infused_ml_ : withdrawn_ml_, reply);
  } else if (command == "civolume") {
    if (!takes_none()) return;
    fold(t);
    infused_ml_ = 0.0;
    infuse_time_ns_ = 0;
    target_reached_ = false;
    if (running_) arm_watch(t);
  } else if (command == "cwvolume") {
    if (!takes_none()) return;
    fold(t);
    withdrawn_ml_ = 0.0;
    withdraw_time_ns_ = 0;
  } else if (command == "irun" || command == "wrun") {
    if (takes_none()) run(command == "irun", t, reply);
  } else if (command == "stp") {
    if (!takes_none()) return;
    if (running_) stop_motor(t);
    else mech_.stop(t);  // acknowledges a latched occlusion in the world
    stalled_ = target_reached_ = false;
  } else if (command == "status") {
    if (!takes_none()) return;
    const double ml_h = running_ ? (infusing_ ? irate_ml_h_ : wrate_ml_h_) : 0.0;
    const auto rate_fl_s = static_cast<std::int64_t>(std::llround(ml_h * 1e12 / 3600.0));
    const Nanos time_ns = infusing_ ? infuse_time_ns_ : withdraw_time_ns_;
    const auto volume_fl = static_cast<std::int64_t>(std::llround((infusing_ ? infused_ml_ : withdrawn_ml_) * 1e12));
    const char dir = infusing_ ? (running_ ? 'I' : 'i') : (running_ ? 'W' : 'w');
    const std::string flags{dir, '.', stalled_ ? 'S' : '.', '.', infusing_ ? 'I' : 'W', target_reached_ ? 'T' : '.'};
    out.push_back(fmt::format("{} {} {} {}", rate_fl_s, time_ns / 1'000'000, volume_fl, flags));
  }
}

void SimHarvardPump::set_rate(bool infuse, const std::string& args, Nanos t, Reply& reply) {
  double& rate = infuse ? irate_ml_h_ : wrate_ml_h_;
  if (args.empty()) return reply.lines.push_back(show_rate(rate));
  std::string a, unit;
  if (!two_words(args, a, unit)) return reply.lines.push_back(kArgument);
  const auto v = number(a);
  const auto u = harvard_rate_unit_ml_h(unit);
  if (!v || !u) return reply.lines.push_back(kArgument);
  const double ml_h = *v * *u;
  // A little slack so the published extremes, written as the pump shows them, are accepted.
  if (ml_h < min_rate_ml_h(diameter_mm_) * (1 - 1e-6) || ml_h > max_rate_ml_h(diameter_mm_) * (1 + 1e-6))
    return reply.lines.push_back(kRange);
  rate = ml_h;
  if (running_ && infusing_ == infuse) {
    fold(t);
    mech_.set_rate_ml_h(t, rate);
    arm_watch(t);
  }
}

void SimHarvardPump::query_volume(double ml, Reply& reply) { reply.lines.push_back(show_volume(ml)); }

void SimHarvardPump::run(bool infuse, Nanos t, Reply& reply) {
  if (running_ && infusing_ == infuse) return;  // a resent irun changes nothing
  const double rate = infuse ? irate_ml_h_ : wrate_ml_h_;
  if (rate <= 0.0) return reply.lines.push_back(kCommand);
  if (running_) stop_motor(t);
  stalled_ = false;
  if (infuse && target_ml_ > 0.0 && infused_ml_ >= target_ml_ * (1 - 1e-9)) {
    target_reached_ = true;  // nothing left to infuse
    return;
  }
  target_reached_ = false;
  infusing_ = infuse;
  mech_.set_syringe_diameter_mm(t, diameter_mm_);
  mech_.set_rate_ml_h(t, rate);
  mech_.set_direction(t, infuse ? PumpDirection::infuse : PumpDirection::withdraw);
  mech_.start(t);
  running_ = true;
  counted_origin_ml_ = mech_.motor_volume_ml(t);
  time_origin_ = t;
  arm_watch(t);
}

void SimHarvardPump::fold(Nanos t) {
  if (!running_) return;
  const double now_ml = mech_.motor_volume_ml(t);
  (infusing_ ? infused_ml_ : withdrawn_ml_) += std::fabs(now_ml - counted_origin_ml_);
  (infusing_ ? infuse_time_ns_ : withdraw_time_ns_) += t - time_origin_;
  counted_origin_ml_ = now_ml;
  time_origin_ = t;
}

void SimHarvardPump::stop_motor(Nanos t) {
  fold(t);
  mech_.stop(t);
  running_ = false;
  loop_.cancel(watch_);
  watch_ = 0;
}

// Brings the pump's view of the run up to date with the mechanism: a stall shows `*`, a reached
// target `T*`, a motor stopped by the world (empty syringe) ends the run.
void SimHarvardPump::update(Nanos t) {
  if (!running_) return;
  fold(t);
  std::string unprompted;
  if (mech_.stalled(t)) {
    if (mech_.occlusion_alarm(t)) {
      // The mechanism stopped itself on its force limit and holds the alarm until stp or irun.
      running_ = false;
      loop_.cancel(watch_);
      watch_ = 0;
    } else {
      stop_motor(t);
    }
    stalled_ = true;
    unprompted = "*";
  } else if (infusing_ && target_ml_ > 0.0 && infused_ml_ >= target_ml_ * (1 - 1e-9)) {
    stop_motor(t);
    target_reached_ = true;
    unprompted = "T*";
  } else if (!mech_.motor_running(t)) {
    fold(t);
    running_ = false;
    loop_.cancel(watch_);
    watch_ = 0;
  }
  // With poll off the pump tells of a stop it made by itself.
  if (!unprompted.empty() && !poll_ && !silent_) {
    ++unprompted_;
    const std::string text = "\r\n" + (address_ > 0 ? fmt::format("{:02d}", address_) : std::string()) + unprompted;
    link_.write(Bytes(text.begin(), text.end()));
  }
}

// The next look at the motor: in 100 ms, or at the moment the target will be reached if sooner.
void SimHarvardPump::arm_watch(Nanos t) {
  loop_.cancel(watch_);
  watch_ = 0;
  if (!running_) return;
  Nanos due = t + kMotorWatchPeriod;
  const double rate = infusing_ ? irate_ml_h_ : wrate_ml_h_;
  if (infusing_ && target_ml_ > 0.0 && rate > 0.0) {
    const double remaining = std::max(0.0, target_ml_ - infused_ml_);
    due = std::min(due, t + std::max(from_seconds(remaining / rate * 3600.0), milliseconds(1)));
  }
  watch_ = loop_.schedule_at(due, [this] {
    watch_ = 0;
    const Nanos now = loop_.now();
    update(now);
    arm_watch(now);
  });
}

std::string SimHarvardPump::prompt() const {
  std::string p;
  if (stalled_) p = "*";
  else if (target_reached_) p = "T*";
  else if (running_) p = infusing_ ? ">" : "<";
  else p = ":";
  return (address_ > 0 ? fmt::format("{:02d}", address_) : std::string()) + p;
}

void SimHarvardPump::send(const std::vector<std::string>& lines) {
  std::string text;
  if (garbage_next_) {
    // Line noise: bytes that no reply has (a framer drops and counts them).
    text = std::string("\xFF\x13\x18\x00\x7F", 5);
    garbage_next_ = false;
  }
  text += "\r\n";
  for (const auto& l : lines) text += l + "\r\n";
  text += prompt();
  ++replies_;
  link_.write(Bytes(text.begin(), text.end()));
}

}  // namespace pumprig::sim
