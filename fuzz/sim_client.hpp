#pragma once
// A hostile client on the host end of an in-memory cable to a simulated instrument: the fuzz
// input is written in chunks of 1..13 bytes, 5 ms of virtual time apart (so bytes both queue
// behind each other and arrive in separate reads), then the loop runs on for `settle` so timers
// the input started (stability waits, safe-mode watchdogs, streams) fire. What the instrument
// sends back is kept for the target to check with the driver's own framer and parser.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "rig/core/clock.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/sim_link.hpp"

namespace pumprig::fuzz {

struct SimClient {
  explicit SimClient(SerialSettings settings = {})
      : loop(std::make_unique<VirtualClock>()), pair(make_sim_link_pair(loop, settings, "fuzz")) {
    pair.host->on_receive([this](std::span<const std::uint8_t> b) {
      if (received.size() < kKeep) received.append(b.begin(), b.end());
    });
  }

  void send(std::span<const std::uint8_t> bytes, Nanos settle) {
    feed_in_chunks(bytes, [&](std::span<const std::uint8_t> chunk) {
      pair.host->write(chunk);
      loop.run_until(loop.now() + milliseconds(5));
    });
    loop.run_until(loop.now() + settle);
  }

  static constexpr std::size_t kKeep = 1 << 16;
  EventLoop loop;
  SimLinkPair pair;
  std::string received;
};

}  // namespace pumprig::fuzz
