// Steps the operator does: answer a prompt, open or close the pump's door.
#include <fmt/format.h>

#include "rig/runner/steps/steps.hpp"

namespace pumprig::steps {

namespace {

class PromptStep final : public StationStep {
 public:
  explicit PromptStep(const Step& step) : step_(step) {}
  std::string describe() const override { return "operator prompt"; }
  void run(StepHost& host) override {
    host.ask_operator(OperatorPrompt{host.station_id(), step_.text, step_.action, 0.0}, [&host] { host.step_done(); });
  }

 private:
  const Step& step_;
};

// The door's times are the free-flow test's markers; the supervisor keeps the door's state for
// the teardown (a door left open is closed before the pump is released).
class DoorStep final : public StationStep {
 public:
  explicit DoorStep(bool open) : open_(open) {}
  std::string describe() const override { return open_ ? "open the pump door" : "close the pump door"; }
  void run(StepHost& host) override {
    const bool open = open_;
    OperatorPrompt prompt{host.station_id(),
                          open ? "Open the pump's door (leave the set in place, the bag at its height)" : "Close the pump's door",
                          open ? "open_door" : "close_door"};
    host.ask_operator(prompt, [&host, open] {
      nlohmann::json data = host.mark(open ? Marker::door_open : Marker::door_close);
      host.safety().door_confirmed(open);
      host.event(EventKind::door, fmt::format("door {} (t = {:.1f} s)", open ? "opened" : "closed", host.test_time_s()),
                 std::move(data));
      host.step_done();
    });
  }

 private:
  bool open_;
};

}  // namespace

std::unique_ptr<StationStep> prompt(const Step& step) { return std::make_unique<PromptStep>(step); }
std::unique_ptr<StationStep> door(const Step&, bool open) { return std::make_unique<DoorStep>(open); }

}  // namespace pumprig::steps
