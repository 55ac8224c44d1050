#pragma once
// The body of pumprig-sim (its main only parses options and turns SIGINT/SIGTERM into a byte on
// a pipe): serve a fixture's simulated instruments on pseudo-terminals in real time, scaled by
// `speed`, print where they are, write the fixture that reaches them, and run until told to stop.
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "hardware/sim/pty_bench.hpp"

namespace pumprig::sim {

struct PtySimOptions {
  std::optional<std::string> fixture_path;  // none: the embedded default bench (fixtures/sim-bench.yaml)
  double speed = 1.0;                       // the clock runs at speed x real time
  std::optional<std::string> out_fixture;   // none: /tmp/pumprig-sim-<pid>.yaml, removed on exit
  std::optional<std::uint64_t> seed;        // none: the fixture's seed, else 1
  int console_fd = -1;                      // operator console input (SimConsole), e.g. stdin; -1: none
};

struct PtySimReady {
  std::vector<ServedInstrument> instruments;
  std::string fixture_path;  // the fixture written for the controller
  double speed = 1.0;
};

// Prints to `out` one line per instrument ("balance-1 tty:/dev/pts/7?baud=9600&format=8N1"), then
// "fixture: <path>"; clients opening and closing the ptys, and the console's replies, go to `err`. Calls `on_ready`
// (on the calling thread) once everything is served, then runs until `stop_fd` is readable or
// closed. Returns 0, or 2 (a message on `err`) for a bad fixture or option, or when the ptys or
// the fixture file cannot be made.
int run_pty_sim(const PtySimOptions& options, std::ostream& out, std::ostream& err, int stop_fd,
                const std::function<void(const PtySimReady&)>& on_ready = {});

}  // namespace pumprig::sim
