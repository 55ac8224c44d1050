#pragma once
// The live progress of a run on the terminal: a header (simulated and wall time) and one line per
// station (step, progress, mass, flow, and the line pressure whenever the station reads one),
// each cut to the terminal's width (80 columns when it cannot be asked). On a terminal the lines
// are redrawn in place; on a pipe or file (also `2>&1`) they are plain lines every few seconds,
// written only after stdout is flushed, so they never splice into the middle of its lines.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "rig/session/run_snapshot.hpp"

namespace pumprig {

// The lines for one snapshot, each at most `width` columns (pure, for the tests).
std::vector<std::string> progress_lines(const RunSnapshot& snapshot, double wall_s, std::size_t width);

class ProgressLine {
 public:
  ProgressLine(std::FILE* out, bool quiet);
  // Called often (from a loop timer); draws only when enough wall time has passed.
  void update(const RunSnapshot& snapshot, bool force = false);
  void finish();

 private:
  std::FILE* out_;
  bool quiet_;
  bool tty_;
  std::size_t width_ = 80;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::size_t drawn_lines_ = 0;  // on a terminal: how many lines to go back up over
};

std::string format_hms(double seconds);

}  // namespace pumprig
