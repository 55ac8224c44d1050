#pragma once
// The person at the bench. The runner asks; a terminal operator waits for the tester's answer,
// a simulated operator (hardware/sim) answers by itself and performs the asked-for action on the
// simulated world. Every prompt and answer goes into the record.
#include <functional>
#include <string>

namespace pumprig {

struct OperatorPrompt {
  std::string station;
  std::string text;    // what the tester reads
  std::string action;  // machine-readable intent: "place_check_weight", "remove_check_weight", "" for none
  double mass_g = 0;   // for check-weight actions
  double rate_ml_h = 0;  // for "set_rate": the rate to set on the pump's front panel
};

struct OperatorAnswer {
  bool confirmed = false;  // false: the tester declined / aborted
  std::string reply;       // what was typed, if anything
  std::string answered_by; // "terminal", "simulated operator"
};

class Operator {
 public:
  virtual ~Operator() = default;
  virtual void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) = 0;
  virtual std::string describe() const = 0;
  virtual bool simulated() const = 0;
};

}  // namespace pumprig
