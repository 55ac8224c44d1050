#include "hardware/sim/bench_simulation.hpp"

#include "hardware/sim/simulated_operator.hpp"

namespace pumprig::sim {

std::unique_ptr<Operator> BenchSimulation::make_operator(EventLoop& loop) {
  return std::make_unique<SimulatedOperator>(loop, &bench_);
}

std::unique_ptr<Simulation> make_bench_simulation(const Fixture& fixture, std::uint64_t seed) {
  return std::make_unique<BenchSimulation>(fixture, seed);
}

SimulatedBench* simulated_bench_of(Simulation* simulation) {
  auto* s = dynamic_cast<BenchSimulation*>(simulation);
  return s ? &s->bench() : nullptr;
}

}  // namespace pumprig::sim
