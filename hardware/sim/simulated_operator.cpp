#include "hardware/sim/simulated_operator.hpp"

#include <stdexcept>

namespace pumprig::sim {

namespace {

// The scenario's level as the simulated pump's front panel offers it: one to one, no default.
OcclusionLevel front_panel_level(pumprig::OcclusionLevel level) {
  switch (level) {
    case pumprig::OcclusionLevel::low: return OcclusionLevel::low;
    case pumprig::OcclusionLevel::medium: return OcclusionLevel::medium;
    case pumprig::OcclusionLevel::high: return OcclusionLevel::high;
  }
  throw std::logic_error("occlusion level out of range");
}
SimulatedOperatorOptions with_response_time(Nanos response_time) {
  SimulatedOperatorOptions o;
  o.response_time = response_time;
  return o;
}
}  // namespace

bool is_front_panel_action(const std::string& action) {
  return action == "set_rate" || action == "start_pump" || action == "stop_pump";
}

SimulatedOperator::SimulatedOperator(EventLoop& loop, SimulatedBench* bench, Nanos response_time)
    : SimulatedOperator(loop, bench, with_response_time(response_time)) {}

SimulatedOperator::SimulatedOperator(EventLoop& loop, SimulatedBench* bench, const SimulatedOperatorOptions& options)
    : loop_(loop), bench_(bench), options_(options), rng_(options.seed) {}

SimulatedOperator::~SimulatedOperator() { *alive_ = false; }

StationWorld* SimulatedOperator::world_for(const std::string& station) const {
  if (!bench_) return nullptr;
  try {
    return bench_->world(station);
  } catch (const std::out_of_range&) {
    return nullptr;  // not a simulated station: nothing physical to do
  }
}

// Keys on the pump, pressed at the current time (the world checks nothing of who presses).
void SimulatedOperator::front_panel(const OperatorPrompt& prompt) {
  StationWorld* world = world_for(prompt.station);
  if (!world) return;
  const Nanos now = loop_.now();
  if (prompt.action == "set_rate") {
    // No rate in the prompt: nothing to key in (the runner fills OperatorPrompt::rate_ml_h).
    if (prompt.rate_ml_h > 0.0) world->front_panel_set_rate(now, prompt.rate_ml_h);
  } else if (prompt.action == "start_pump") {
    world->front_panel_start(now);
  } else if (prompt.action == "stop_pump") {
    world->front_panel_stop(now);
  }
}

void SimulatedOperator::ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) {
  std::weak_ptr<bool> alive = alive_;
  loop_.schedule_after(options_.response_time, [this, alive, prompt, done = std::move(done)] {
    if (alive.expired()) return;
    StationWorld* world = world_for(prompt.station);
    if (world && prompt.action == "place_check_weight") world->place_load(loop_.now(), prompt.mass_g);
    if (world && prompt.action == "remove_check_weight") world->remove_load(loop_.now());
    if (world && prompt.action == "set_occlusion_level" && prompt.level)
      world->front_panel_set_occlusion_level(loop_.now(), front_panel_level(*prompt.level));
    if (world && prompt.action == "open_door") world->front_panel_open_door(loop_.now());
    if (world && prompt.action == "close_door") world->front_panel_close_door(loop_.now());
    if (is_front_panel_action(prompt.action)) {
      // Draw only when asked to misbehave, so default runs keep their random streams.
      const bool miss = options_.miss_probability > 0.0 && rng_.uniform() < options_.miss_probability;
      const bool late = !miss && options_.late_probability > 0.0 && rng_.uniform() < options_.late_probability;
      if (miss) {
        ++missed_;
      } else if (late) {
        ++late_;
        loop_.schedule_after(options_.late_by, [this, alive, prompt] {
          if (!alive.expired()) front_panel(prompt);
        });
      } else {
        front_panel(prompt);
      }
    }
    done(OperatorAnswer{true, "", "simulated operator"});
  });
}

}  // namespace pumprig::sim
