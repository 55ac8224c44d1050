#include "rig/cli/progress_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"

namespace pumprig {

std::string format_hms(double seconds) {
  const auto total = static_cast<long long>(std::floor(seconds));
  return fmt::format("{:02}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
}

namespace {

// Cut to `width` columns (UTF-8 aware: a step text may hold any character).
std::string fit(std::string line, std::size_t width) {
  if (utf8_length(line) <= width) return line;
  std::string out;
  std::size_t cols = 0;
  for (std::size_t i = 0; i < line.size() && cols + 1 < width;) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    out += line.substr(i, len);
    i += len;
    ++cols;
  }
  return out + "~";
}

}  // namespace

std::vector<std::string> progress_lines(const RunSnapshot& snapshot, double wall_s, std::size_t width) {
  std::vector<std::string> lines;
  lines.push_back(fit(fmt::format("sim {}  wall {:.1f} s", format_hms(to_seconds(snapshot.now)), wall_s), width));
  for (const auto& st : snapshot.stations) {
    const auto& live = st.live;
    // The numbers first, so a narrow terminal cuts the step's text, never a reading.
    std::string values;
    if (live.last_reading) values += fmt::format(" {:.4f} g", live.last_reading->mass_g);
    if (live.pump_running) values += fmt::format(" {:.3f} ml/h", live.flow_ml_h);
    if (live.pressure_mmhg) values += fmt::format(" {:.1f} mmHg", *live.pressure_mmhg);
    std::string step = fmt::format("{} [{}/{}] {}", st.id, live.step_index, live.step_count, live.step);
    if (st.paused) step += " (paused)";
    if (live.step_duration_ns > 0 && live.step != "teardown" && live.step_index > 0) {
      const double done = static_cast<double>(snapshot.now - live.step_started_ns) / static_cast<double>(live.step_duration_ns);
      step += fmt::format(" {:.0f}%", 100.0 * std::clamp(done, 0.0, 1.0));
    }
    const std::size_t room = width > utf8_length(values) + 3 ? width - utf8_length(values) - 2 : 1;
    lines.push_back(fit(fit(step, room) + " |" + values, width));
  }
  return lines;
}

ProgressLine::ProgressLine(std::FILE* out, bool quiet)
    : out_(out), quiet_(quiet), tty_(::isatty(::fileno(out)) != 0), start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  winsize ws{};
  if (tty_ && ::ioctl(::fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) width_ = ws.ws_col;
}

void ProgressLine::update(const RunSnapshot& snapshot, bool force) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto since = now - last_draw_;
  if (!force && since < (tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000))) return;
  last_draw_ = now;
  const double wall = std::chrono::duration<double>(now - start_).count();
  // Whatever the program has written to stdout goes first, whole: with 2>&1 both streams reach
  // the same file, and an unflushed stdout would otherwise be cut by these lines.
  std::cout.flush();
  std::fflush(stdout);
  const auto lines = progress_lines(snapshot, wall, tty_ ? width_ - 1 : width_);
  std::string text;
  if (tty_) {
    // Back to the first line drawn last time, then each line cleared and rewritten.
    if (drawn_lines_ > 1) text += fmt::format("\x1b[{}A", drawn_lines_ - 1);
    text += "\r";
    for (std::size_t i = 0; i < lines.size(); ++i) text += (i ? "\n\x1b[2K" : "\x1b[2K") + lines[i];
    drawn_lines_ = lines.size();
  } else {
    for (const auto& l : lines) text += l + "\n";
  }
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (!quiet_ && tty_ && drawn_lines_ > 0) std::fputs("\n", out_);
  drawn_lines_ = 0;
}

}  // namespace pumprig
