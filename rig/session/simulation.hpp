#pragma once
// What a simulated world offers a run session: the far ends of the in-process links, and an
// operator who can press the simulated pump's buttons. rig/ only knows this interface; the CLI
// and the GUI, the two places that know the simulated world (hardware/sim), provide the factory.
#include <cstdint>
#include <functional>
#include <memory>

#include "rig/bench/bench.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig {

class Simulation {
 public:
  virtual ~Simulation() = default;
  virtual SimulatedEndpoints& endpoints() = 0;
  // The operator of an unattended or all-simulated run: answers prompts and works manual pumps.
  virtual std::unique_ptr<Operator> make_operator(EventLoop& loop) = 0;
};

// Builds the simulation of a fixture's simulated instruments, seeded; throws ConfigError naming
// file:line:col for a bad simulation block.
using SimulationFactory = std::function<std::unique_ptr<Simulation>(const Fixture& fixture, std::uint64_t seed)>;

}  // namespace pumprig
