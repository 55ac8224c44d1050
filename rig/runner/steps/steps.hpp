#pragma once
// The kinds of step (one family per file here); make_station_step picks one per StepKind.
#include <memory>

#include "rig/runner/station_step.hpp"

namespace pumprig::steps {

std::unique_ptr<StationStep> prompt(const Step& step);       // operator_steps.cpp
std::unique_ptr<StationStep> door(const Step& step, bool open);
std::unique_ptr<StationStep> tare(const Step& step);         // balance_steps.cpp
std::unique_ptr<StationStep> zero(const Step& step);
std::unique_ptr<StationStep> check_weight(const Step& step);
std::unique_ptr<StationStep> set_pump(const Step& step);     // pump_steps.cpp
std::unique_ptr<StationStep> start_pump(const Step& step);
std::unique_ptr<StationStep> stop_pump(const Step& step);
std::unique_ptr<StationStep> record(const Step& step);       // timed_steps.cpp
std::unique_ptr<StationStep> wait(const Step& step);
std::unique_ptr<StationStep> line(const Step& step, bool occlude);  // occlusion_steps.cpp
std::unique_ptr<StationStep> wait_until(const Step& step);
std::unique_ptr<StationStep> collect(const Step& step);

}  // namespace pumprig::steps
