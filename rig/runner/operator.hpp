#pragma once
// The person at the bench. The runner asks; a terminal operator waits for the tester's answer,
// a simulated operator (hardware/sim) answers by itself and performs the asked-for action on the
// simulated world. Every prompt and answer goes into the record.
#include <functional>
#include <optional>
#include <string>

#include "rig/config/scenario.hpp"

namespace pumprig {

struct OperatorPrompt {
  std::string station;
  std::string text;    // what the tester reads
  // Machine-readable intent: "place_check_weight", "remove_check_weight", and for a manual pump
  // "set_rate", "start_pump", "stop_pump"; for occlusion and free-flow tests "set_occlusion_level",
  // "open_door", "close_door", "resume_after_fault"; "" for none.
  std::string action;
  double mass_g = 0;   // for check-weight actions
  double rate_ml_h = 0;  // for "set_rate" on a pump only the operator can program
  std::optional<OcclusionLevel> level{};  // for "set_occlusion_level": typed, so no level can be misread
  int id = 0;          // set by SharedOperator: the handle that answers and withdrawals refer to
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
  // Somebody else answered prompt `id` first (SharedOperator): stop waiting for it; `done` of
  // that prompt may still be called and is ignored. A simulated operator does nothing here: the
  // simulated person still performs the action they were asked for, as a person at a bench would.
  virtual void withdraw(int /*id*/, const std::string& /*answered_by*/) {}
};

}  // namespace pumprig
