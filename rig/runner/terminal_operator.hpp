#pragma once
// Prompts at the terminal and waits, through the event loop, for the tester to press Enter
// (or type "abort"). Only usable with a real-time clock: a virtual clock cannot wait on stdin.
#include <deque>
#include <optional>

#include "rig/core/event_loop.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig {

class TerminalOperator final : public Operator {
 public:
  TerminalOperator(EventLoop& loop, int input_fd = 0, int output_fd = 2);
  ~TerminalOperator() override;
  void ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) override;
  std::string describe() const override { return "tester at the terminal"; }
  bool simulated() const override { return false; }
  void withdraw(int id, const std::string& answered_by) override;

 private:
  struct Pending {
    OperatorPrompt prompt;
    std::function<void(OperatorAnswer)> done;
  };
  void show(const OperatorPrompt& p);
  void on_input();

  EventLoop& loop_;
  int in_fd_;
  int out_fd_;
  std::optional<WatchId> watch_;
  std::deque<Pending> pending_;
  std::string line_;
};

}  // namespace pumprig
