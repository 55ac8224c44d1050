#include "rig/config/fault_policy.hpp"

namespace pumprig {

std::string_view to_string(FaultPolicy p) {
  switch (p) {
    case FaultPolicy::abort: return "abort";
    case FaultPolicy::pause: return "pause";
    case FaultPolicy::continue_: return "continue";
  }
  return "abort";
}

const std::vector<std::string>& fault_policy_names() {
  static const std::vector<std::string> names{"abort", "pause", "continue"};
  return names;
}

std::optional<FaultPolicy> parse_fault_policy(std::string_view text) {
  if (text == "abort") return FaultPolicy::abort;
  if (text == "pause") return FaultPolicy::pause;
  if (text == "continue") return FaultPolicy::continue_;
  return std::nullopt;
}

}  // namespace pumprig
