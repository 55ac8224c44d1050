#pragma once
// A simulated Pump 11 Elite on the instrument end of a SimLink in virtual time, driving the ideal
// test mechanism, with a raw client on the host end (byte tests) or the driver (driver tests).
#include <memory>
#include <string>

#include "hardware/sim/harvard_sim.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/conformance/conformance_support.hpp"
#include "tests/ne1000/fake_mechanism.hpp"

namespace pumprig::test {

struct HarvardSimBench : VirtualBench {
  explicit HarvardSimBench(sim::SimHarvardOptions options = {}) {
    SerialSettings s;
    s.baud = 115200;
    pair = std::make_unique<SimLinkPair>(make_sim_link_pair(loop, s, "pump-1"));
    sim = std::make_unique<sim::SimHarvardPump>(*pair->instrument, loop, mech, options);
  }
  ~HarvardSimBench() { sim.reset(); }

  // Raw client: sends `request` as is and returns what came back within `wait`.
  std::string raw(const std::string& request, Nanos wait = milliseconds(200)) {
    received.clear();
    if (!listening) {
      pair->host->on_receive([this](std::span<const std::uint8_t> b) { received.append(b.begin(), b.end()); });
      listening = true;
    }
    pair->host->write(Bytes(request.begin(), request.end()));
    run_for(wait);
    return received;
  }

  std::unique_ptr<SimLinkPair> pair;
  FakeMechanism mech;
  std::unique_ptr<sim::SimHarvardPump> sim;
  std::string received;
  bool listening = false;
};

}  // namespace pumprig::test
