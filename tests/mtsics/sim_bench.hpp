#pragma once
// The host end of a cable to a simulated MT-SICS balance, for the simulator's byte-level tests:
// raw bytes in, raw bytes (with arrival times) out, in virtual time.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hardware/sim/mtsics_sim.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

namespace pumprig::test {

struct SimBalanceBench {
  explicit SimBalanceBench(sim::SimMtsicsOptions options = {}, sim::SimBalanceIdentity identity = {}) {
    pair.host->on_receive([this](std::span<const std::uint8_t> b) {
      received.append(b.begin(), b.end());
      arrivals.push_back(loop.now());
    });
    balance = std::make_unique<sim::SimMtsicsBalance>(loop, *pair.instrument, physics, identity, options);
    physics.set(12.3456);
  }
  // Sends raw request bytes and returns every byte that came back within `wait`.
  std::string ask(const std::string& request, Nanos wait = seconds(1)) {
    received.clear();
    arrivals.clear();
    pair.host->write(request);
    loop.run_until(loop.now() + wait);
    return received;
  }
  Nanos bt() const { return byte_time(settings); }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SerialSettings settings{};
  SimLinkPair pair = make_sim_link_pair(loop, settings, "balance-1");
  FakeBalancePhysics physics;
  std::unique_ptr<sim::SimMtsicsBalance> balance;
  std::string received;
  std::vector<Nanos> arrivals;
};

inline std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace pumprig::test
