#include "hardware/sim/world/peristaltic_drive.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::sim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Phase (rev, frac) moved on by delta revolutions, the fraction kept in [0, 1).
void advance_phase(std::int64_t& rev, double& frac, double delta) {
  double f = frac + delta;
  const double whole = std::floor(f);
  rev += static_cast<std::int64_t>(whole);
  f -= whole;
  if (f >= 1.0) {  // rounding of a value just below an integer
    f = 0.0;
    ++rev;
  }
  frac = std::max(0.0, f);
}
}  // namespace

PeristalticDrive::PeristalticDrive(const PeristalticConfig& c)
    : profile_(c),
      rollers_(c.rollers),
      nominal_stroke_ml_(c.nominal_stroke_ml()),
      nominal_rev_ml_(c.nominal_stroke_ml() * c.rollers),
      ramp_s_(c.ramp_s),
      reservoir_ml_(c.reservoir_ml),
      empty_(c.reservoir_ml <= 0.0) {}

bool PeristalticDrive::turning() const { return running_ && !stalled_ && !empty_ && rate_ml_h_ > 0.0; }

double PeristalticDrive::target_speed() const { return turning() ? rate_ml_h_ / 3600.0 / nominal_rev_ml_ : 0.0; }

void PeristalticDrive::retarget() {
  target_ = target_speed();
  if (target_ == 0.0 || ramp_s_ <= 0.0) {
    // Stopping is immediate: the motor brakes and the rollers keep the segment occluded.
    omega_ = target_;
    alpha_ = 0.0;
    return;
  }
  alpha_ = target_ == omega_ ? 0.0 : (target_ - omega_) / ramp_s_;
}

void PeristalticDrive::set_rate_ml_h(double rate_ml_h) {
  rate_ml_h_ = std::isfinite(rate_ml_h) ? std::max(0.0, rate_ml_h) : 0.0;
  retarget();
}

void PeristalticDrive::start() {
  if (running_ || empty_) return;
  running_ = true;
  retarget();
}

void PeristalticDrive::stop() {
  running_ = false;
  retarget();
}

void PeristalticDrive::set_stalled(bool stalled) {
  stalled_ = stalled;
  retarget();
}

// The program is forgotten; the set, the rotor's position and the bag stay.
void PeristalticDrive::power_cycle() {
  running_ = false;
  rate_ml_h_ = 0.0;
  motor_ml_ = 0.0;
  retarget();
}

double PeristalticDrive::flow_ml_h() const {
  if (omega_ <= 0.0) return 0.0;
  return profile_.level(profile_.segment_of(frac_)) * omega_ * 3600.0;
}

double PeristalticDrive::ramp_remaining_s() const {
  return alpha_ != 0.0 ? std::max(0.0, (target_ - omega_) / alpha_) : 0.0;
}

double PeristalticDrive::time_for(double delta) const {
  if (delta <= 0.0) return 0.0;
  if (alpha_ != 0.0) {
    const double r = ramp_remaining_s();
    if (delta > omega_ * r + 0.5 * alpha_ * r * r) return kInf;  // after the ramp: its end comes first
    const double disc = omega_ * omega_ + 2.0 * alpha_ * delta;
    if (disc < 0.0) return kInf;
    const double den = omega_ + std::sqrt(disc);
    return den > 0.0 ? std::min(r, 2.0 * delta / den) : kInf;
  }
  return omega_ > 0.0 ? delta / omega_ : kInf;
}

// The first phase at or after now where the pumped volume reaches the bag's content. Within a
// revolution the cumulative volume rises in delivery segments and falls back a little in
// backflows, so the crossing is in a delivery segment of one of the next few revolutions.
PeristalticDrive::Breakpoint PeristalticDrive::dry_point() const {
  Breakpoint b;
  if (omega_ <= 0.0 && alpha_ <= 0.0) return b;
  const double rev_ml = profile_.revolution_ml();
  const double first = std::floor((reservoir_ml_ - profile_.peak_ml()) / rev_ml) - 1.0;
  const std::int64_t n0 = std::max<std::int64_t>(rev_, static_cast<std::int64_t>(std::max(first, -1.0)));
  for (std::int64_t n = n0; n < n0 + 4; ++n) {
    const double base = static_cast<double>(n) * rev_ml;
    for (std::size_t j = n == rev_ ? profile_.segment_of(frac_) : 0; j < profile_.segments(); ++j) {
      const double lvl = profile_.level(j);
      if (lvl <= 0.0 || base + profile_.cumulative(j + 1) < reservoir_ml_) continue;
      const double lo = std::max(profile_.start(j), n == rev_ ? frac_ : 0.0);
      double f = profile_.start(j) + (reservoir_ml_ - base - profile_.cumulative(j)) / lvl;
      f = std::clamp(f, lo, profile_.start(j + 1));
      b.rev = n;
      b.frac = f;
      if (f >= 1.0) {
        b.rev = n + 1;
        b.frac = 0.0;
      }
      b.kind = BreakKind::reservoir_empty;
      b.dt_s = time_for(static_cast<double>(b.rev - rev_) + (b.frac - frac_));
      return b;
    }
  }
  return b;
}

PeristalticDrive::Breakpoint PeristalticDrive::next_breakpoint(bool segment_boundaries) const {
  Breakpoint best;
  if (omega_ <= 0.0 && alpha_ <= 0.0) return best;
  if (alpha_ != 0.0) {
    best.dt_s = ramp_remaining_s();
    best.kind = BreakKind::ramp_end;
  }
  const Breakpoint dry = dry_point();
  if (dry.dt_s <= best.dt_s) best = dry;
  if (segment_boundaries) {
    const double next = profile_.start(profile_.segment_of(frac_) + 1);
    Breakpoint b;
    b.kind = BreakKind::boundary;
    b.rev = next >= 1.0 ? rev_ + 1 : rev_;
    b.frac = next >= 1.0 ? 0.0 : next;
    b.dt_s = time_for(next - frac_);
    if (b.dt_s < best.dt_s) best = b;
  }
  return best;
}

PeristalticDrive::Motion PeristalticDrive::preview(double dt_s) const {
  Motion m;
  m.rev_after = rev_;
  m.frac_after = frac_;
  m.omega_after = omega_;
  if (dt_s <= 0.0 || (omega_ <= 0.0 && alpha_ == 0.0)) return m;
  const double delta = omega_ * dt_s + 0.5 * alpha_ * dt_s * dt_s;
  advance_phase(m.rev_after, m.frac_after, delta);
  m.omega_after = omega_ + alpha_ * dt_s;
  if (alpha_ != 0.0) {
    m.omega_after = alpha_ > 0.0 ? std::min(m.omega_after, target_) : std::max(m.omega_after, target_);
  }
  m.motor_ml = delta * nominal_rev_ml_;
  FlowTrain& f = m.flow;
  f.profile = &profile_;
  f.rev0 = rev_;
  f.frac0 = frac_;
  f.rev1 = m.rev_after;
  f.frac1 = m.frac_after;
  f.omega0 = omega_;
  f.alpha = alpha_;
  f.duration_s = dt_s;
  f.total_ml = static_cast<double>(m.rev_after - rev_) * profile_.revolution_ml() +
               profile_.volume_at(m.frac_after) - profile_.volume_at(frac_);
  return m;
}

PeristalticDrive::Motion PeristalticDrive::preview_to(const Breakpoint& b) const {
  Motion m = preview(b.dt_s);
  if (b.kind == BreakKind::ramp_end) {
    m.omega_after = target_;
  } else if (b.kind != BreakKind::none && !m.flow.empty()) {
    // Exactly on the breakpoint's phase, whatever rounding the time did.
    m.rev_after = m.flow.rev1 = b.rev;
    m.frac_after = m.flow.frac1 = b.frac;
    const double delta = static_cast<double>(b.rev - rev_) + (b.frac - frac_);
    m.motor_ml = delta * nominal_rev_ml_;
    m.flow.total_ml = static_cast<double>(b.rev - rev_) * profile_.revolution_ml() + profile_.volume_at(b.frac) -
                      profile_.volume_at(frac_);
  }
  return m;
}

void PeristalticDrive::commit(const Motion& m) {
  rev_ = m.rev_after;
  frac_ = m.frac_after;
  omega_ = m.omega_after;
  motor_ml_ += m.motor_ml;
}

void PeristalticDrive::take(const Breakpoint& b) {
  switch (b.kind) {
    case BreakKind::ramp_end:
      omega_ = target_;
      alpha_ = 0.0;
      break;
    case BreakKind::reservoir_empty:
      // Air reaches the pumping segment: the air-in-line detector stops the pump.
      empty_ = true;
      running_ = false;
      retarget();
      break;
    case BreakKind::boundary:
    case BreakKind::none:
      break;
  }
}

void PeristalticDrive::drain_reservoir(double ml) {
  if (!(ml > 0.0)) return;
  reservoir_ml_ -= ml;
  // A hair's breadth left is empty: the caller drained to the computed end of the bag.
  if (reservoir_remaining_ml() <= 1e-9 * std::max(1.0, reservoir_ml_)) {
    reservoir_ml_ = pumped_ml();
    empty_ = true;
    running_ = false;
    retarget();
  }
}

double PeristalticDrive::max_flow_ml_s() const {
  double level = 0.0;
  for (std::size_t j = 0; j < profile_.segments(); ++j) level = std::max(level, profile_.level(j));
  return level * std::max(omega_, target_);
}

}  // namespace pumprig::sim
