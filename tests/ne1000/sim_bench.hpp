#pragma once
// A simulated NE-1000 on a SimLink in virtual time, with the host end exposed as raw bytes.
#include <memory>
#include <string>

#include "hardware/sim/ne1000_sim.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/ne1000/fake_mechanism.hpp"

namespace pumprig::test {

inline SerialSettings ne1000_serial() {
  SerialSettings s;
  s.baud = 19200;
  return s;
}

struct SimBench {
  explicit SimBench(sim::SimNe1000Options options = {})
      : loop(std::make_unique<VirtualClock>()), link(make_sim_link_pair(loop, ne1000_serial(), "pump-1")) {
    pump = std::make_unique<sim::SimNe1000Pump>(*link.instrument, loop, mech, options);
  }
  ~SimBench() { pump.reset(); }

  // Takes over the host end of the link for raw byte tests.
  void listen() {
    link.host->on_receive([this](std::span<const std::uint8_t> b) {
      received.append(reinterpret_cast<const char*>(b.data()), b.size());
      last_rx = loop.now();
    });
  }
  // Writes `request` and returns what came back within `wait`.
  std::string ask(const std::string& request, Nanos wait = milliseconds(100)) {
    received.clear();
    link.host->write(request);
    loop.run_until(loop.now() + wait);
    return received;
  }
  void advance(Nanos dt) { loop.run_until(loop.now() + dt); }

  EventLoop loop;
  SimLinkPair link;
  FakeMechanism mech;
  std::unique_ptr<sim::SimNe1000Pump> pump;
  std::string received;
  Nanos last_rx = -1;
};

}  // namespace pumprig::test
