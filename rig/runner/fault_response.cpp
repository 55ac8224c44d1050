#include "rig/runner/fault_response.hpp"

namespace pumprig {

FaultResponse respond_to_fault(const FaultFacts& f) {
  if (f.station_ending || f.repeat_of_outage) return FaultResponse::ignore;
  switch (f.policy) {
    case FaultPolicy::abort: return FaultResponse::abort;
    case FaultPolicy::continue_: return FaultResponse::carry_on;
    case FaultPolicy::pause:
      if (f.paused) return FaultResponse::record_only;
      return f.pauses_so_far >= kMaxPauses ? FaultResponse::abort_too_often : FaultResponse::pause;
  }
  return FaultResponse::abort;
}

bool records_deviation(FaultResponse r) {
  return r == FaultResponse::carry_on || r == FaultResponse::record_only || r == FaultResponse::pause ||
         r == FaultResponse::abort_too_often;
}

}  // namespace pumprig
