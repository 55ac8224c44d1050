#pragma once
// Answers operator prompts on a simulated bench (or with --unattended): after a human-like delay
// it confirms, and where the prompt asks for a physical action on a simulated station (place or
// remove the check weight; set, start or stop a manual pump) it performs it on that station's
// world. The record says who answered.
#include "hardware/sim/simulated_bench.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig::sim {

class SimulatedOperator final : public Operator {
 public:
  // `bench` may be null (an unattended real bench: nothing physical to do).
  SimulatedOperator(EventLoop& loop, SimulatedBench* bench, Nanos response_time = seconds(5));
  ~SimulatedOperator() override;
  void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) override;
  std::string describe() const override { return "simulated operator"; }
  bool simulated() const override { return true; }

 private:
  EventLoop& loop_;
  SimulatedBench* bench_;
  Nanos response_time_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pumprig::sim
