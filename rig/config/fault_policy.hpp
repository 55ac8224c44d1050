#pragma once
// What a station does when one of its instruments is lost or its pump raises an alarm it was not
// told to expect. Other stations never follow: a fault on one station is that station's business.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

enum class FaultPolicy {
  abort,      // tear down to the safe state and end the station (the default)
  pause,      // tear down to the safe state, ask the operator, resume the interrupted step or abort
  continue_,  // record a deviation and carry on; the station's verdicts can no longer be a pass
};

std::string_view to_string(FaultPolicy p);  // "abort", "pause", "continue"
std::optional<FaultPolicy> parse_fault_policy(std::string_view text);
const std::vector<std::string>& fault_policy_names();

}  // namespace pumprig
