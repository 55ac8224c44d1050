#pragma once
// Helpers for the pseudo-terminal tests: the simulated instruments served on ptys by a loop on
// its own thread (as pumprig-sim would, in another process), and a plain-fd client.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/support/sim_bench_fixture.hpp"
#include "hardware/sim/pty_bench.hpp"
#include "rig/config/embedded_fixture.hpp"
#include "rig/config/fixture.hpp"
#include "rig/core/event_loop.hpp"

namespace pumprig::test {

inline Fixture default_fixture() {
  return load_fixture_text(one_station_sim_bench_text(), "sim-bench-station-1.yaml");
}

// Serves `fixture` on ptys from a loop on a worker thread. The bench is built on the calling
// thread; after stop() (which joins) it may be inspected again from the calling thread.
class PtyServerThread {
 public:
  explicit PtyServerThread(const Fixture& fixture, double speed = 1.0, std::uint64_t seed = 1)
      : loop_(std::make_unique<SteadyClock>(speed)), bench_(loop_, fixture, seed, speed) {
    if (::pipe2(stop_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    loop_.watch_fd(stop_[0], POLLIN, [this](short) { loop_.stop(); });
    thread_ = std::thread([this] { loop_.run(); });
  }
  ~PtyServerThread() {
    stop();
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  void stop() {
    if (!thread_.joinable()) return;
    const char byte = 1;
    (void)!::write(stop_[1], &byte, 1);
    thread_.join();
  }
  sim::PtyBench& bench() { return bench_; }
  const sim::ServedInstrument& instrument(const std::string& name) const {
    for (const auto& i : bench_.instruments())
      if (i.name == name) return i;
    throw std::out_of_range(name);
  }

 private:
  EventLoop loop_;
  sim::PtyBench bench_;
  int stop_[2] = {-1, -1};
  std::thread thread_;
};


}  // namespace pumprig::test
