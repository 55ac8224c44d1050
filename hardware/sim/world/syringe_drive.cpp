#include "hardware/sim/world/syringe_drive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace pumprig::sim {

namespace {
double area_mm2(double d_mm) { return std::numbers::pi * 0.25 * d_mm * d_mm; }
std::int64_t floor_mod(std::int64_t a, std::int64_t n) {
  const std::int64_t r = a % n;
  return r < 0 ? r + n : r;
}
}  // namespace

SyringeDrive::SyringeDrive(const SyringeConfig& syringe, const DriveConfig& drive)
    : volume_per_mm_(area_mm2(syringe.inner_diameter_mm) / 1000.0),
      step_mm_(drive.lead_screw_pitch_mm / drive.steps_per_rev),
      mean_step_mm_(step_mm_ * (1.0 + drive.rate_error_fraction)),
      ripple_mm_((1.0 + drive.rate_error_fraction) * drive.ripple_fraction * drive.lead_screw_pitch_mm /
                 (2.0 * std::numbers::pi)),
      omega_(2.0 * std::numbers::pi / drive.steps_per_rev),
      steps_per_rev_(drive.steps_per_rev),
      slack_mm_(drive.slack_mm),
      stiction_mm_(drive.stiction_mm),
      max_plunger_mm_(syringe.fill_ml / volume_per_mm_),
      min_plunger_mm_(-(syringe.volume_ml - syringe.fill_ml) / volume_per_mm_),
      programmed_diameter_mm_(syringe.inner_diameter_mm),
      programmed_step_ml_(area_mm2(syringe.inner_diameter_mm) / 1000.0 * step_mm_) {}

// Nut position after n steps: nominal travel with the rate error, plus the screw's once-per-turn
// position error whose derivative is the +-ripple_fraction speed modulation.
double SyringeDrive::drive_mm(std::int64_t n) const {
  const double phase = omega_ * static_cast<double>(floor_mod(n, steps_per_rev_));
  return mean_step_mm_ * static_cast<double>(n) + ripple_mm_ * std::sin(phase);
}

void SyringeDrive::set_programmed_diameter_mm(double mm) {
  if (!(mm > 0.0) || !std::isfinite(mm)) return;
  programmed_diameter_mm_ = mm;
  programmed_step_ml_ = area_mm2(mm) / 1000.0 * step_mm_;
}

void SyringeDrive::set_rate_ml_h(double rate_ml_h) {
  rate_ml_h_ = std::isfinite(rate_ml_h) ? std::max(0.0, rate_ml_h) : 0.0;
  if (rate_ml_h_ == 0.0) sliding_ = false;  // the motor stands: friction grips again
}

void SyringeDrive::set_direction(PumpDirection d) {
  if (d == direction_) return;
  direction_ = d;
  sliding_ = false;
  step_phase_ = 0.0;
}

void SyringeDrive::start() {
  if (running_) return;
  if (at_limit(sign())) return;  // the pump's end-of-travel sensor refuses to start
  running_ = true;
  sliding_ = false;
  step_phase_ = 0.0;
}

void SyringeDrive::stop() {
  running_ = false;
  sliding_ = false;
  step_phase_ = 0.0;
}

void SyringeDrive::set_stalled(bool stalled) {
  if (stalled == stalled_) return;
  stalled_ = stalled;
  sliding_ = false;
  step_phase_ = 0.0;
}

// The program is forgotten; the syringe, its plunger and the programmed diameter (kept in
// non-volatile memory by real pumps) stay, and so does a physical stall.
void SyringeDrive::power_cycle() {
  running_ = false;
  sliding_ = false;
  step_phase_ = 0.0;
  rate_ml_h_ = 0.0;
  direction_ = PumpDirection::infuse;
  motor_infused_ml_ = 0.0;
  motor_withdrawn_ml_ = 0.0;
}

bool SyringeDrive::turning() const { return running_ && !stalled_ && rate_ml_h_ > 0.0; }

bool SyringeDrive::at_limit(int sigma) const {
  const double tol = 1e-9 * std::max(1.0, std::abs(travel_limit_mm(sigma)));
  return sigma * plunger_mm_ >= sigma * travel_limit_mm(sigma) - tol;
}

bool SyringeDrive::syringe_empty() const { return at_limit(1); }

double SyringeDrive::step_rate_hz() const { return rate_ml_h_ / 3600.0 / programmed_step_ml_; }

SyringeDrive::Motion SyringeDrive::preview(double dt_s, std::int64_t max_steps, std::int64_t min_steps) const {
  Motion m;
  m.plunger_mm_after = plunger_mm_;
  m.step_phase_after = step_phase_;
  if (!turning() || dt_s <= 0.0) return m;
  const int sigma = sign();
  const double f = step_rate_hz();
  const double phase = step_phase_ + f * dt_s;
  std::int64_t k = static_cast<std::int64_t>(std::floor(phase));
  k = std::clamp<std::int64_t>(k, std::min(min_steps, max_steps), max_steps);
  m.steps = k;
  m.step_phase_after = std::max(0.0, phase - static_cast<double>(k));
  m.motor_ml = sigma * rate_ml_h_ * dt_s / 3600.0;
  if (sliding_ && k > 0) {
    const std::int64_t n_after = motor_steps_ + sigma * k;
    // Sliding, the plunger sits exactly at the contact, so its position is a function of the
    // motor position: no accumulation error over hours.
    m.plunger_mm_after = drive_mm(n_after) - contact_offset_mm(sigma);
    StepTrain& t = m.train;
    t.count = k;
    t.interval_s = 1.0 / f;
    t.last_age_s = m.step_phase_after / f;
    t.volume_per_mm = sigma * volume_per_mm_;
    t.mean_step_mm = mean_step_mm_;
    // drive(m) - drive(m-1) = mean + Im(ripple * (1 - e^{-i omega}) * e^{i omega m})
    t.ripple_mm = ripple_mm_ * (1.0 - std::polar(1.0, -omega_));
    t.omega = omega_;
    t.steps_per_rev = steps_per_rev_;
    // Infusing, step motor_steps_+j goes from index n+j-1 to n+j and is labelled n+j;
    // withdrawing, it goes from n-j+1 to n-j and is labelled n-j+1.
    const std::int64_t last_index = sigma > 0 ? n_after : n_after + 1;
    t.last_index_mod = floor_mod(last_index, steps_per_rev_);
    t.index_step = sigma;
    t.total_ml = (m.plunger_mm_after - plunger_mm_) * volume_per_mm_;
  }
  return m;
}

void SyringeDrive::commit(const Motion& m) {
  motor_steps_ += sign() * m.steps;
  step_phase_ = std::min(m.step_phase_after, 1.0);
  plunger_mm_ = m.plunger_mm_after;
  if (m.motor_ml >= 0.0) {
    motor_infused_ml_ += m.motor_ml;
  } else {
    motor_withdrawn_ml_ -= m.motor_ml;
  }
}

// Smallest j >= 1 with sign * drive(n + sign*j) >= threshold (> when strict). The drive is
// monotonic in j (ripple < 50 %), so bisection between bounds that the ripple amplitude gives.
std::int64_t SyringeDrive::first_step_reaching(double threshold, bool strict) const {
  const int sigma = sign();
  auto reached = [&](std::int64_t j) {
    const double g = sigma * drive_mm(motor_steps_ + sigma * j);
    return strict ? g > threshold : g >= threshold;
  };
  if (reached(1)) return 1;
  const double g0 = sigma * drive_mm(motor_steps_);
  const double estimate = (threshold - g0 + 2.0 * ripple_mm_) / mean_step_mm_;
  std::int64_t hi = static_cast<std::int64_t>(std::ceil(std::max(estimate, 1.0))) + 2;
  std::int64_t lo = 1;
  while (!reached(hi)) {  // only if rounding defeated the bound
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (reached(mid)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

std::int64_t SyringeDrive::steps_to_event() const {
  if (!turning()) return 0;
  const int sigma = sign();
  const EventStepCache& c = event_step_;
  if (c.valid && c.sigma == sigma && c.sliding == sliding_ && (sliding_ || c.plunger_mm == plunger_mm_)) {
    const std::int64_t j = sigma * (c.motor_step - motor_steps_);
    if (j >= 1) return j;
  }
  std::int64_t j = 0;
  if (sliding_) {
    j = first_step_reaching(sigma * (travel_limit_mm(sigma) + contact_offset_mm(sigma)), true);
  } else {
    // Stuck: the nut must close the slack (if any is left on this side) and compress the stopper
    // by the stiction travel before the plunger moves.
    j = first_step_reaching(sigma * plunger_mm_ + stiction_mm_ + (sigma > 0 ? slack_mm_ : 0.0), false);
  }
  event_step_ = EventStepCache{sigma, sliding_, plunger_mm_, motor_steps_ + sigma * j, true};
  return j;
}

double SyringeDrive::time_to_step_s(std::int64_t j) const {
  return (static_cast<double>(j) - step_phase_) / step_rate_hz();
}

double SyringeDrive::take_event_step() {
  const int sigma = sign();
  const double before = plunger_mm_;
  motor_steps_ += sigma;
  step_phase_ = 0.0;
  double target = drive_mm(motor_steps_) - contact_offset_mm(sigma);
  const double limit = travel_limit_mm(sigma);
  if (sliding_ || sigma * target >= sigma * limit) {
    // End of travel: the plunger bottoms out (or tops out) and the pump stops itself.
    target = limit;
    plunger_mm_ = target;
    stop();
  } else {
    plunger_mm_ = target;  // breakaway: the stored travel is released at once
    sliding_ = true;
  }
  return (plunger_mm_ - before) * volume_per_mm_;
}

double SyringeDrive::back_off(double ml) {
  if (!(ml > 0.0) || running_) return 0.0;
  const auto n = static_cast<std::int64_t>(std::llround(ml / (volume_per_mm_ * mean_step_mm_)));
  if (n <= 0) return 0.0;
  const double before = plunger_mm_;
  motor_steps_ -= n;
  plunger_mm_ = std::max(min_plunger_mm_, std::min(plunger_mm_, drive_mm(motor_steps_) - slack_mm_));
  sliding_ = false;
  step_phase_ = 0.0;
  return (before - plunger_mm_) * volume_per_mm_;
}

}  // namespace pumprig::sim
