#include "rig/cli/progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace pumprig {

std::string format_hms(double seconds) {
  const auto total = static_cast<long long>(std::floor(seconds));
  return fmt::format("{:02}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
}

ProgressLine::ProgressLine(std::FILE* out, bool quiet)
    : out_(out), quiet_(quiet), tty_(::isatty(::fileno(out)) != 0), start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

std::string ProgressLine::render(const RunSnapshot& snapshot) const {
  const Nanos sim_now = snapshot.now;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line = fmt::format("sim {}  wall {:.1f} s", format_hms(to_seconds(sim_now)), wall);
  for (const auto& st : snapshot.stations) {
    const auto& live = st.live;
    line += fmt::format(" | {} [{}/{}] {}", st.id, live.step_index, live.step_count, live.step);
    if (live.step_duration_ns > 0 && live.step != "teardown") {
      const double done = static_cast<double>(sim_now - live.step_started_ns) / static_cast<double>(live.step_duration_ns);
      line += fmt::format(" {:.0f} %", 100.0 * std::clamp(done, 0.0, 1.0));
    }
    if (live.last_reading) line += fmt::format("  {:.4f} g", live.last_reading->mass_g);
    if (live.pump_running) line += fmt::format("  {:.3f} ml/h", live.flow_ml_h);
  }
  return line;
}

void ProgressLine::update(const RunSnapshot& snapshot, bool force) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto since = now - last_draw_;
  if (!force && since < (tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000))) return;
  last_draw_ = now;
  const std::string line = render(snapshot);
  if (tty_) {
    const std::size_t pad = last_width_ > line.size() ? last_width_ - line.size() : 0;
    fmt::print(out_, "\r{}{}", line, std::string(pad, ' '));
    last_width_ = line.size();
  } else {
    fmt::print(out_, "{}\n", line);
  }
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (!quiet_ && tty_ && last_width_ > 0) fmt::print(out_, "\n");
  last_width_ = 0;
}

}  // namespace pumprig
