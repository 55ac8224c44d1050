#pragma once
// The report's "Test conditions": what an auditor needs to repeat or judge the test, as run.json
// recorded it (`conditions`, and per station `test_set_up`, the balance's `metrology` and the
// transducers): the syringe as the fixture names it ("BD Plastipak 60 ml, 26.59 mm") and its lot,
// the administration set and lot, the fluid, the room (temperature, humidity, pressure), and the
// readability and calibration of balance and transducers. What is not stated says so, in amber.
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/document.hpp"

namespace pumprig::reports {

// Nothing for a record without conditions (an import, or a run recorded before they were kept).
std::vector<Block> conditions_blocks(const nlohmann::json& run_json);

}  // namespace pumprig::reports
