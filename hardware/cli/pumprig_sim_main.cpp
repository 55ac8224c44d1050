// pumprig-sim: a fixture's simulated instruments, each on its own pseudo-terminal, in real time
// (scaled by --speed), until SIGINT or SIGTERM. The work is run_pty_sim (hardware/sim/pty_sim.*);
// this file parses options and turns the signals into a byte on a pipe the event loop watches.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "hardware/sim/pty_sim.hpp"
#include "rig/cli/whole_number_check.hpp"
#include "rig/session/exit_codes.hpp"

namespace {

int g_stop_write_fd = -1;

extern "C" void on_signal(int) {
  const char byte = 1;
  if (g_stop_write_fd >= 0) (void)!::write(g_stop_write_fd, &byte, 1);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pumprig-sim: serve a fixture's simulated instruments on pseudo-terminals, in real time"};
  app.set_version_flag("--version", std::string("pumprig-sim ") + PUMPRIG_VERSION);
  pumprig::sim::PtySimOptions options;
  app.add_option("--fixture", options.fixture_path, "Bench to simulate (YAML); default: the embedded simulated bench");
  app.add_option("--speed", options.speed, "Clock speed, a factor of real time (give `pumprig run` the same)")
      ->capture_default_str();
  app.add_option("--out-fixture", options.out_fixture,
                 "Where to write the fixture that reaches the instruments (default: a file in /tmp, removed on exit)");
  app.add_option("--seed", options.seed, "Seed of the simulated instruments (default: the fixture's seed, else 1)")
      ->check(pumprig::whole_number_check());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : pumprig::kExitUsage;
  }

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    std::perror("pumprig-sim: pipe");
    return pumprig::kExitUsage;
  }
  g_stop_write_fd = fds[1];
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  // Started in the background of an interactive shell, a read of the terminal would stop the
  // process (SIGTTIN); ignored, the read fails instead and the console simply ends.
  std::signal(SIGTTIN, SIG_IGN);
  options.console_fd = STDIN_FILENO;  // the operator console: place the check weight on the simulated pan
  const int rc = pumprig::sim::run_pty_sim(options, std::cout, std::cerr, fds[0]);
  g_stop_write_fd = -1;
  ::close(fds[0]);
  ::close(fds[1]);
  return rc;
}
