#pragma once
// run.json's metadata as a run starts: software, provenance, fixture and scenario as run (their
// full text), seed, clock, operator and every station's instruments.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig {

struct RunConditions {
  double speed = 1.0;
  std::uint64_t seed = 1;
  bool simulated = false;
  bool virtual_time = false;
  // Deviations the operator accepted for this run (--accept-deviation), as sentences.
  std::vector<std::string> accepted_deviations;
};


nlohmann::json run_metadata(const Fixture& fixture, const Scenario& scenario, const RunConditions& conditions,
                            const Operator& op);

}  // namespace pumprig
