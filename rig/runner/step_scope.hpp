#pragma once
// The scope of the step a station is in. Everything a step leaves waiting (a timer, a device's
// reply, an operator's answer, a flow watch) is bound to the step's scope and runs only while
// that step is current: finishing, failing, pausing or tearing down ends the scope and voids all
// of them at once, where each callback used to compare a generation counter by hand.
#include <cstdint>
#include <utility>

namespace pumprig {

class StepScope {
 public:
  // A token of the current step, for state that outlives a callback (an active wait, a collect).
  struct Token {
    std::uint64_t generation = 0;
  };

  // The current step ends (done, abandoned for a pause or a resume): what was bound to it is void.
  void end() { ++generation_; }
  // The teardown: no step is current any more, now or later.
  void close() {
    ++generation_;
    closed_ = true;
  }

  Token token() const { return Token{generation_}; }
  bool current(Token t) const { return t.generation == generation_ && !closed_; }

  // `f` bound to the current step: called with its arguments while that step is current, dropped
  // otherwise. The scope must outlive the callback's last call (it is a member of the station).
  template <class F>
  auto bind(F f) const {
    return [this, token = token(), f = std::move(f)](auto&&... args) {
      if (current(token)) f(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  std::uint64_t generation_ = 0;
  bool closed_ = false;
};

}  // namespace pumprig
