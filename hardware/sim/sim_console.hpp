#pragma once
// pumprig-sim's operator console: the hands of the person at the simulated bench. When a
// controller in another process asks its operator to place the check weight, nobody can put one
// on a pan that lives in pumprig-sim, so the tester types it here instead:
//   place [STATION] MASS    e.g. "place 50 g" (STATION may be left out on a one-station bench)
//   remove [STATION]        take everything placed off the pan again
//   show                    each station's vessel mass, pump rate and delivered volume
//   help
// One command per line; replies go to `out`.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "hardware/sim/pty_bench.hpp"
#include "rig/core/event_loop.hpp"

namespace pumprig::sim {

class SimConsole {
 public:
  // `input_fd` < 0: no console (commands only through execute()). End of input ends the console.
  SimConsole(EventLoop& loop, PtyBench& bench, std::ostream& out, int input_fd = -1);
  ~SimConsole();
  SimConsole(const SimConsole&) = delete;
  SimConsole& operator=(const SimConsole&) = delete;

  // Runs one command line at the loop's current time and returns the reply (no trailing newline).
  std::string execute(const std::string& line);

  // No command is longer; a longer line (a pasted file, a stuck key) is not kept: it is
  // discarded up to its newline, counted and answered with one message.
  static constexpr std::size_t kMaxLine = 1024;
  std::uint64_t discarded_chars() const { return discarded_chars_; }

 private:
  void on_input();
  // The station a command names, or the only one; nullopt with `error` set otherwise.
  std::optional<std::string> pick_station(const std::string& word, std::string& error) const;

  EventLoop& loop_;
  PtyBench& bench_;
  std::ostream& out_;
  int input_fd_;
  std::optional<WatchId> watch_;
  void on_line_bytes(const char* data, std::size_t n);

  std::string pending_;              // the current line, at most kMaxLine characters
  std::uint64_t overlong_chars_ = 0;  // of the current line beyond kMaxLine (0: not overlong)
  std::uint64_t discarded_chars_ = 0;
};

}  // namespace pumprig::sim
