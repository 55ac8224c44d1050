#include "rig/runner/steps/steps.hpp"

namespace pumprig {

std::unique_ptr<StationStep> make_station_step(const Step& step) {
  switch (step.kind) {
    case StepKind::prompt: return steps::prompt(step);
    case StepKind::tare: return steps::tare(step);
    case StepKind::zero: return steps::zero(step);
    case StepKind::check_weight: return steps::check_weight(step);
    case StepKind::set_pump: return steps::set_pump(step);
    case StepKind::start_pump: return steps::start_pump(step);
    case StepKind::stop_pump: return steps::stop_pump(step);
    case StepKind::record: return steps::record(step);
    case StepKind::wait: return steps::wait(step);
    case StepKind::occlude: return steps::line(step, true);
    case StepKind::release: return steps::line(step, false);
    case StepKind::wait_until: return steps::wait_until(step);
    case StepKind::open_door: return steps::door(step, true);
    case StepKind::close_door: return steps::door(step, false);
    case StepKind::collect: return steps::collect(step);
  }
  return steps::prompt(step);
}

}  // namespace pumprig
