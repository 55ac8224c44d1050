#pragma once
// A run index entry as JSON, one shape for `history --json`, `baseline list --json` and
// `baseline show --json` (docs/schemas/).
#include <nlohmann/json.hpp>

#include "rig/index/run_index.hpp"

namespace pumprig {

nlohmann::json indexed_run_json(const IndexedRun& run, bool with_metrics);

}  // namespace pumprig
