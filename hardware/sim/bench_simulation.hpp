#pragma once
// The simulated bench as a run session's Simulation: its in-process instruments and the
// simulated operator who works them. The CLI and the GUI hand `make_bench_simulation` to a
// RunSession; tests reach the worlds through bench().
#include <cstdint>
#include <memory>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/simulation.hpp"

namespace pumprig::sim {

class BenchSimulation final : public Simulation {
 public:
  BenchSimulation(const Fixture& fixture, std::uint64_t seed) : bench_(fixture, seed) {}
  SimulatedEndpoints& endpoints() override { return bench_; }
  std::unique_ptr<Operator> make_operator(EventLoop& loop) override;
  SimulatedBench& bench() { return bench_; }

 private:
  SimulatedBench bench_;
};

std::unique_ptr<Simulation> make_bench_simulation(const Fixture& fixture, std::uint64_t seed);

// The simulated bench behind a session's Simulation (null when the run has none).
SimulatedBench* simulated_bench_of(Simulation* simulation);

}  // namespace pumprig::sim
