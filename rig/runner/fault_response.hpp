#pragma once
// The fault policy on its own: what a station does about one fault, decided from the fixture's
// policy and the station's state alone (pure, no clock, no devices), so every combination is
// tested without a station. The station carries the answer out (station_faults.cpp).
#include "rig/config/fault_policy.hpp"

namespace pumprig {

enum class FaultResponse {
  ignore,          // the station is finished or tearing down, or this outage was already reported
  abort,           // policy abort: tear down to the safe state and end the station
  carry_on,        // policy continue: record the deviation and go on
  record_only,     // policy pause, already paused: record the deviation; the pause in progress stands
  pause,           // policy pause: safe hold, ask the operator, repeat the interrupted step
  abort_too_often, // policy pause, but the station already paused kMaxPauses times
};

struct FaultFacts {
  FaultPolicy policy = FaultPolicy::abort;
  bool station_ending = false;     // done or tearing down
  bool repeat_of_outage = false;   // a lost instrument that is still lost (one fault per outage)
  bool paused = false;
  int pauses_so_far = 0;
};

// A fault that comes back every time the station resumes is not going away by itself.
inline constexpr int kMaxPauses = 3;

FaultResponse respond_to_fault(const FaultFacts& f);
// Whether the response records a deviation (the station's numbers can no longer be trusted).
bool records_deviation(FaultResponse r);

}  // namespace pumprig
