#pragma once
// The one-line live progress of a run: step, simulated and wall time, live mass and flow.
// Redrawn in place on a terminal; on a pipe or file, a plain line at most every few seconds.
#include <chrono>
#include <cstdio>
#include <string>

#include "rig/session/run_snapshot.hpp"

namespace pumprig {

class ProgressLine {
 public:
  ProgressLine(std::FILE* out, bool quiet);
  // Called often (from a loop timer); draws only when enough wall time has passed.
  void update(const RunSnapshot& snapshot, bool force = false);
  void finish();

 private:
  std::string render(const RunSnapshot& snapshot) const;
  std::FILE* out_;
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::size_t last_width_ = 0;
};

std::string format_hms(double seconds);

}  // namespace pumprig
