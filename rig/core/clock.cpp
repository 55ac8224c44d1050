#include "rig/core/clock.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace pumprig {

SteadyClock::SteadyClock(double speed) : speed_(speed), start_(std::chrono::steady_clock::now()) {
  if (!(speed > 0.0) || !std::isfinite(speed)) throw std::invalid_argument("clock speed must be a positive number");
}

Nanos SteadyClock::now() const {
  const auto real = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  return speed_ == 1.0 ? real : static_cast<Nanos>(static_cast<double>(real) * speed_);
}

PacedClock::PacedClock(double speed) : speed_(speed), start_(std::chrono::steady_clock::now()) {
  if (!(speed > 0.0) || !std::isfinite(speed)) throw std::invalid_argument("clock speed must be a positive number");
}

bool PacedClock::set_speed(double speed) {
  if (!(speed > 0.0) || !std::isfinite(speed)) return false;
  // Rebase so that the clock's present moment maps to the present real time at the new pace.
  const auto elapsed_real = std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(now_) / speed));
  start_ = std::chrono::steady_clock::now() - elapsed_real;
  speed_ = speed;
  return true;
}

int PacedClock::poll_timeout_ms(Nanos deadline) const {
  if (deadline == std::numeric_limits<Nanos>::max()) return 0;
  const double due_real_ns = static_cast<double>(deadline) / speed_;
  const double real_ns = static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count());
  if (due_real_ns <= real_ns) return 0;
  return static_cast<int>(std::min(std::ceil((due_real_ns - real_ns) / 1e6), 60'000.0));
}

int SteadyClock::poll_timeout_ms(Nanos deadline) const {
  if (deadline == std::numeric_limits<Nanos>::max()) return -1;
  const Nanos wait = deadline - now();
  if (wait <= 0) return 0;
  const double real_ms = static_cast<double>(wait) / speed_ / 1e6;
  return static_cast<int>(std::min(std::ceil(real_ms), 60'000.0));
}

}  // namespace pumprig
