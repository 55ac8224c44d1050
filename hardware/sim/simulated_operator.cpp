#include "hardware/sim/simulated_operator.hpp"

namespace pumprig::sim {

SimulatedOperator::SimulatedOperator(EventLoop& loop, SimulatedBench* bench, Nanos response_time)
    : loop_(loop), bench_(bench), response_time_(response_time) {}

SimulatedOperator::~SimulatedOperator() { *alive_ = false; }

void SimulatedOperator::ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) {
  std::weak_ptr<bool> alive = alive_;
  loop_.schedule_after(response_time_, [this, alive, prompt, done = std::move(done)] {
    if (alive.expired()) return;
    StationWorld* world = nullptr;
    if (bench_) {
      try {
        world = bench_->world(prompt.station);
      } catch (const std::out_of_range&) {
        world = nullptr;  // not a simulated station: nothing physical to do
      }
    }
    if (world && prompt.action == "place_check_weight") world->place_load(loop_.now(), prompt.mass_g);
    if (world && prompt.action == "remove_check_weight") world->remove_load(loop_.now());
    // A manual pump on a simulated station is the world's own mechanism: the operator's hands
    // on its keys. Without this a "confirmed" start left the simulated pump standing still.
    if (world && prompt.action == "set_rate") world->set_rate_ml_h(loop_.now(), prompt.rate_ml_h);
    if (world && prompt.action == "start_pump") world->start(loop_.now());
    if (world && prompt.action == "stop_pump") world->stop(loop_.now());
    done(OperatorAnswer{true, "", "simulated operator"});
  });
}

}  // namespace pumprig::sim
