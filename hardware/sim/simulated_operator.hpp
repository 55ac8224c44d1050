#pragma once
// Answers operator prompts on a simulated bench (or with --unattended): after a human-like delay
// it confirms, and where the prompt asks for a physical action on a simulated station it performs
// it on that station's world: place or remove the check weight, and on the pump's front panel
// (a manual pump: clinical volumetric pumps take no remote control) set the rate, start, stop.
// The record says who answered.
#include <cstdint>

#include "hardware/sim/random.hpp"
#include "hardware/sim/simulated_bench.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig::sim {

struct SimulatedOperatorOptions {
  Nanos response_time = seconds(5);  // from the prompt to the answer and the action
  // Front-panel actions (set_rate, start_pump, stop_pump) only: the chance that the operator
  // confirms on time but presses the keys late_by later, and the chance that they confirm
  // without pressing anything (a missed start). Both 0 by default: nothing random is drawn.
  double late_probability = 0.0;
  Nanos late_by = seconds(30);
  double miss_probability = 0.0;
  std::uint64_t seed = 1;
};

class SimulatedOperator final : public Operator {
 public:
  // `bench` may be null (an unattended real bench: nothing physical to do).
  SimulatedOperator(EventLoop& loop, SimulatedBench* bench, Nanos response_time = seconds(5));
  SimulatedOperator(EventLoop& loop, SimulatedBench* bench, const SimulatedOperatorOptions& options);
  ~SimulatedOperator() override;
  void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) override;
  std::string describe() const override { return "simulated operator"; }
  bool simulated() const override { return true; }

  // Front-panel actions confirmed but performed late, or not at all, so far.
  int late_actions() const { return late_; }
  int missed_actions() const { return missed_; }

 private:
  StationWorld* world_for(const std::string& station) const;
  void front_panel(const OperatorPrompt& prompt);

  EventLoop& loop_;
  SimulatedBench* bench_;
  SimulatedOperatorOptions options_;
  Random rng_;
  int late_ = 0;
  int missed_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// True for the prompt actions that press keys on the pump's front panel.
bool is_front_panel_action(const std::string& action);

}  // namespace pumprig::sim
