#pragma once
// One prompt, several people who may answer it: the bench's own operator (the terminal, or the
// simulated operator) and every client of the control channel (the dashboard). Each prompt gets
// an id and is shown to all of them; the first answer wins, the others are told it was answered
// (and by whom) and are ignored. The record says who answered through OperatorAnswer::answered_by.
// Loop thread only: answers from other threads are posted to the loop by the session.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "rig/runner/operator.hpp"

namespace pumprig {

// Who besides the primary operator wants to see the prompts (the control channel).
class PromptListener {
 public:
  virtual ~PromptListener() = default;
  virtual void on_prompt(const OperatorPrompt& prompt) = 0;
  virtual void on_prompt_closed(int id, const OperatorAnswer& answer) = 0;
};

class SharedOperator final : public Operator {
 public:
  explicit SharedOperator(Operator& primary) : primary_(primary) {}
  void add_listener(PromptListener* listener) { listeners_.push_back(listener); }

  void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) override;
  std::string describe() const override { return primary_.describe(); }
  bool simulated() const override { return primary_.simulated(); }

  // An answer from elsewhere. False when `id` is not open (answered already, or never asked).
  bool answer(int id, OperatorAnswer answer);
  // The open prompts, oldest first (for a client that attaches while one is open).
  std::vector<OperatorPrompt> open_prompts() const;
  // The open prompt of `station` asking to resume after a pause, if any (0 when none).
  int open_resume_prompt(const std::string& station) const;

 private:
  struct Open {
    OperatorPrompt prompt;
    std::function<void(OperatorAnswer)> done;
  };
  void close(int id, OperatorAnswer answer, bool from_primary);

  Operator& primary_;
  std::vector<PromptListener*> listeners_;
  std::map<int, Open> open_;
  int next_id_ = 1;
};

}  // namespace pumprig
